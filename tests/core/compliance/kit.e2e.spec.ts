import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore } from '../../../core/event-store/event-store.ts';
import { handle } from '../../../core/event-store/handle.ts';
import { clientDecider } from '../../../domain/client/business-logic.ts';
import { startAt, startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let manager: { token: string; id: string };
let officer: { token: string; id: string };
const ids: Record<'alpha' | 'beta' | 'gamma', string> = { alpha: '', beta: '', gamma: '' };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(token));

const people = {
  alpha: { name: 'Альфа Клиентова', phone: '+79031110001' },
  beta: { name: 'Бета Клиентова', phone: '+79031110002' },
  gamma: { name: 'Гамма Клиентова', phone: '+79031110003' },
};

beforeAll(async () => {
  server = await startTestServer();
  manager = await server.addUser('manager');
  officer = await server.addUser('compliance');
  for (const [i, key] of (['alpha', 'beta', 'gamma'] as const).entries()) {
    const booked = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, 2 + i, '10:00'),
      client: people[key],
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  }
  await server.waitForProjection();
  const { rows } = await server.runtime.pool.query<{ id: string; name: string }>('SELECT id, name FROM rm.clients');
  for (const key of ['alpha', 'beta', 'gamma'] as const) ids[key] = rows.find((row) => row.name === people[key].name)!.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('Consent registry', () => {
  it('shows each client’s current status per purpose with its history', async () => {
    const consent = { purpose: 'marketing', noticeVersion: 'paper-1', textHash: 'c'.repeat(64) };
    expect((await as(manager.token, 'POST', `/api/clients/${ids.alpha}/consents`, consent)).status).toBe(201);
    expect((await as(manager.token, 'POST', `/api/clients/${ids.beta}/consents`, consent)).status).toBe(201);
    expect((await as(manager.token, 'POST', `/api/clients/${ids.beta}/consents/withdraw`, { purpose: 'marketing' })).status).toBe(
      200,
    );
    expect((await as(manager.token, 'GET', '/api/compliance/consents')).status).toBe(403);
    const registry = await as(officer.token, 'GET', '/api/compliance/consents?purpose=marketing');
    expect(registry.status).toBe(200);
    const byClient = Object.fromEntries(registry.body.consents.map((entry: any) => [entry.clientId, entry]));
    expect(byClient[ids.alpha]).toMatchObject({
      status: 'given',
      noticeVersion: 'paper-1',
      history: [{ event: 'ConsentGiven' }],
    });
    expect(byClient[ids.beta]).toMatchObject({
      status: 'withdrawn',
      history: [{ event: 'ConsentGiven' }, { event: 'ConsentWithdrawn' }],
    });
    expect(byClient[ids.gamma]).toBeUndefined();
  });
});

describe('Blocking', () => {
  it('hides a blocked client from lists and cards for staff, not from the officer', async () => {
    expect(
      (await as(manager.token, 'POST', `/api/compliance/clients/${ids.gamma}/block`, { reason: 'rectification-check' })).status,
    ).toBe(403);
    const blocked = await as(officer.token, 'POST', `/api/compliance/clients/${ids.gamma}/block`, {
      reason: 'rectification-check',
    });
    expect(blocked.status, JSON.stringify(blocked.body)).toBe(201);
    const list = await as(manager.token, 'GET', '/api/clients');
    expect(list.body.clients.map((client: any) => client.id)).not.toContain(ids.gamma);
    expect(list.body.clients.map((client: any) => client.id)).toContain(ids.alpha);
    const card = await as(manager.token, 'GET', `/api/clients/${ids.gamma}`);
    expect(card.status).toBe(403);
    expect(card.body.code).toBe('CLIENT_BLOCKED');
    expect((await as(manager.token, 'POST', `/api/clients/${ids.gamma}/reveal-phone`)).status).toBe(403);
    expect((await as(officer.token, 'GET', `/api/clients/${ids.gamma}`)).body).toMatchObject({ id: ids.gamma, blocked: true });
    expect((await as(officer.token, 'GET', '/api/compliance/blocks')).body.blocks).toEqual([
      expect.objectContaining({ clientId: ids.gamma, reason: 'rectification-check' }),
    ]);
  });

  it('shows the client again once unblocked', async () => {
    expect((await as(officer.token, 'DELETE', `/api/compliance/clients/${ids.gamma}/block`)).status).toBe(200);
    expect((await as(manager.token, 'GET', `/api/clients/${ids.gamma}`)).status).toBe(200);
    expect((await as(officer.token, 'DELETE', `/api/compliance/clients/${ids.gamma}/block`)).status).toBe(404);
  });
});

describe('Incidents', () => {
  let incident: any;

  it('registers an incident with its 24 h and 72 h deadlines', async () => {
    const detectedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const response = await as(server.token, 'POST', '/api/compliance/incidents', {
      kind: 'unauthorized-access',
      summary: 'Планшет менеджера с открытой доской оставлен в зоне ожидания',
      detectedAt,
      scope: { branchIds: [server.branch.id], from: startAt(server.branch, 2, '00:00'), to: startAt(server.branch, 3, '23:00') },
      categories: ['name', 'phone'],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    incident = response.body;
    expect(Date.parse(incident.deadlines.initial.dueAt) - Date.parse(detectedAt)).toBe(24 * 3_600_000);
    expect(Date.parse(incident.deadlines.followUp.dueAt) - Date.parse(detectedAt)).toBe(72 * 3_600_000);
    expect(incident.deadlines.initial).toMatchObject({ done: false, overdue: false });
    expect(incident.deadlines.initial.hoursLeft).toBeGreaterThan(21);
    expect(incident.deadlines.initial.hoursLeft).toBeLessThanOrEqual(22);
  });

  it('refuses days that do not exist, a period that ends before it starts and moments outside its span, writing nothing', async () => {
    const register = (patch: Record<string, unknown>) =>
      as(officer.token, 'POST', '/api/compliance/incidents', {
        kind: 'leak',
        summary: 'Проверка дат',
        categories: ['phone'],
        scope: {},
        ...patch,
      });
    const before = (await as(officer.token, 'GET', '/api/compliance/incidents')).body;
    const cases: [Record<string, unknown>, string][] = [
      [{ scope: { from: '2026-02-30T00:00:00+03:00' } }, 'scope.from'],
      [{ scope: { to: '2026-02-31T00:00:00+03:00' } }, 'scope.to'],
      [{ scope: { from: '2026-12-01T00:00:00+03:00', to: '2026-11-01T00:00:00+03:00' } }, 'scope.from'],
      [{ scope: { from: '1900-01-01T00:00:00Z' } }, 'scope.from'],
      [{ detectedAt: '2026-02-30T10:00:00+03:00' }, 'detectedAt'],
      [{ detectedAt: '1900-01-01T00:00:00Z' }, 'detectedAt'],
    ];
    for (const [patch, field] of cases) {
      const response = await register(patch);
      expect(response.status, JSON.stringify(patch)).toBe(400);
      expect(response.body.field, JSON.stringify(patch)).toBe(field);
    }
    expect((await as(officer.token, 'GET', '/api/compliance/incidents')).body).toEqual(before);
  });

  it('tells which clients and which data the incident touches', async () => {
    const affected = await as(officer.token, 'GET', `/api/compliance/incidents/${incident.id}/affected`);
    expect(affected.status).toBe(200);
    expect([...affected.body.clientIds].sort()).toEqual([ids.alpha, ids.beta].sort());
    expect(affected.body.categories.map((category: any) => category.name)).toEqual(['фамилия, имя, отчество', 'номер телефона']);
  });

  it('records the notices in order and closes', async () => {
    const early = await as(officer.token, 'POST', `/api/compliance/incidents/${incident.id}/notices`, { stage: 'follow-up' });
    expect(early.status).toBe(409);
    const initial = await as(officer.token, 'POST', `/api/compliance/incidents/${incident.id}/notices`, { stage: 'initial' });
    expect(initial.body.deadlines.initial).toMatchObject({ done: true, overdue: false });
    const followUp = await as(officer.token, 'POST', `/api/compliance/incidents/${incident.id}/notices`, { stage: 'follow-up' });
    expect(followUp.body.deadlines.followUp).toMatchObject({ done: true });
    expect((await as(officer.token, 'POST', `/api/compliance/incidents/${incident.id}/close`)).body.status).toBe('closed');
    expect((await as(manager.token, 'GET', '/api/compliance/incidents')).status).toBe(403);
  });
});

describe('Retention', () => {
  it('runs the rules that are on and records the run', async () => {
    const pool = server.runtime.pool;
    await pool.query(
      `INSERT INTO bot_sessions (user_key, org_id, client_id, data, expires_at, updated_at)
       VALUES ('old', $1, NULL, '{"lang":"ru"}', now() + interval '1 day', now() - interval '8 days'),
              ('draft', $1, NULL, '{"lang":"ru","wizard":{"id":"w"}}', now() + interval '1 day', now() - interval '2 days'),
              ('fresh', $1, NULL, '{"lang":"ru","wizard":{"id":"w"}}', now() + interval '1 day', now())`,
      [server.branch.orgId],
    );
    const before = await as(officer.token, 'GET', '/api/compliance/retention');
    expect(before.body.rules.find((rule: any) => rule.rule === 'inactive-clients')).toMatchObject({ enabled: false });
    const run = await as(officer.token, 'POST', '/api/compliance/retention/run');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ trigger: 'manual', error: null, results: { 'bot-sessions': 1, 'abandoned-drafts': 1 } });
    const { rows } = await pool.query<{ user_key: string; data: any }>(
      'SELECT user_key, data FROM bot_sessions ORDER BY user_key',
    );
    expect(rows).toEqual([
      { user_key: 'draft', data: { lang: 'ru' } },
      { user_key: 'fresh', data: { lang: 'ru', wizard: { id: 'w' } } },
    ]);
    expect((await as(officer.token, 'GET', '/api/compliance/retention')).body.runs).toHaveLength(1);
  });

  it('erases clients inactive past the term once the station switches the rule on, with an act', async () => {
    const pool = server.runtime.pool;
    // Gamma's only booking and registration are made two years old in the read models.
    await pool.query(
      `UPDATE rm.bookings SET start_at = start_at - interval '800 days', end_at = end_at - interval '800 days',
              requested_at = requested_at - interval '800 days' WHERE client_id = $1`,
      [ids.gamma],
    );
    await pool.query(`UPDATE rm.clients SET registered_at = registered_at - interval '800 days' WHERE id = $1`, [ids.gamma]);
    expect(
      (await as(manager.token, 'PUT', '/api/compliance/retention/inactive-clients', { days: 365, enabled: true })).status,
    ).toBe(403);
    expect(
      (await as(server.token, 'PUT', '/api/compliance/retention/inactive-clients', { days: 30, enabled: true })).status,
    ).toBe(400);
    const set = await as(server.token, 'PUT', '/api/compliance/retention/inactive-clients', { days: 365, enabled: true });
    expect(set.body).toMatchObject({ rule: 'inactive-clients', days: 365, enabled: true });
    const run = await as(officer.token, 'POST', '/api/compliance/retention/run');
    expect(run.body.results['inactive-clients']).toBe(1);
    const acts = (await as(officer.token, 'GET', '/api/compliance/acts')).body.acts;
    expect(acts).toEqual([expect.objectContaining({ clientId: ids.gamma })]);
    const act = await as(officer.token, 'GET', `/api/compliance/acts/${acts[0].id}`);
    expect(act.body.reason.code).toBe('retention-expired');
    expect(act.body.destroyedBy).toMatchObject({ userId: officer.id, role: 'compliance' });
  });
});

describe('Erasure resumed after a stop half way', () => {
  it('counts in the act the visits ahead the first try cancelled, as well as those it cancels itself', async () => {
    const person = { name: 'Дельта Прерванная', phone: '+79031110004' };
    const booked: string[] = [];
    for (const days of [5, 6]) {
      const response = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        start: startAt(server.branch, days, '12:00'),
        client: person,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      booked.push(response.body.id);
    }
    const { rows } = await server.runtime.pool.query<{ client_id: string }>(
      `SELECT message_data->>'clientId' AS client_id FROM emt_messages WHERE stream_id = $1 AND message_type = 'BookingRequested'`,
      [`booking-${booked[0]}`],
    );
    const clientId = rows[0]!.client_id;
    // The first try: the person's erasure is in the log and one visit was cancelled when it stopped.
    await handle(
      createEventStore(server.runtime.pool),
      async (read) => {
        const stream = `client-${clientId}`;
        (await read([stream])).decide(stream, clientDecider, {
          type: 'EraseClient',
          data: { clientId, reason: 'subject-request' },
          metadata: { now: new Date().toISOString(), userId: officer.id },
        });
      },
      { metadata: { orgId: server.branch.orgId, userId: officer.id } },
    );
    const first = await server.api('POST', `/api/bookings/${booked[0]}/status`, {
      status: 'Cancelled',
      reason: 'client_request',
    });
    expect(first.status).toBe(200);

    const erased = await as(officer.token, 'POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request' });
    expect(erased.status, JSON.stringify(erased.body)).toBe(201);
    expect(erased.body.act).toMatchObject({ bookingsKept: 2, bookingsCancelled: 2 });
    const second = await server.api('GET', `/api/bookings/${booked[1]}`);
    expect(second.body.status).toBe('Cancelled');
  });
});
