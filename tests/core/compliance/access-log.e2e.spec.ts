import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let manager: { token: string; id: string };
let officer: { token: string; id: string };
let clientId: string;

const PHONE = '+79161112267';
const NAME = 'Аглая Журавлёва';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(token));

const accessEntries = async () => (await as(officer.token, 'GET', '/api/compliance/access-log?limit=1000')).body.entries as any[];
const securityEntries = async () =>
  (await as(officer.token, 'GET', '/api/compliance/security-log?limit=1000')).body.entries as any[];

beforeAll(async () => {
  server = await startTestServer();
  manager = await server.addUser('manager');
  officer = await server.addUser('compliance');
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 3, '10:00'),
    client: { name: NAME, phone: PHONE },
    car: { make: 'Skoda', model: 'Octavia', plate: 'Е001КХ77' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await server.waitForProjection();
  const { rows } = await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients');
  clientId = rows[0]!.id;
});
afterAll(async () => {
  await server?.stop();
});

describe('Access log', () => {
  describe('when staff list and search clients', () => {
    it('masks phones and logs the clients listed, not the query', async () => {
      const before = (await accessEntries()).length;
      const found = await as(manager.token, 'GET', `/api/clients?q=${encodeURIComponent('Журавл')}`);
      expect(found.status).toBe(200);
      expect(found.body.clients).toEqual([expect.objectContaining({ id: clientId, name: NAME, phone: '+7 *** ***-**-67' })]);
      const entries = await accessEntries();
      expect(entries.length).toBe(before + 1);
      expect(entries[0]).toMatchObject({
        userId: manager.id,
        role: 'manager',
        action: 'search',
        clientIds: [clientId],
        details: { query: 'text', results: 1 },
      });
      expect(entries[0].ip).toBeTruthy();
      expect(JSON.stringify(entries)).not.toContain('Журавл');
    });
  });

  describe('when a manager opens a client card', () => {
    it('shows the card with the phone masked and adds exactly one entry', async () => {
      const before = (await accessEntries()).length;
      const card = await as(manager.token, 'GET', `/api/clients/${clientId}`);
      expect(card.status, JSON.stringify(card.body)).toBe(200);
      expect(card.body).toMatchObject({ id: clientId, name: NAME, phone: '+7 *** ***-**-67', phoneMasked: true, bookings: 1 });
      expect(card.body.history).toEqual([expect.objectContaining({ plate: 'Е001КХ77', status: 'New' })]);
      expect(card.body.consents).toEqual({ current: [], history: [] });
      const entries = await accessEntries();
      expect(entries.length).toBe(before + 1);
      expect(entries[0]).toMatchObject({ userId: manager.id, role: 'manager', action: 'card-view', clientIds: [clientId] });
    });

    it('reveals the phone as its own logged action', async () => {
      const before = (await accessEntries()).length;
      const revealed = await as(manager.token, 'POST', `/api/clients/${clientId}/reveal-phone`);
      expect(revealed.status).toBe(200);
      expect(revealed.body).toEqual({ phone: PHONE });
      const entries = await accessEntries();
      expect(entries.length).toBe(before + 1);
      expect(entries[0]).toMatchObject({ userId: manager.id, action: 'phone-reveal', clientIds: [clientId] });
      expect(JSON.stringify(entries)).not.toContain('1112267');
    });

    it('answers 404 for a client of nobody and logs nothing', async () => {
      const before = (await accessEntries()).length;
      const missing = await as(manager.token, 'GET', '/api/clients/00000000-0000-4000-8000-000000000001');
      expect(missing.status).toBe(404);
      expect((await accessEntries()).length).toBe(before);
    });

    it('records a paper consent as an edit', async () => {
      const consent = await as(manager.token, 'POST', `/api/clients/${clientId}/consents`, {
        purpose: 'marketing',
        noticeVersion: 'paper-2026.1',
        textHash: 'a'.repeat(64),
        documentRef: 'папка 3, лист 12',
      });
      expect(consent.status, JSON.stringify(consent.body)).toBe(201);
      expect(consent.body.consents.current).toEqual(['marketing']);
      const entries = await accessEntries();
      expect(entries[0]).toMatchObject({ action: 'edit', clientIds: [clientId], details: { change: 'consent-given' } });
      const withdrawn = await as(manager.token, 'POST', `/api/clients/${clientId}/consents/withdraw`, { purpose: 'marketing' });
      expect(withdrawn.body.consents.current).toEqual([]);
      expect(withdrawn.body.consents.history.map((line: any) => line.event)).toEqual(['ConsentGiven', 'ConsentWithdrawn']);
    });
  });

  describe('when someone without the compliance role asks for the logs', () => {
    it('refuses managers and owners with 403', async () => {
      for (const token of [manager.token, server.token]) {
        expect((await as(token, 'GET', '/api/compliance/access-log')).status).toBe(403);
        expect((await as(token, 'GET', '/api/compliance/security-log')).status).toBe(403);
        expect((await as(token, 'GET', '/api/compliance/verify')).status).toBe(403);
        expect((await as(token, 'GET', `/api/compliance/clients/${clientId}/trail`)).status).toBe(403);
        expect((await as(token, 'POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request' })).status).toBe(
          403,
        );
      }
    });

    it('refuses a mechanic the client list and card', async () => {
      const mechanic = await server.addUser('mechanic');
      expect((await as(mechanic.token, 'GET', '/api/clients')).status).toBe(403);
      expect((await as(mechanic.token, 'GET', `/api/clients/${clientId}`)).status).toBe(403);
      expect((await as(mechanic.token, 'POST', `/api/clients/${clientId}/reveal-phone`)).status).toBe(403);
    });
  });
});

describe('Security log', () => {
  it('records logins, failed logins and role grants', async () => {
    const failed = await server.api(
      'POST',
      '/api/auth/login',
      { email: 'owner@test.local', password: 'wrong-password' },
      {
        authorization: '',
      },
    );
    expect(failed.status).toBe(401);
    const unknown = await server.api(
      'POST',
      '/api/auth/login',
      { email: 'nobody@test.local', password: 'whatever' },
      {
        authorization: '',
      },
    );
    expect(unknown.status).toBe(401);
    const entries = await securityEntries();
    const actions = entries.map((entry) => entry.action);
    expect(actions).toContain('login');
    expect(
      entries
        .filter((entry) => entry.action === 'login-failed')
        .map((entry) => entry.details.reason)
        .sort(),
    ).toEqual(['unknown-email', 'wrong-password']);
    expect(entries.filter((entry) => entry.action === 'role-granted').map((entry) => entry.details.role)).toEqual(
      expect.arrayContaining(['owner', 'manager', 'compliance']),
    );
    expect(JSON.stringify(entries)).not.toContain('nobody@test.local');
  });

  it('records a role change made anywhere, even straight in the database', async () => {
    await server.runtime.pool.query(`UPDATE users SET role = 'owner' WHERE id = $1`, [manager.id]);
    const entries = await securityEntries();
    expect(entries[0]).toMatchObject({
      action: 'role-changed',
      details: { userId: manager.id, from: { role: 'manager' }, to: { role: 'owner' } },
    });
    await server.runtime.pool.query(`UPDATE users SET role = 'manager' WHERE id = $1`, [manager.id]);
  });
});

describe('Tamper evidence', () => {
  it('refuses to update or delete a log row', async () => {
    const pool = server.runtime.pool;
    await expect(pool.query(`UPDATE compliance_access_log SET ip = '10.0.0.1'`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM compliance_security_log`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`TRUNCATE compliance_access_log`)).rejects.toThrow(/append-only/);
  });

  it('verifies an intact chain and finds the row altered behind the trigger', async () => {
    const intact = await as(officer.token, 'GET', '/api/compliance/verify');
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, brokenAt: null });
    expect(intact.body.logs.access.entries).toBeGreaterThan(3);

    const entries = await accessEntries();
    const victim = entries.find((entry) => entry.action === 'phone-reveal');
    // Someone with the database owner's rights switches triggers off and edits history.
    const db = await server.runtime.pool.connect();
    try {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE compliance_access_log SET user_id = NULL WHERE org_id = $1 AND seq = $2`, [
        server.branch.orgId,
        victim.seq,
      ]);
    } finally {
      await db.query(`RESET session_replication_role`);
      db.release();
    }
    const broken = await as(officer.token, 'GET', '/api/compliance/verify');
    expect(broken.body).toMatchObject({ ok: false, brokenAt: { log: 'access', seq: victim.seq } });
  });

  it('finds a row removed from the middle of the chain', async () => {
    const entries = await securityEntries();
    const victim = entries.find((entry) => entry.action === 'login');
    const db = await server.runtime.pool.connect();
    try {
      await db.query(`SET session_replication_role = replica`);
      await db.query(`DELETE FROM compliance_security_log WHERE org_id = $1 AND seq = $2`, [server.branch.orgId, victim.seq]);
    } finally {
      await db.query(`RESET session_replication_role`);
      db.release();
    }
    const broken = await as(officer.token, 'GET', '/api/compliance/verify');
    expect(broken.body.logs.security).toMatchObject({ ok: false, brokenAt: victim.seq + 1 });
  });
});
