import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditActor } from '../../core/compliance/audit-log.ts';
import type { Sessions } from '../auth/live-sessions.ts';
import type { Role, Session, SignedSession } from '../auth/tokens.ts';
import { HttpProblem } from './problems.ts';

export const SESSION_COOKIE = 'zero_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: SignedSession | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a token. */
    public?: boolean;
    /** Roles allowed on the route; any signed-in role when absent. */
    roles?: readonly Role[];
  }
}

export const tokenOf = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) return cookie;
  // Browsers cannot set headers on a WebSocket handshake.
  const query = request.query as Record<string, unknown> | undefined;
  return request.headers.upgrade === 'websocket' && typeof query?.token === 'string' ? query.token : null;
};

export const registerAuth = (app: FastifyInstance, tokens: Pick<Sessions, 'verify'>) => {
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // The matched route, not the raw URL: the router decodes /%61pi/… to /api/…, which must not skip this check.
    const path = request.routeOptions.url ?? request.url;
    if (config.public || !path.startsWith('/api/')) return;
    const token = tokenOf(request);
    const session = token ? await tokens.verify(token) : null;
    if (!session) throw new HttpProblem(401, 'UNAUTHORIZED', token ? 'The session token is invalid or expired' : 'Sign in first');
    if (config.roles && !config.roles.includes(session.role)) {
      throw new HttpProblem(403, 'FORBIDDEN', 'Your role does not allow this');
    }
    request.session = session;
  });
};

export const sessionOf = (request: FastifyRequest): SignedSession => {
  if (!request.session) throw new HttpProblem(401, 'UNAUTHORIZED', 'Sign in first');
  return request.session;
};

/** Managers and mechanics see only their branches; owners and compliance see all. */
export const assertBranch = (session: Session, branchId: string) => {
  if (session.branchIds !== null && !session.branchIds.includes(branchId)) {
    throw new HttpProblem(403, 'FORBIDDEN', 'This branch is not yours');
  }
};

/**
 * A mechanic changes only their own jobs and those nobody was given: another mechanic's car is not
 * theirs to re-price, start or finish (the desk reassigns it first).
 */
export const assertOwnJob = (session: Session, mechanicId: string | null) => {
  if (session.role === 'mechanic' && mechanicId !== null && mechanicId !== session.userId) {
    throw new HttpProblem(403, 'FORBIDDEN', 'This job is another mechanic’s');
  }
};

/** Who is acting, from where: the signed-in session and the client address Fastify sees. */
export const actorOf = (request: FastifyRequest): AuditActor => {
  const session = sessionOf(request);
  return { orgId: session.orgId, userId: session.userId, role: session.role, ip: request.ip ?? null };
};
