import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const NEW_PASSWORD = 'зимняя резина на складе';

/** A raw call with a bearer token (or none), so each test says whose session it uses. */
const call = async (method: string, path: string, token: string | null, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null,
    cookie: response.headers.get('set-cookie') ?? '',
  };
};

const signIn = (email: string, password: string) => call('POST', '/api/auth/login', null, { email, password });

const securityActions = async (userId: string) =>
  (
    await server.runtime.pool.query<{ action: string; user_id: string | null; details: Record<string, unknown> }>(
      `SELECT action, user_id, details FROM compliance_security_log WHERE user_id = $1 OR details->>'userId' = $1::text
        ORDER BY seq`,
      [userId],
    )
  ).rows;

describe('A person changing their own password', () => {
  it('needs the current one; then only the new one signs in, other sessions end and this one goes on under a new token', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const tablet = await server.login(mechanic.email, mechanic.password);

    const changed = await call('POST', '/api/auth/password', mechanic.token, {
      currentPassword: mechanic.password,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ role: 'mechanic' });
    expect(changed.cookie).toMatch(/zero_session=[^;]+;.*HttpOnly/i);

    const fresh = changed.body!.token as string;
    expect((await call('GET', '/api/auth/me', fresh)).status).toBe(200);
    expect((await call('GET', '/api/auth/me', tablet)).status).toBe(401);
    expect((await call('GET', '/api/auth/me', mechanic.token)).status).toBe(401);
    expect((await signIn(mechanic.email, mechanic.password)).status).toBe(401);
    expect((await signIn(mechanic.email, NEW_PASSWORD)).status).toBe(200);
    expect((await securityActions(mechanic.id)).map((entry) => entry.action)).toContain('password-changed');
  });

  it('applies one of two changes sent at once with the same session, never both', async () => {
    const manager = await server.addUser('manager', [server.branch.id]);
    const [first, second] = await Promise.all(
      ['первый новый пароль тут', 'второй новый пароль там'].map((newPassword) =>
        call('POST', '/api/auth/password', manager.token, { currentPassword: manager.password, newPassword }),
      ),
    );
    const answers = [first!, second!];
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    // The other lost: its session had ended (401) or the password had changed under it (409).
    const lost = answers.find((answer) => answer.status !== 200)!;
    expect([401, 409]).toContain(lost.status);
    const won = answers.indexOf(answers.find((answer) => answer.status === 200)!);
    const password = ['первый новый пароль тут', 'второй новый пароль там'][won]!;
    expect((await signIn(manager.email, password)).status).toBe(200);
    expect((await call('GET', '/api/auth/me', answers[won]!.body!.token as string)).status).toBe(200);
  });

  it('refuses a wrong current password on its field and changes nothing', async () => {
    const manager = await server.addUser('manager', [server.branch.id]);
    const answer = await call('POST', '/api/auth/password', manager.token, {
      currentPassword: 'не тот пароль вовсе',
      newPassword: NEW_PASSWORD,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'WRONG_PASSWORD', field: 'currentPassword' });
    expect((await call('GET', '/api/auth/me', manager.token)).status).toBe(200);
    expect((await signIn(manager.email, manager.password)).status).toBe(200);
  });

  it('stops a stolen session guessing the current password: the account locks as for sign-ins', async () => {
    const manager = await server.addUser('manager', [server.branch.id]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await call('POST', '/api/auth/password', manager.token, {
        currentPassword: `догадка номер ${i}`,
        newPassword: NEW_PASSWORD,
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    // Logged as wrong sign-ins and their lock are: the compliance officer sees the guessing.
    const logged = (await securityActions(manager.id)).map((entry) => [entry.action, entry.details]);
    expect(logged.filter(([action]) => action === 'login-failed')).toEqual(
      Array.from({ length: 5 }, () => ['login-failed', { reason: 'wrong-current-password' }]),
    );
    expect(logged.filter(([action]) => action === 'login-throttled')).toEqual([['login-throttled', { by: 'account' }]]);
    // Locked: even the right one waits, here and at the sign-in.
    const right = await call('POST', '/api/auth/password', manager.token, {
      currentPassword: manager.password,
      newPassword: NEW_PASSWORD,
    });
    expect(right.status).toBe(429);
    expect((await signIn(manager.email, manager.password)).status).toBe(429);
  });

  it.each([
    ['too short', 'коротко', 'too-short'],
    ['a common one', 'qwerty123456', 'common'],
    ['the same as now', null, 'unchanged'],
  ])('refuses a new password that is %s, saying why, and keeps the old one', async (_label, newPassword, reason) => {
    const owner = await server.addUser('owner');
    const answer = await call('POST', '/api/auth/password', owner.token, {
      currentPassword: owner.password,
      newPassword: newPassword ?? owner.password,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'WEAK_PASSWORD', field: 'newPassword', reason });
    expect((await call('GET', '/api/auth/me', owner.token)).status).toBe(200);
    expect((await signIn(owner.email, owner.password)).status).toBe(200);
  });

  it('is refused without a session, and with a body that is not the form', async () => {
    expect((await call('POST', '/api/auth/password', null, { currentPassword: 'x', newPassword: NEW_PASSWORD })).status).toBe(
      401,
    );
    const manager = await server.addUser('manager', [server.branch.id]);
    const missing = await call('POST', '/api/auth/password', manager.token, { newPassword: NEW_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION' });
    expect((await signIn(manager.email, manager.password)).status).toBe(200);
  });
});

describe('The owner setting a forgotten password', () => {
  it('lets the person in with the new one only, ends every session of theirs, lifts a sign-in lock and logs it', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    for (let i = 0; i < 5; i++) await signIn(mechanic.email, `забыл пароль ${i}`);
    expect((await signIn(mechanic.email, mechanic.password)).status).toBe(429);

    const reset = await call('POST', `/api/users/${mechanic.id}/password`, server.token, { password: NEW_PASSWORD });
    expect(reset.status, JSON.stringify(reset.body)).toBe(204);
    expect((await call('GET', '/api/auth/me', mechanic.token)).status).toBe(401);
    expect((await signIn(mechanic.email, mechanic.password)).status).toBe(401);
    expect((await signIn(mechanic.email, NEW_PASSWORD)).status).toBe(200);
    const logged = (await securityActions(mechanic.id)).find((entry) => entry.action === 'password-reset');
    expect(logged).toMatchObject({ details: { userId: mechanic.id } });
    const owner = (await call('GET', '/api/auth/me', server.token)).body!;
    expect(logged?.user_id).toBe(owner.id);
  });

  it('is the owner’s only: a manager is refused and the password stays', async () => {
    const manager = await server.addUser('manager', [server.branch.id]);
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const answer = await call('POST', `/api/users/${mechanic.id}/password`, manager.token, { password: NEW_PASSWORD });
    expect(answer.status).toBe(403);
    expect((await signIn(mechanic.email, mechanic.password)).status).toBe(200);
  });

  it('refuses a weak one saying why, the owner’s own (which needs the current one) and a user of another organization', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const weak = await call('POST', `/api/users/${mechanic.id}/password`, server.token, { password: 'пароль123456' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD', field: 'password', reason: 'common' });
    expect((await signIn(mechanic.email, mechanic.password)).status).toBe(200);

    const me = (await call('GET', '/api/auth/me', server.token)).body!;
    const own = await call('POST', `/api/users/${String(me.id)}/password`, server.token, { password: NEW_PASSWORD });
    expect(own.status).toBe(400);
    expect(own.body).toMatchObject({ code: 'VALIDATION', field: 'id' });

    const [orgId, strangerId] = [randomUUID(), randomUUID()];
    await server.runtime.pool.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [orgId, 'Чужое СТО']);
    await server.runtime.pool.query(
      `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Чужой', 'x', 'mechanic')`,
      [strangerId, orgId, `stranger-${strangerId.slice(0, 8)}@test.local`],
    );
    const elsewhere = await call('POST', `/api/users/${strangerId}/password`, server.token, { password: NEW_PASSWORD });
    expect(elsewhere.status).toBe(404);
    const hash = await server.runtime.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      strangerId,
    ]);
    expect(hash.rows[0]!.password_hash).toBe('x');
  });
});
