import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();
const root = path.resolve(import.meta.dirname, '../..');

/** `npm run password -- EMAIL` as the station's administrator runs it, against the test's database. */
const run = (email: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'ops/password.ts', email], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

const signIn = async (email: string, password: string) =>
  (
    await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
  ).status;

describe('npm run password', () => {
  it('gives an owner who forgot the password a random new one, shown once; the old one and every session stop working', async () => {
    const owner = await server.addUser('owner');
    const answer = await run(owner.email.toUpperCase());
    expect(answer.code, answer.stderr).toBe(0);
    const printed = /New password for (\S+): (\S+)/.exec(answer.stdout);
    expect(printed?.[1]).toBe(owner.email);
    const password = printed![2]!;
    expect(password).toHaveLength(20);

    expect(await signIn(owner.email, owner.password)).toBe(401);
    expect(await signIn(owner.email, password)).toBe(200);
    const me = await server.api('GET', '/api/auth/me', undefined, { authorization: `Bearer ${owner.token}` });
    expect(me.status).toBe(401);
    const { rows } = await server.runtime.pool.query<{ user_id: string | null; details: Record<string, unknown> }>(
      `SELECT user_id, details FROM compliance_security_log WHERE action = 'password-reset' AND details->>'userId' = $1`,
      [owner.id],
    );
    expect(rows).toEqual([{ user_id: null, details: { userId: owner.id, by: 'console' } }]);
  });

  it('says so and changes nothing for an e-mail nobody signs in with', async () => {
    const answer = await run('nobody@test.local');
    expect(answer.code).toBe(1);
    expect(answer.stderr).toContain('Nobody signs in with nobody@test.local');
    expect(answer.stdout).not.toContain('New password');
  });
});
