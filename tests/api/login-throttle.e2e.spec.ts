import { describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { TEST_PASSWORD_COST } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const attempt = async (email: string, password: string, base = server.url) => {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
};

const throttledEntries = async () =>
  (
    await server.runtime.pool.query<{ details: { by: string } }>(
      `SELECT details FROM compliance_security_log WHERE action = 'login-throttled' ORDER BY seq`,
    )
  ).rows.map((row) => row.details.by);

/** Runs `count` tries, `parallel` at a time; their statuses in order. */
const tries = async (count: number, parallel: number, run: (i: number) => Promise<{ status: number }>) => {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, (_, j) => run(i + j)));
    statuses.push(...batch.map((answer) => answer.status));
  }
  return statuses;
};

describe('Sign-in throttling', () => {
  describe('when one account gets wrong passwords', () => {
    it('locks the account after five, answers 429 with Retry-After even to the right password, and logs it once', async () => {
      const user = await server.addUser('manager');
      const statuses = await tries(8, 1, () => attempt(user.email, 'not-the-password!'));
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      const right = await attempt(user.email, user.password);
      expect(right.status).toBe(429);
      // The account's own lock, and how long it holds, for the panel to say so.
      expect(right.body).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS', by: 'account' });
      expect(Number(right.retryAfter)).toBeGreaterThan(0);
      expect(right.body.retryAfterSeconds).toBe(Number(right.retryAfter));
      expect(right.body.token).toBeUndefined();
      expect(await throttledEntries()).toEqual(['account']);
    });

    it('lets the right password in once the lock is over, and starts counting afresh', async () => {
      const user = await server.addUser('mechanic');
      await tries(6, 1, () => attempt(user.email, 'not-the-password!'));
      expect((await attempt(user.email, user.password)).status).toBe(429);
      // The lock's end, brought forward instead of waiting for it.
      await server.runtime.pool.query(`UPDATE login_throttle SET locked_until = now() - interval '1 second'`);
      expect((await attempt(user.email, user.password)).status).toBe(200);
      expect((await attempt(user.email, 'not-the-password!')).status).toBe(401);
      expect((await attempt(user.email, user.password)).status).toBe(200);
    });

    it('answers an unknown e-mail the same way, so throttling tells nobody which accounts exist', async () => {
      const statuses = await tries(6, 1, () => attempt('nobody-here@test.local', 'not-the-password!'));
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it('holds the lock on another API process on the same database', async () => {
      const user = await server.addUser('manager');
      await tries(5, 1, () => attempt(user.email, 'not-the-password!'));
      const other: Runtime = await createRuntime({
        databaseUrl: server.databaseUrl,
        logLevel: 'silent',
        passwordCost: TEST_PASSWORD_COST,
      });
      try {
        const url = await other.app.listen({ port: 0, host: '127.0.0.1' });
        expect((await attempt(user.email, user.password, url)).status).toBe(429);
      } finally {
        await other.close();
      }
    });
  });

  describe('when one address tries many accounts', () => {
    it('stops the address after 20 wrong tries in a row of 200, then refuses even a right password from it', async () => {
      // The tries above came from this address too: start its window afresh.
      await server.runtime.pool.query('DELETE FROM login_throttle; DELETE FROM rate_limits');
      const user = await server.addUser('manager');
      const loggedBefore = (await throttledEntries()).filter((by) => by === 'address').length;
      const statuses = await tries(200, 20, (i) => attempt(`guess-${i}@test.local`, 'not-the-password!'));
      expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(20);
      expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(180);
      expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
      const right = await attempt(user.email, user.password);
      expect(right.status).toBe(429);
      expect(Number(right.retryAfter)).toBeGreaterThan(0);
      // The address's allowance, not the account's lock: the panel words it so.
      expect(right.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', by: 'address', retryAfterSeconds: Number(right.retryAfter) });
      // Once for the exhausted window, however many tries it refused.
      expect((await throttledEntries()).filter((by) => by === 'address')).toHaveLength(loggedBefore + 1);
    });
  });
});
