import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { SESSION_ENDED } from '../../api/routes/live.ts';
import { TEST_PASSWORD_COST } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = { on: (event: string, listener: (...args: any[]) => void) => unknown; close: () => void };
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, options?: object) => WsClient;

const server = serverForFile();

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (token: string) => server.api('GET', '/api/auth/me', undefined, bearer(token));
const logout = (token: string) => server.api('POST', '/api/auth/logout', undefined, bearer(token));

/** Opens the live feed with a token; resolves with the close code the server ends it with. */
const openFeed = (token: string) =>
  new Promise<{ closed: Promise<number> }>((resolve, reject) => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live?token=${token}`);
    const closed = new Promise<number>((done) => socket.on('close', (code: number) => done(code)));
    socket.on('error', reject);
    socket.on('message', () => resolve({ closed }));
  });

/** The close code within `ms`, or -1 when the socket is still open then. */
const closedWithin = (feed: { closed: Promise<number> }, ms: number) =>
  Promise.race([feed.closed, new Promise<number>((done) => setTimeout(() => done(-1), ms))]);

const securityActions = async () =>
  (
    await server.runtime.pool.query<{ action: string; details: Record<string, unknown> }>(
      'SELECT action, details FROM compliance_security_log ORDER BY seq',
    )
  ).rows;

describe('Sessions', () => {
  describe('when a person signs out', () => {
    it('refuses the token they signed out with at once, while their other session keeps working', async () => {
      const user = await server.addUser('manager');
      const second = await server.login(user.email, user.password);
      expect((await me(user.token)).status).toBe(200);
      expect((await logout(user.token)).status).toBe(200);
      expect((await me(user.token)).status).toBe(401);
      expect((await me(second)).status).toBe(200);
    });

    it('refuses the cookie they signed out with, not just clears it', async () => {
      const user = await server.addUser('manager');
      const cookie = `zero_session=${user.token}`;
      const out = await fetch(`${server.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie, origin: server.url },
      });
      expect(out.status).toBe(200);
      expect(out.headers.get('set-cookie')).toMatch(/zero_session=;/);
      // A copy of the cookie kept by someone else no longer opens anything.
      expect((await server.api('GET', '/api/auth/me', undefined, { authorization: '', cookie })).status).toBe(401);
    });

    it('closes that session’s open live feed with 4401 at once', async () => {
      const user = await server.addUser('manager');
      const feed = await openFeed(user.token);
      await logout(user.token);
      expect(await closedWithin(feed, 1500)).toBe(SESSION_ENDED);
    });

    it('records the sign-out in the security log', async () => {
      const user = await server.addUser('mechanic');
      await logout(user.token);
      expect((await securityActions()).filter((entry) => entry.action === 'logout').length).toBeGreaterThan(0);
    });
  });

  describe('when the owner ends a user’s sessions', () => {
    it('refuses every token of that user at once and closes their feeds; a new sign-in works', async () => {
      const user = await server.addUser('manager');
      const second = await server.login(user.email, user.password);
      const feed = await openFeed(second);
      const answer = await server.api('POST', `/api/users/${user.id}/sessions/revoke`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(204);
      expect((await me(user.token)).status).toBe(401);
      expect((await me(second)).status).toBe(401);
      expect(await closedWithin(feed, 1500)).toBe(SESSION_ENDED);
      const fresh = await server.login(user.email, user.password);
      expect((await me(fresh)).status).toBe(200);
      expect(await securityActions()).toContainEqual(
        expect.objectContaining({ action: 'sessions-revoked', details: { userId: user.id } }),
      );
    });

    it('is the owner’s alone', async () => {
      const manager = await server.addUser('manager');
      const target = await server.addUser('mechanic');
      const answer = await server.api('POST', `/api/users/${target.id}/sessions/revoke`, undefined, bearer(manager.token));
      expect(answer.status).toBe(403);
      expect((await me(target.token)).status).toBe(200);
    });

    it('answers 404 for a user who is not in the organization', async () => {
      const answer = await server.api('POST', '/api/users/00000000-0000-4000-8000-000000000001/sessions/revoke');
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('NOT_FOUND');
    });
  });

  describe('when two API processes share the database', () => {
    let other: Runtime;
    let otherUrl: string;
    beforeAll(async () => {
      other = await createRuntime({ databaseUrl: server.databaseUrl, logLevel: 'silent', passwordCost: TEST_PASSWORD_COST });
      otherUrl = await other.app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterAll(async () => {
      await other?.close();
    });

    const meThere = async (token: string) => (await fetch(`${otherUrl}/api/auth/me`, { headers: bearer(token) })).status;

    it('refuses a token signed out on one process on the other within the user cache’s life', async () => {
      const user = await server.addUser('manager');
      expect(await meThere(user.token)).toBe(200);
      await logout(user.token);
      await expect.poll(() => meThere(user.token), { timeout: 4000, interval: 200 }).toBe(401);
    });

    it('refuses tokens whose sessions the owner ended on one process on the other', async () => {
      const user = await server.addUser('mechanic');
      expect(await meThere(user.token)).toBe(200);
      await server.api('POST', `/api/users/${user.id}/sessions/revoke`);
      await expect.poll(() => meThere(user.token), { timeout: 4000, interval: 200 }).toBe(401);
    });
  });
});
