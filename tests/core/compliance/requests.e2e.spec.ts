import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

// Monday 2 March 2026, 09:00 in Moscow: the station's clock for this file.
const NOW = Date.parse('2026-03-02T06:00:00Z');

let server: TestServer;
let manager: { token: string; id: string };
let officer: { token: string; id: string };
let clientId: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(token));

const register = (body: Record<string, unknown>, token = manager.token) =>
  as(token, 'POST', '/api/compliance/requests', { channel: 'phone', evidence: 'phone-callback', ...body });

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
  manager = await server.addUser('manager');
  officer = await server.addUser('compliance');
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: '2026-03-05T10:00+03:00',
    client: { name: 'Прасковья Тихоновна', phone: '+79035550011' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await server.waitForProjection();
  clientId = (await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients')).rows[0]!.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('Subject requests', () => {
  let access: any;

  describe('when a request arrives on the Friday before 23 February', () => {
    it('gives an access request until 10 March, counting down in working days', async () => {
      const response = await register({
        clientId,
        kind: 'access',
        receivedAt: '2026-02-20T17:30+03:00',
        note: 'Звонила сама, просит выписку в Telegram',
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      access = response.body;
      expect(access).toMatchObject({
        clientId,
        kind: 'access',
        status: 'open',
        receivedDate: '2026-02-20',
        timeZone: 'Europe/Moscow',
        dueDate: '2026-03-10',
        dueDateEstimated: false,
        daysLeft: 5, // 3, 4, 5, 6 and 10 March: 9 March is the day off for 8 March
        daysUnit: 'working',
        overdue: false,
        note: 'Звонила сама, просит выписку в Telegram',
      });
    });

    it('gives rectification 7 working days and a withdrawal 30 calendar days', async () => {
      const rectification = await register({ clientId, kind: 'rectification', receivedAt: '2026-02-20T17:30+03:00' });
      expect(rectification.body).toMatchObject({ dueDate: '2026-03-04', daysLeft: 2 });
      const withdrawal = await register({ clientId, kind: 'withdrawal', receivedAt: '2026-02-20T17:30+03:00' });
      expect(withdrawal.body).toMatchObject({ dueDate: '2026-03-22', daysLeft: 20, daysUnit: 'calendar' });
    });

    it('calls a due date estimated only when it counts working days in a year the calendar lacks', async () => {
      // 2024 is not in the production calendar: working days there are a guess, calendar days are not.
      const access = await register({ clientId, kind: 'access', receivedAt: '2024-12-20T12:00+03:00' });
      expect(access.body).toMatchObject({ daysUnit: 'working', dueDateEstimated: true });
      const withdrawal = await register({ clientId, kind: 'withdrawal', receivedAt: '2024-12-20T12:00+03:00' });
      expect(withdrawal.body).toMatchObject({ dueDate: '2025-01-19', daysUnit: 'calendar', dueDateEstimated: false });
      // Out of the way of the registry's listing below.
      await server.runtime.pool.query('DELETE FROM compliance_requests WHERE id = ANY($1)', [
        [access.body.id, withdrawal.body.id],
      ]);
    });

    it('takes the station’s date, not UTC’s: 01:30 on Saturday in Moscow is Saturday', async () => {
      const late = await register({ kind: 'access', receivedAt: '2026-02-20T22:30:00Z' });
      expect(late.body).toMatchObject({ receivedDate: '2026-02-21', dueDate: '2026-03-10', clientId: null });
    });
  });

  it('marks an overdue request', async () => {
    const old = await register({ clientId, kind: 'access', receivedAt: '2026-02-10T12:00+03:00' });
    expect(old.body).toMatchObject({ dueDate: '2026-02-25', overdue: true, daysLeft: -3 });
  });

  it('extends an access request once, by the officer, with a reason', async () => {
    expect(
      (await as(manager.token, 'POST', `/api/compliance/requests/${access.id}/extend`, { reason: 'Нужно поднять архив' })).status,
    ).toBe(403);
    const extended = await as(officer.token, 'POST', `/api/compliance/requests/${access.id}/extend`, {
      reason: 'Записи за 2023 год в архиве, выгрузка займёт время',
    });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body).toMatchObject({ status: 'extended', dueDate: '2026-03-17' });
    const again = await as(officer.token, 'POST', `/api/compliance/requests/${access.id}/extend`, {
      reason: 'Ещё немного времени, пожалуйста',
    });
    expect(again.status).toBe(409);
  });

  it('closes a request once', async () => {
    const closed = await as(officer.token, 'POST', `/api/compliance/requests/${access.id}/close`, { outcome: 'answered' });
    expect(closed.body).toMatchObject({ status: 'done', outcome: 'answered', overdue: false });
    expect((await as(officer.token, 'POST', `/api/compliance/requests/${access.id}/close`, { outcome: 'answered' })).status).toBe(
      409,
    );
  });

  it('lists open requests first for the owner and the officer, not for a manager', async () => {
    expect((await as(manager.token, 'GET', '/api/compliance/requests')).status).toBe(403);
    const open = await as(server.token, 'GET', '/api/compliance/requests?status=open');
    expect(open.status).toBe(200);
    expect(open.body.requests.map((request: any) => request.dueDate)).toEqual([
      '2026-02-25',
      '2026-03-04',
      '2026-03-10',
      '2026-03-22',
    ]);
    const theirs = await as(officer.token, 'GET', `/api/compliance/requests?clientId=${clientId}`);
    expect(theirs.body.requests).toHaveLength(4);
  });

  it('refuses what it cannot register', async () => {
    expect((await register({ kind: 'access', receivedAt: '2026-03-09T10:00+03:00' })).status).toBe(400);
    // Centuries back would make the deadline a walk of centuries on every listing: refused, as any record before 2000.
    for (const receivedAt of ['1990-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) {
      const refused = await register({ kind: 'access', receivedAt });
      expect(refused.status, receivedAt).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION', field: 'receivedAt' });
    }
    expect((await register({ kind: 'access', note: 'без клиента' })).status).toBe(400);
    expect((await register({ kind: 'access', clientId: '00000000-0000-4000-8000-000000000001' })).status).toBe(404);
    expect((await register({ kind: 'complaint' })).status).toBe(400);
  });

  it('registers one erasure request when the person taps «erase» ten times at once in the bot or on the page', async () => {
    const actor = { orgId: server.branch.orgId, userId: null, role: null, ip: null };
    const asked = { clientId, kind: 'erasure' as const, channel: 'web' as const, evidence: 'phone-code' as const };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => server.runtime.deps.compliance.requests.registerUnlessOpen(actor, asked)),
    );
    expect(answers.filter((answer) => answer.fresh)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.request.id)).size).toBe(1);
    const { rows } = await server.runtime.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM compliance_requests WHERE client_id = $1 AND kind = 'erasure'`,
      [clientId],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('closes a request once when two officers close it at once, each told what happened', async () => {
    const asked = await register({ clientId, kind: 'access', receivedAt: '2026-03-01T10:00+03:00' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const outcomes = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'answered' : 'refused'));
    const answers = await Promise.all(
      outcomes.map((outcome) => as(officer.token, 'POST', `/api/compliance/requests/${asked.body.id}/close`, { outcome })),
    );
    const won = answers.filter((answer) => answer.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(9);
    const { rows } = await server.runtime.pool.query<{ outcome: string }>(
      'SELECT outcome FROM compliance_requests WHERE id = $1',
      [asked.body.id],
    );
    expect(won[0]!.body.outcome).toBe(rows[0]!.outcome);
  });
});
