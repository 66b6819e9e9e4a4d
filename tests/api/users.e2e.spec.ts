import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { pollUntil } from '../support/poll.ts';

let server: TestServer;
let ownerId: string;

beforeAll(async () => {
  server = await startTestServer();
  ownerId = (await server.api('GET', '/api/auth/me')).body.id;
});
afterAll(async () => {
  await server?.stop();
});

const as = async (token: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
};

const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
};

const userRow = async (id: string) =>
  (
    await server.runtime.pool.query<{ name: string; role: string; branch_ids: string[]; active: boolean }>(
      'SELECT name, role, branch_ids, active FROM users WHERE id = $1',
      [id],
    )
  ).rows[0]!;

/** A status that the user cache turns into a refusal within seconds, not at the token's expiry. */
const statusSoon = (token: string, path: string, wanted: number) =>
  pollUntil(async () => (await as(token, 'GET', path)).status, wanted);

describe('Users', () => {
  describe('when the owner changes a user', () => {
    it('changes the role and the branches, and names the owner in the security log', async () => {
      const manager = await server.addUser('manager', [server.branch.id]);
      const officer = await server.addUser('compliance');
      const response = await server.api('PATCH', `/api/users/${manager.id}`, { role: 'mechanic', branchIds: [server.branch.id] });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ id: manager.id, role: 'mechanic', branchIds: [server.branch.id], active: true });
      expect(await userRow(manager.id)).toMatchObject({ role: 'mechanic', branch_ids: [server.branch.id] });
      const listed = await server.api('GET', '/api/users');
      expect(listed.body.find((user: { id: string }) => user.id === manager.id)).toMatchObject({ role: 'mechanic' });

      const log = await as(officer.token, 'GET', '/api/compliance/security-log?limit=50');
      expect(log.body.entries[0]).toMatchObject({
        action: 'role-changed',
        userId: ownerId,
        details: { userId: manager.id, from: { role: 'manager' }, to: { role: 'mechanic' } },
      });
    });

    it('renames a user and deactivates them, after which their old token is refused', async () => {
      const mechanic = await server.addUser('mechanic');
      const renamed = await server.api('PATCH', `/api/users/${mechanic.id}`, { name: 'Сергей Ключников' });
      expect(renamed.body).toMatchObject({ name: 'Сергей Ключников', role: 'mechanic', active: true });
      const off = await server.api('PATCH', `/api/users/${mechanic.id}`, { active: false });
      expect(off.status).toBe(200);
      expect((await userRow(mechanic.id)).active).toBe(false);
      expect(await statusSoon(mechanic.token, '/api/auth/me', 401)).toBe(401);
      const on = await server.api('PATCH', `/api/users/${mechanic.id}`, { active: true });
      expect(on.body.active).toBe(true);
    });
  });

  describe('when the change is refused', () => {
    it('refuses the owner demoting or deactivating themselves, by field, and changes nothing', async () => {
      const demote = await server.api('PATCH', `/api/users/${ownerId}`, { role: 'manager' });
      expectProblem(demote, 400, 'VALIDATION');
      expect(demote.body.field).toBe('role');
      const off = await server.api('PATCH', `/api/users/${ownerId}`, { active: false });
      expectProblem(off, 400, 'VALIDATION');
      expect(off.body.field).toBe('active');
      expect(await userRow(ownerId)).toMatchObject({ role: 'owner', active: true });
    });

    it('refuses a branch of nobody, an unknown role, an empty change and an unknown user', async () => {
      const manager = await server.addUser('manager', [server.branch.id]);
      const unknownBranch = await server.api('PATCH', `/api/users/${manager.id}`, {
        branchIds: ['00000000-0000-4000-8000-000000000001'],
      });
      expectProblem(unknownBranch, 404, 'NOT_FOUND');
      expect(unknownBranch.body.field).toBe('branchIds');
      expectProblem(await server.api('PATCH', `/api/users/${manager.id}`, { role: 'king' }), 400, 'VALIDATION');
      expectProblem(await server.api('PATCH', `/api/users/${manager.id}`, {}), 400, 'VALIDATION');
      expectProblem(await server.api('PATCH', `/api/users/${manager.id}`, { email: 'x@y.z' }), 400, 'VALIDATION');
      expectProblem(
        await server.api('PATCH', '/api/users/00000000-0000-4000-8000-000000000002', { name: 'Никто' }),
        404,
        'NOT_FOUND',
      );
      expect(await userRow(manager.id)).toMatchObject({ role: 'manager', branch_ids: [server.branch.id] });
    });

    it('names no branches for an owner or an officer, who reach every one, and drops a manager’s on becoming one', async () => {
      const branchIds = [server.branch.id];
      const created = await server.api('POST', '/api/users', {
        email: 'officer-branch@test.local',
        name: 'Инспектор',
        password: 'Kompl-Officer-2026!',
        role: 'compliance',
        branchIds,
      });
      expectProblem(created, 400, 'VALIDATION');
      expect(created.body.field).toBe('branchIds');
      const invited = await server.api('POST', '/api/staff/invites', { name: 'Совладелец', role: 'owner', branchIds });
      expectProblem(invited, 400, 'VALIDATION');

      const manager = await server.addUser('manager', branchIds);
      expectProblem(await server.api('PATCH', `/api/users/${manager.id}`, { role: 'compliance', branchIds }), 400, 'VALIDATION');
      expect(await userRow(manager.id)).toMatchObject({ role: 'manager', branch_ids: branchIds });
      const promoted = await server.api('PATCH', `/api/users/${manager.id}`, { role: 'compliance' });
      expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
      expect(promoted.body).toMatchObject({ role: 'compliance', branchIds: [] });
      expect(await userRow(manager.id)).toMatchObject({ role: 'compliance', branch_ids: [] });
    });

    it('lets only one of two owners demoting each other at the same moment win: the other is no longer an owner', async () => {
      for (let round = 0; round < 3; round++) {
        const [a, b] = [await server.addUser('owner'), await server.addUser('owner')];
        const [byA, byB] = await Promise.all([
          as(a.token, 'PATCH', `/api/users/${b.id}`, { role: 'manager' }),
          as(b.token, 'PATCH', `/api/users/${a.id}`, { role: 'manager' }),
        ]);
        expect([byA.status, byB.status].sort()).toEqual([200, 403]);
        const roles = [(await userRow(a.id)).role, (await userRow(b.id)).role].sort();
        expect(roles).toEqual(['manager', 'owner']);
      }
    });

    it('refuses a manager with 403', async () => {
      const manager = await server.addUser('manager');
      expectProblem(await as(manager.token, 'PATCH', `/api/users/${manager.id}`, { role: 'owner' }), 403, 'FORBIDDEN');
      expect((await userRow(manager.id)).role).toBe('manager');
    });
  });
});

describe('Services with the switched-off ones', () => {
  it('lists a switched-off service only when asked for all, with its flag, and keeps it out of the plain list', async () => {
    const service = server.service('Кузовной ремонт');
    const off = await server.api('PATCH', `/api/services/${service.id}`, { active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body).toMatchObject({ id: service.id, active: false, durationMinutes: service.durationMinutes });

    const plain = await server.api('GET', `/api/services?branchId=${server.branch.id}`);
    expect(plain.body.map((s: { id: string }) => s.id)).not.toContain(service.id);
    const all = await server.api('GET', `/api/services?branchId=${server.branch.id}&all=true`);
    expect(all.body.find((s: { id: string }) => s.id === service.id)).toMatchObject({ active: false, bayKind: 'body' });
    expect(all.body).toHaveLength(server.services.length);
    expectProblem(await server.api('GET', `/api/services?branchId=${server.branch.id}&all=yes`), 400, 'VALIDATION');

    await server.api('PATCH', `/api/services/${service.id}`, { active: true });
  });
});
