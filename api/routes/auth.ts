import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../contract/shared.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { changePasswordBody, loggedIn, loggedOut, loginBody, me } from '../../contract/users.ts';
import { createLoginThrottle } from '../../core/staff/login-throttle.ts';
import { createPasswordChanges } from '../../core/staff/password-change.ts';
import { createWorkingTime } from '../../core/staff/working-time.ts';
import { sessionOfUser } from '../auth/live-sessions.ts';
import { SESSION_HOURS, type Role } from '../auth/tokens.ts';
import { INSTALLATION } from '../../core/compliance/audit-log.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpProblem } from '../plugins/problems.ts';
import { Refusal } from '../../core/shared/refusal.ts';
import { actorOf, SESSION_COOKIE, sessionOf, tokenOf } from '../plugins/auth.ts';

/** Wrong sign-ins one address may make in a window before it is refused (a station behind one NAT included). */
export const ADDRESS_FAILURES = 20;
const ADDRESS_WINDOW_MS = 15 * 60_000;

export const authRoutes = async (app: ContractApp, { pool, tokens, audit, passwords, catalog, now }: AppDeps) => {
  const throttle = createLoginThrottle(pool);
  const passwordChanges = createPasswordChanges({ pool, passwords, throttle });
  // Signing in and out start and end a stretch of working time (core/staff/working-time.ts).
  const workingTime = createWorkingTime({ pool, catalog, now });
  // Failed sign-ins per address, counted in PostgreSQL by @fastify/rate-limit for every API process.
  const addressFailures = app.createRateLimit({
    max: ADDRESS_FAILURES,
    timeWindow: ADDRESS_WINDOW_MS,
    keyGenerator: (request) => `login-address:${request.ip}`,
  });
  /** `by`: the account's own lock, or the address's allowance (a whole station may sign in from one). */
  const tooMany = (reply: FastifyReply, retryAfterSeconds: number, by: 'account' | 'address') => {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    void reply.header('retry-after', String(seconds));
    return new HttpProblem(429, 'TOO_MANY_ATTEMPTS', 'Too many wrong sign-ins: wait and try again', {
      by,
      retryAfterSeconds: seconds,
    });
  };
  const setSessionCookie = (request: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: request.protocol === 'https',
      maxAge: SESSION_HOURS * 3600,
    });

  app.post(
    '/api/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], body: loginBody, response: { 200: loggedIn, ...errors } } },
    async (request, reply) => {
      const { email, password } = request.body;
      const anonymous = { orgId: INSTALLATION, userId: null, role: null, ip: request.ip };
      const address = await addressFailures(request, { increment: false });
      if (!address.isAllowed && address.remaining <= 0) throw tooMany(reply, address.ttlInSeconds, 'address');
      const attempt = await throttle.begin(email);
      if (!attempt.allowed) {
        if (attempt.firstRefusal) await audit.security(anonymous, 'login-throttled', { by: 'account' });
        throw tooMany(reply, attempt.retryAfterSeconds, 'account');
      }
      const { rows } = await pool.query<{
        id: string;
        org_id: string;
        password_hash: string;
        role: Role;
        branch_ids: string[];
        session_epoch: number;
      }>('SELECT id, org_id, password_hash, role, branch_ids, session_epoch FROM users WHERE email = $1 AND active', [
        email.trim().toLowerCase(),
      ]);
      const user = rows[0];
      const valid = await passwords.verify(password, user?.password_hash ?? passwords.dummyHash);
      // The security log keeps who and from where, never the e-mail typed or the password.
      const actor = { orgId: user?.org_id ?? INSTALLATION, userId: user?.id ?? null, role: user?.role ?? null, ip: request.ip };
      if (!user || !valid) {
        await audit.security(actor, 'login-failed', { reason: user ? 'wrong-password' : 'unknown-email' });
        const counted = await addressFailures(request);
        // Once per window: the failure that uses up the address's allowance.
        if (!counted.isAllowed && counted.remaining === 0 && !counted.isExceeded) {
          await audit.security(anonymous, 'login-throttled', { by: 'address' });
        }
        throw new HttpProblem(401, 'BAD_CREDENTIALS', 'Wrong e-mail or password');
      }
      await throttle.succeeded(email);
      await audit.security(actor, 'login');
      if (user.role !== 'compliance') await workingTime.mark(user.org_id, user.id, 'signin');
      // Hashes made at a lower cost are brought to today's while the password is at hand.
      if (passwords.needsRehash(user.password_hash)) {
        await pool.query('UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3', [
          user.id,
          await passwords.hash(password),
          user.password_hash,
        ]);
      }
      const token = await tokens.issue(sessionOfUser(user), user.session_epoch);
      void setSessionCookie(request, reply, token);
      return { token, role: user.role };
    },
  );

  // Public so that a browser whose session already ended can still clear its cookie; a session
  // that still holds is revoked, so a copy of its token (or cookie) stops working everywhere.
  app.post(
    '/api/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], response: { 200: loggedOut } } },
    async (request, reply) => {
      const token = tokenOf(request);
      const session = token ? await tokens.verify(token) : null;
      if (session) {
        await tokens.revoke(session);
        await audit.security({ orgId: session.orgId, userId: session.userId, role: session.role, ip: request.ip }, 'logout');
        if (session.role !== 'compliance') await workingTime.mark(session.orgId, session.userId, 'signout');
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  // Every other session of the person ends with the old password; this one goes on under a new token.
  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        description: 'Changes the signed-in person’s password; their other sessions end, this one gets a new token',
        body: changePasswordBody,
        response: { 200: loggedIn, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const changed = await passwordChanges.changeOwn(session.orgId, session.userId, request.body);
      // A stolen session guessing the password is logged as a sign-in guessing it would be.
      if (changed.outcome === 'locked') {
        if (changed.firstRefusal) await audit.security(actorOf(request), 'login-throttled', { by: 'account' });
        throw tooMany(reply, changed.retryAfterSeconds, 'account');
      }
      if (changed.outcome === 'wrong-current') {
        await audit.security(actorOf(request), 'login-failed', { reason: 'wrong-current-password' });
        throw new Refusal('invalid', 'WRONG_PASSWORD', 'The current password is wrong', { field: 'currentPassword' });
      }
      tokens.userChanged(session.userId);
      await audit.security(actorOf(request), 'password-changed');
      const token = await tokens.issue(session, changed.epoch);
      void setSessionCookie(request, reply, token);
      return { token, role: session.role };
    },
  );

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: me, ...errors } } }, async (request) => {
    const session = sessionOf(request);
    const { rows } = await pool.query<{ id: string; email: string; name: string; role: Role }>(
      'SELECT id, email, name, role FROM users WHERE id = $1',
      [session.userId],
    );
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'User not found');
    return { ...rows[0], orgId: session.orgId, branchIds: session.branchIds };
  });
};
