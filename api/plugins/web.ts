import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, Session } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { SESSION_COOKIE } from './auth.ts';

/** Where `npm run build:web` puts the panel (Qwik City, static adapter). */
export const PANEL_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Where each role lands after signing in; roles without a panel section stay on the start page. */
const HOME: Partial<Record<Role, string>> = {
  owner: '/board',
  manager: '/board',
  mechanic: '/today',
  compliance: '/compliance',
};

const EXECUTABLE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript']);

/**
 * The SHA-256 sources of every inline script the built pages run (Qwik's loader kick-off and its
 * serialized functions), for a CSP without 'unsafe-inline' scripts. Qwik's state (`qwik/json`) is
 * data, not run, and needs none. Every page's hashes go into one policy: Qwik City navigates
 * between pages inside one document.
 */
export const inlineScriptHashes = (dir: string): string[] => {
  const hashes = new Set<string>();
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'build' && entry.name !== 'assets') visit(file);
      else if (entry.name.endsWith('.html')) {
        for (const [, attributes = '', body = ''] of readFileSync(file, 'utf8').matchAll(
          /<script\b([^>]*)>([\s\S]*?)<\/script>/g,
        )) {
          const type = /\btype="([^"]*)"/.exec(attributes)?.[1] ?? '';
          if (/\bsrc=/.test(attributes) || !EXECUTABLE_TYPES.has(type) || body === '') continue;
          hashes.add(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
        }
      }
    }
  };
  visit(dir);
  return [...hashes].sort();
};

/**
 * What a panel page may load: its own scripts and the inline ones it was built with (by hash),
 * inline styles (Qwik's scoped styles and FullCalendar's), its own API and live feed, nothing from
 * elsewhere, never inside a frame.
 */
export const panelCsp = (scriptHashes: readonly string[]) =>
  [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`.trim(),
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * The manager panel on the API's own port: every page of web/dist is a static shell that loads its
 * data from /api with the session cookie. Pages other than /login and the public /book need a valid session before a byte
 * of them is sent: without one the browser is redirected to /login (the shells hold no data anyway).
 * Hashed bundles under /build are cached for a year; gzip/brotli twins made at build time are sent
 * to browsers that accept them. Files are routed as found at start: restart after rebuilding.
 */
export const panelRoutes = async (app: FastifyInstance, { tokens }: Pick<AppDeps, 'tokens'>, dir = PANEL_DIR) => {
  if (!existsSync(path.join(dir, 'index.html'))) {
    app.log.warn(`The panel is not built (${dir} is missing): run \`npm run build:web\`. The API works without it.`);
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Zero-CRM API is running. The panel is not built: run `npm run build:web`.'),
    );
    return;
  }

  /** Built pages below a folder, one level of sub-pages deep (/import/appointments). */
  const pagesIn = (folder: string, depth: number): string[] =>
    readdirSync(path.join(dir, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'build' && entry.name !== 'assets')
      .flatMap((entry) => {
        const page = folder ? `${folder}/${entry.name}` : entry.name;
        const own = existsSync(path.join(dir, page, 'index.html')) ? [page] : [];
        return depth > 0 ? [...own, ...pagesIn(page, depth - 1)] : own;
      });
  const pages = pagesIn('', 1);

  const sessionOf = async (request: FastifyRequest): Promise<Session | null> => {
    const token = request.cookies[SESSION_COOKIE];
    return token ? tokens.verify(token) : null;
  };

  const csp = panelCsp(inlineScriptHashes(dir));
  const sendPage = (reply: FastifyReply, file: string) =>
    reply
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .sendFile(file);

  // The public booking page may be framed by the station's own site (the embed snippet); nothing else may.
  const bookCsp = csp.replace("frame-ancestors 'none'", 'frame-ancestors *');
  const sendBookingPage = (reply: FastifyReply) =>
    reply
      .removeHeader('x-frame-options')
      .header('content-security-policy', bookCsp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .sendFile('book/index.html');

  const toLogin = (request: FastifyRequest, reply: FastifyReply) => {
    const next = request.url === '/' ? '' : `?next=${encodeURIComponent(request.url)}`;
    return reply.header('cache-control', 'no-store').redirect(`/login${next}`, 302);
  };

  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per built file, no catch-all: unknown paths (and /api/… ones) keep their usual answers.
    wildcard: false,
    // Pages go through the session check below (reply.sendFile), never straight from disk by URL;
    // compressed twins are found by `preCompressed`, not requested by name.
    globIgnore: ['**/*.html', '**/q-data.json', '**/.build-stamp', '**/*.gz', '**/*.br'],
    index: false,
    redirect: false,
    preCompressed: true,
    setHeaders: (reply, filePath) => {
      // With preCompressed the path may be the .br or .gz twin.
      if (/\.html(\.br|\.gz)?$/.test(filePath)) void reply.header('cache-control', 'no-cache');
      else if (/[/\\](build|assets)[/\\]/.test(filePath))
        void reply.header('cache-control', 'public, max-age=31536000, immutable');
      else void reply.header('cache-control', 'public, max-age=600');
    },
  });

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const session = await sessionOf(request);
    if (!session) return toLogin(request, reply);
    const home = HOME[session.role];
    return home ? reply.header('cache-control', 'no-store').redirect(home, 302) : sendPage(reply, 'index.html');
  });

  for (const page of pages) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const session = await sessionOf(request);
      if (page === 'login') {
        return session ? reply.header('cache-control', 'no-store').redirect('/', 302) : sendPage(reply, 'login/index.html');
      }
      // Accepting a staff invitation: the person has no account yet; the code in the link is their credential.
      if (page === 'login/invite') return sendPage(reply, 'login/invite/index.html');
      // Clients book here without an account.
      if (page === 'book') return sendBookingPage(reply);
      if (!session) return toLogin(request, reply);
      return sendPage(reply, `${page}/index.html`);
    };
    app.get(`/${page}`, { schema: { hide: true } }, handler);
    app.get(`/${page}/`, { schema: { hide: true } }, handler);
  }
};
