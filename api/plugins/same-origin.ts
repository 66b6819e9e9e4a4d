import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth.ts';
import { HttpProblem } from './problems.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SIGN_IN_ROUTES = new Set(['/api/auth/login', '/api/auth/logout']);
/** Half a year; no includeSubDomains: other hosts of the station's domain are not ours to decide. */
const HSTS = 'max-age=15552000';

/**
 * Where a browser says a request comes from: `true` ours, `false` another site, `null` it did not
 * say (not a browser, or one too old to send Sec-Fetch-Site and Origin). Sec-Fetch-Site is the
 * browser's own comparison and holds behind any proxy; Origin is compared with the address the
 * request came to (its Host, or X-Forwarded-Host/-Proto under TRUST_PROXY) and with PUBLIC_URL.
 */
const fromOurOrigin = (request: FastifyRequest, publicOrigin: string | null): boolean | null => {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  return origin === `${request.protocol}://${request.host}` || origin === publicOrigin;
};

/**
 * Cross-site request forgery and HTTPS: a change (POST, PUT, PATCH, DELETE) or a live-feed
 * handshake authenticated by the session cookie — which the browser attaches whoever made the page
 * — is taken only from the panel's own origin, and only when the browser says so. A request with a
 * Bearer token is not forgeable that way and is not checked. Signing in or out from another site is
 * refused too (login CSRF), but tools that send neither header may still sign in. Over HTTPS
 * (directly or, with TRUST_PROXY, through a proxy) every answer carries HSTS.
 */
export const registerSameOrigin = (app: FastifyInstance, publicUrl: string | null) => {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : null;
  const check = (request: FastifyRequest) => {
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const ours = fromOurOrigin(request, publicOrigin);
    const byCookie = Boolean(request.cookies[SESSION_COOKIE]);
    const signIn = SIGN_IN_ROUTES.has(request.routeOptions.url ?? '');
    if ((byCookie && ours !== true) || (signIn && ours === false)) {
      throw new HttpProblem(403, 'CROSS_ORIGIN', 'This change must come from the panel’s own pages');
    }
  };
  // Refused before the body is read; a handshake, before the upgrade.
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    const websocket = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (!SAFE_METHODS.has(request.method) || websocket) check(request);
  });
};
