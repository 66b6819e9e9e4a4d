import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role, Session } from '../auth/tokens.ts';
import { LANG_COOKIE, PANEL_RENDER, type PanelRender } from '../../contract/panel-render.ts';
import type { AppDeps } from '../deps.ts';
import { SESSION_COOKIE } from './auth.ts';

/** Where `npm run build:web` puts the panel's browser code (Qwik City's client build). */
export const PANEL_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** …and its server render, which this process runs per page request. */
export const PANEL_SERVER = fileURLToPath(new URL('../../web/server/entry.panel.js', import.meta.url));

/** Where each role lands after signing in; roles without a panel section stay on the start page. */
const HOME: Partial<Record<Role, string>> = {
  owner: '/board',
  manager: '/board',
  mechanic: '/today',
  compliance: '/compliance',
};

/**
 * What a panel page may load: its own scripts and the inline ones its render marked with this
 * request's nonce (Qwik's loader and serialized functions), inline styles (Qwik's scoped styles and
 * FullCalendar's), its own API and live feed, nothing from elsewhere, never inside a frame.
 */
export const panelCsp = (nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
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
 * What Qwik City's router writes for one page (status, headers, the HTML), kept so that Fastify
 * sends it as any other answer: its security headers, its log line, compressed when asked.
 */
class RenderedPage extends Writable {
  statusCode = 200;
  readonly headers = new Map<string, string | number | readonly string[]>();
  readonly chunks: Buffer[] = [];

  setHeader(name: string, value: string | number | readonly string[]) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    done();
  }
}

/** The panel's server render as built (web/src/entry.panel.tsx). */
type PanelServer = {
  router: (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => Promise<void>;
  pages: string[];
};

/**
 * The manager panel on the API's own port. Pages other than /login and the public /book need a
 * valid session before a byte of them is rendered: without one the browser is redirected to /login.
 * Each page is rendered per request by Qwik City's router, which reads its first data from this
 * API in-process as the signed-in person (`app.inject` with the request's cookie: the same routes,
 * role checks and answers the browser would get). Rendered pages hold personal data: never cached.
 * Hashed bundles under /build are cached for a year; gzip/brotli twins made at build time are sent
 * to browsers that accept them. Files are routed as found at start: restart after rebuilding.
 */
export const panelRoutes = async (
  app: FastifyInstance,
  { tokens }: Pick<AppDeps, 'tokens'>,
  dir = PANEL_DIR,
  serverEntry = PANEL_SERVER,
) => {
  const withoutPanel = (why: string) => {
    app.log.warn(`${why}: run \`npm run build:web\` (with the dev dependencies installed). The API works without it.`);
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Zero-CRM API is running. The panel is not built: run `npm run build:web`.'),
    );
  };
  if (!existsSync(path.join(dir, 'q-manifest.json')) || !existsSync(serverEntry))
    return withoutPanel(`The panel is not built (${dir} is missing)`);
  let panel: PanelServer;
  try {
    panel = (await import(pathToFileURL(serverEntry).href)) as PanelServer;
  } catch (error) {
    // A build whose packages are gone (an install without dev dependencies) must not stop the API.
    return withoutPanel(`The panel's server render cannot be loaded (${error instanceof Error ? error.message : String(error)})`);
  }

  const sessionOf = async (request: FastifyRequest): Promise<Session | null> => {
    const token = request.cookies[SESSION_COOKIE];
    return token ? tokens.verify(token) : null;
  };

  /** A GET of the API as the page's requester, in-process; null unless it answers 200. */
  const readAs = (request: FastifyRequest) => async (apiPath: string) => {
    if (!apiPath.startsWith('/api/')) return null;
    const answer = await app.inject({
      method: 'GET',
      url: apiPath,
      headers: { cookie: request.headers.cookie ?? '', accept: 'application/json' },
      remoteAddress: request.ip,
    });
    return answer.statusCode === 200 ? answer.json<unknown>() : null;
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, csp: (nonce: string) => string) => {
    const nonce = randomBytes(18).toString('base64');
    const chosen = request.cookies[LANG_COOKIE];
    const context: PanelRender = { nonce, lang: chosen === 'en' ? 'en' : 'ru', read: readAs(request) };
    (request.raw as IncomingMessage & { [PANEL_RENDER]?: PanelRender })[PANEL_RENDER] = context;
    const page = new RenderedPage();
    const failure = await new Promise<unknown>((resolve) => {
      void panel
        .router(request.raw, page as unknown as ServerResponse, (error) => resolve(error ?? 'unhandled'))
        .then(() => resolve(null), resolve);
    });
    if (failure !== null || !page.writableEnded) {
      if (failure !== 'unhandled') request.log.error({ err: failure }, 'panel page failed to render');
      return reply
        .code(failure === 'unhandled' ? 404 : 500)
        .type('text/plain; charset=utf-8')
        .send(failure === 'unhandled' ? 'Not Found' : 'The page could not be shown.');
    }
    for (const [name, value] of page.headers) void reply.header(name, value);
    void reply.code(page.statusCode).header('content-security-policy', csp(nonce)).header('cache-control', 'no-store');
    const body = Buffer.concat(page.chunks);
    // A day of cards is ~175 KB of HTML: compressed for the browsers that ask, as the static files are.
    const accepted = String(request.headers['accept-encoding'] ?? '');
    void reply.header('vary', 'accept-encoding');
    if (/\bbr\b/.test(accepted)) {
      return reply
        .header('content-encoding', 'br')
        .send(brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }));
    }
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(gzipSync(body, { level: 6 }));
    return reply.send(body);
  };

  const sendPage = (request: FastifyRequest, reply: FastifyReply) =>
    render(
      request,
      reply
        .header('x-content-type-options', 'nosniff')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'same-origin'),
      panelCsp,
    );

  // The public booking page may be framed by the station's own site (the embed snippet); nothing else may.
  const sendBookingPage = (request: FastifyRequest, reply: FastifyReply) =>
    render(
      request,
      reply
        .removeHeader('x-frame-options')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'strict-origin-when-cross-origin'),
      (nonce) => panelCsp(nonce).replace("frame-ancestors 'none'", 'frame-ancestors *'),
    );

  const toLogin = (request: FastifyRequest, reply: FastifyReply) => {
    const next = request.url === '/' ? '' : `?next=${encodeURIComponent(request.url)}`;
    return reply.header('cache-control', 'no-store').redirect(`/login${next}`, 302);
  };

  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per built file, no catch-all: unknown paths (and /api/… ones) keep their usual answers.
    wildcard: false,
    // The build's manifests and stamp are not for browsers; compressed twins are found by
    // `preCompressed`, not requested by name.
    globIgnore: ['**/*.html', '**/q-data.json', '**/q-manifest.json', '**/.build-stamp', '**/*.gz', '**/*.br'],
    index: false,
    redirect: false,
    preCompressed: true,
    setHeaders: (reply, filePath) => {
      if (/[/\\](build|assets)[/\\]/.test(filePath)) void reply.header('cache-control', 'public, max-age=31536000, immutable');
      else void reply.header('cache-control', 'public, max-age=600');
    },
  });

  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const session = await sessionOf(request);
    if (!session) return toLogin(request, reply);
    const home = HOME[session.role];
    return home ? reply.header('cache-control', 'no-store').redirect(home, 302) : sendPage(request, reply);
  });

  for (const page of panel.pages.filter((path) => path !== '/').map((path) => path.slice(1))) {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const session = await sessionOf(request);
      if (page === 'login') {
        return session ? reply.header('cache-control', 'no-store').redirect('/', 302) : sendPage(request, reply);
      }
      // Accepting a staff invitation: the person has no account yet; the code in the link is their credential.
      if (page === 'login/invite') return sendPage(request, reply);
      // Clients book here without an account.
      if (page === 'book') return sendBookingPage(request, reply);
      if (!session) return toLogin(request, reply);
      return sendPage(request, reply);
    };
    app.get(`/${page}`, { schema: { hide: true } }, handler);
    app.get(`/${page}/`, { schema: { hide: true } }, handler);
  }
};
