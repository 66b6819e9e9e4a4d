import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_CODES_PER_ADDRESS } from '../../api/routes/invites.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const GOOD_PASSWORD = 'синий-домкрат-на-посту-7';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The invitee has no session: their requests carry no token. */
const anonymous = async (path: string, body: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

const counts = async () =>
  (
    await server.runtime.pool.query<{ users: number; invites: number }>(
      'SELECT (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM staff_invites) AS invites',
    )
  ).rows[0]!;

const staffStep = async () =>
  ((await server.api('GET', '/api/first-run')).body.steps as { step: string; done: boolean }[]).find((s) => s.step === 'staff')
    ?.done;

describe('Staff invitations over HTTP', () => {
  it('the owner invites a manager; the manager sets their own password and signs in', async () => {
    expect(await staffStep()).toBe(false);
    const created = await server.api('POST', '/api/staff/invites', {
      name: 'Мария Менеджерова',
      role: 'manager',
      branchIds: [server.branch.id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Мария Менеджерова',
      role: 'manager',
      state: 'pending',
      branchIds: [server.branch.id],
    });
    const code = created.body.code as string;

    const list = await server.api('GET', '/api/staff/invites');
    expect(list.body.map((i: { id: string }) => i.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(code);

    const preview = await anonymous('/api/invites/preview', { code });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ name: 'Мария Менеджерова', role: 'manager', organization: 'Демо СТО' });

    const accepted = await anonymous('/api/invites/accept', { code, email: 'maria@station.test', password: GOOD_PASSWORD });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual({ email: 'maria@station.test', role: 'manager' });

    const token = await server.login('maria@station.test', GOOD_PASSWORD);
    const me = await server.api('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` });
    expect(me.body).toMatchObject({ name: 'Мария Менеджерова', role: 'manager', branchIds: [server.branch.id] });
    expect(await staffStep()).toBe(true);

    const again = await anonymous('/api/invites/accept', { code, email: 'maria2@station.test', password: GOOD_PASSWORD });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITE_USED');
  });

  it('refuses bad input with a problem and writes nothing', async () => {
    const before = await counts();
    const noRole = await server.api('POST', '/api/staff/invites', { name: 'Без роли' });
    expect(noRole.status).toBe(400);
    expect(noRole.body.code).toBe('VALIDATION');
    const badRole = await server.api('POST', '/api/staff/invites', { name: 'Кто-то', role: 'admin' });
    expect(badRole.status).toBe(400);
    const blankName = await server.api('POST', '/api/staff/invites', { name: '   ', role: 'mechanic' });
    expect(blankName.status).toBe(400);
    expect(blankName.body.code).toBe('VALIDATION');

    const forged = await anonymous('/api/invites/accept', {
      code: 'A'.repeat(24),
      email: 'x@station.test',
      password: GOOD_PASSWORD,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('INVITE_UNKNOWN');
    const badEmail = await anonymous('/api/invites/accept', {
      code: 'A'.repeat(24),
      email: 'not an e-mail',
      password: GOOD_PASSWORD,
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.code).toBe('VALIDATION');
    expect(await counts()).toEqual(before);
  });

  it('a withdrawn invitation cannot be used', async () => {
    const created = await server.api('POST', '/api/staff/invites', { name: 'Слесарь', role: 'mechanic' });
    const revoked = await server.api('POST', `/api/staff/invites/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('revoked');
    const users = (await counts()).users;
    const refused = await anonymous('/api/invites/accept', {
      code: created.body.code,
      email: 'fitter@station.test',
      password: GOOD_PASSWORD,
    });
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe('INVITE_REVOKED');
    expect((await counts()).users).toBe(users);
  });

  it('only the owner makes and sees invitations', async () => {
    const manager = await server.addUser('manager');
    const headers = { authorization: `Bearer ${manager.token}` };
    expect((await server.api('POST', '/api/staff/invites', { name: 'Друг', role: 'owner' }, headers)).status).toBe(403);
    expect((await server.api('GET', '/api/staff/invites', undefined, headers)).status).toBe(403);
  });

  // Last in the file: the address stays refused for the rest of the window.
  it('an address that keeps guessing codes is refused for a while, even with a real code', async () => {
    const real = (await server.api('POST', '/api/staff/invites', { name: 'Павел Приёмщиков', role: 'manager' })).body
      .code as string;
    const before = await counts();
    const guesses = [];
    for (let i = 0; i < UNKNOWN_CODES_PER_ADDRESS; i += 1) {
      guesses.push((await anonymous('/api/invites/preview', { code: `guess${String(i).padStart(19, '0')}` })).body.code);
    }
    // Earlier tests of this file guessed too: every answer is either «unknown» or already «too many».
    expect(new Set(guesses)).toEqual(new Set(['INVITE_UNKNOWN', 'TOO_MANY_ATTEMPTS']));
    const refused = await fetch(`${server.url}/api/invites/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: real, email: 'pavel@station.test', password: GOOD_PASSWORD }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { code: string }).code).toBe('TOO_MANY_ATTEMPTS');
    expect(await counts()).toEqual(before);
  });
});
