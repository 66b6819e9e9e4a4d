import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../support/pdf-text.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../../support/bot-harness.ts';
import type { FakeUser } from '../../support/fake-telegram.ts';
import { startTestServer } from '../../support/test-server.ts';

/**
 * The answer to an access request, end to end: /mydata in the bot registers the request, the
 * officer prepares the client's trail as a sealed draft, reviews and releases it, and the bot
 * sends the document to that client's chat, once. An erasure leaves no readable copy behind.
 */

// Monday 7 December 2026, 09:00 in Moscow: ten working days later is Monday 21 December.
const NOW = Date.parse('2026-12-07T06:00:00Z');

const SHARED_PLATE = 'Е777КХ77';
const ANNA = { first: 'Аглая', last: 'Феоктистова', comment: 'Аглая слышит гул справа на трассе' };
const BORIS = { first: 'Борислав', last: 'Пантелеев', comment: 'Борислав просит перезвонить вечером' };

let h: BotHarness;
let manager: { token: string; id: string };
let officer: { token: string; id: string };
let anna: FakeUser;
let boris: FakeUser;
let annaId: string;
let borisId: string;
let annaRequest: string;
let annaExport: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => h.server.api(method, path, body, bearer(token));

const fullName = (who: typeof ANNA) => `${who.first} ${who.last}`;

const book = async (user: FakeUser, who: typeof ANNA, time: string) => {
  const booked = await h.server.api('POST', '/api/bookings', {
    branchId: h.server.branch.id,
    serviceId: h.server.service('Замена масла').id,
    start: `2026-12-09T${time}+03:00`,
    client: { name: fullName(who), phone: `+${phoneFor(user)}` },
    car: { make: 'Лада', model: 'Веста', plate: SHARED_PLATE },
    comment: who.comment,
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id as string;
};

const clientIdOf = async (name: string) =>
  (await h.server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [name])).rows[0]!.id;

const requestsOf = async (clientId: string) =>
  (await as(officer.token, 'GET', `/api/compliance/requests?clientId=${clientId}`)).body.requests as any[];

const documentsSent = () => h.telegram.calls.filter((call) => call.method === 'sendDocument');

/** Every row of every table, as text: what a database dump would show. */
const dumpDatabase = async (): Promise<string> => {
  const db = h.server.runtime.pool;
  const { rows: tables } = await db.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT t::text AS row FROM "${table.table_schema}"."${table.table_name}" t`,
    );
    parts.push(`-- ${table.table_schema}.${table.table_name}`, ...rows.map((row) => row.row));
  }
  return parts.join('\n');
};

beforeAll(async () => {
  const server = await startTestServer({ now: () => NOW });
  h = await startBotHarness({ server });
  manager = await server.addUser('manager');
  officer = await server.addUser('compliance');
  anna = newUser(ANNA.first, ANNA.last);
  boris = newUser(BORIS.first, BORIS.last);
  await h.link(anna, phoneFor(anna));
  await h.link(boris, phoneFor(boris));
  // The two share a car: the answer to one must still hold nothing of the other.
  await book(anna, ANNA, '10:00');
  await book(anna, ANNA, '14:00');
  await book(boris, BORIS, '12:00');
  await server.waitForProjection();
  annaId = await clientIdOf(fullName(ANNA));
  borisId = await clientIdOf(fullName(BORIS));
});
afterAll(async () => {
  await h?.stop();
  await h?.server.stop();
});

describe('Answer to an access request', () => {
  it('registers /mydata from a linked client as an access request due 10 working days later', async () => {
    const reply = await h.send(anna, '/mydata');
    expect(reply!.text).toContain('21.12.2026');
    const [request, ...others] = await requestsOf(annaId);
    expect(others).toEqual([]);
    expect(request).toMatchObject({
      clientId: annaId,
      kind: 'access',
      channel: 'telegram',
      evidence: 'telegram-account',
      status: 'open',
      receivedDate: '2026-12-07',
      dueDate: '2026-12-21',
      daysLeft: 10,
      daysUnit: 'working',
      trail: null,
    });
    annaRequest = request.id;

    const again = await h.send(anna, '/mydata');
    expect(again!.text).toContain('уже принят');
    expect(await requestsOf(annaId)).toHaveLength(1);
  });

  it('answers /mydata from a chat with no linked client without registering anything', async () => {
    const stranger = newUser('Незнакомец');
    const reply = await h.send(stranger, '/mydata');
    expect(reply!.text).toContain('не привязан');
    const { rows } = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM compliance_requests');
    expect(rows[0].n).toBe(1);
  });

  it('refuses a manager: no preparing, reviewing or releasing (403)', async () => {
    expect((await as(manager.token, 'POST', `/api/compliance/requests/${annaRequest}/trail`)).status).toBe(403);
    expect((await as(manager.token, 'GET', `/api/compliance/requests/${annaRequest}/trail?format=html`)).status).toBe(403);
    expect((await as(manager.token, 'POST', `/api/compliance/requests/${annaRequest}/trail/release`, {})).status).toBe(403);
    const { rows } = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM compliance_trail_exports');
    expect(rows[0].n).toBe(0);
  });

  it('keeps the draft sealed under the client’s key, never in plain text', async () => {
    const prepared = await as(officer.token, 'POST', `/api/compliance/requests/${annaRequest}/trail`);
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
    expect(prepared.body.export).toMatchObject({
      requestId: annaRequest,
      clientId: annaId,
      status: 'draft',
      preparedBy: officer.id,
      releasedAt: null,
      delivery: { channel: 'telegram', status: null },
    });
    expect(prepared.body.request.trail).toMatchObject({ id: prepared.body.export.id, status: 'draft' });
    const { rows } = await h.server.runtime.pool.query<{ row: string }>('SELECT t::text AS row FROM compliance_trail_exports t');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(ANNA.last);
    expect(rows[0]!.row).not.toContain(phoneFor(anna).slice(1));
    // Preparing again (say, after a correction) replaces the draft.
    const again = await as(officer.token, 'POST', `/api/compliance/requests/${annaRequest}/trail`);
    expect(again.status).toBe(200);
    expect(again.body.export.id).not.toBe(prepared.body.export.id);
    annaExport = again.body.export.id;
  });

  it('shows the officer the draft for review, with the client’s events only', async () => {
    const review = await as(officer.token, 'GET', `/api/compliance/requests/${annaRequest}/trail?format=json`);
    expect(review.status).toBe(200);
    const { trail } = review.body;
    expect(trail.subject).toMatchObject({ clientId: annaId, profile: { name: fullName(ANNA) } });
    // Her Telegram chat with the station is part of what it holds, and the bot is how it got her data.
    expect(trail.messengers).toEqual([expect.objectContaining({ channel: 'telegram' })]);
    expect(trail.subject.sources).toContain('telegram');
    const { rows } = await h.server.runtime.pool.query<{ stream_id: string; position: number }>(
      `SELECT stream_id, stream_position::int AS position FROM emt_messages
        WHERE stream_id = $1 OR (message_type = 'BookingRequested' AND message_data->>'clientId' = $2)`,
      [`client-${annaId}`, annaId],
    );
    const streams = new Set(rows.map((row) => row.stream_id));
    expect(streams.size).toBe(3);
    expect(trail.events.length).toBeGreaterThan(0);
    for (const event of trail.events) expect(streams.has(event.stream), event.stream).toBe(true);
    expect(trail.accessLog.some((entry: any) => entry.userId !== null)).toBe(true);
    expect(trail.accessLog.every((entry: any) => entry.ip === null && entry.userName === null)).toBe(true);
    const text = JSON.stringify(trail);
    for (const needle of [BORIS.last, BORIS.comment, phoneFor(boris).slice(1), borisId]) expect(text).not.toContain(needle);

    const html = await as(officer.token, 'GET', `/api/compliance/requests/${annaRequest}/trail?format=html`);
    expect(html.status).toBe(200);
    expect(html.body).toContain(fullName(ANNA));
    expect(html.body).not.toContain(BORIS.last);
    // Staff appear by role only in the person's copy.
    expect(html.body).toMatch(/сотрудник \((менеджер|ответственный за персональные данные|владелец)\)/);
    expect(documentsSent()).toEqual([]);
  });

  it('puts the draft back when the release cannot be written, so the officer can release it again', async () => {
    const store = h.server.runtime.deps.store;
    const append = store.appendMany;
    store.appendMany = () => Promise.reject(new Error('the database went away'));
    try {
      const failed = await as(officer.token, 'POST', `/api/compliance/requests/${annaRequest}/trail/release`, {
        exportId: annaExport,
      });
      expect(failed.status).toBe(500);
    } finally {
      store.appendMany = append;
    }
    const review = await as(officer.token, 'GET', `/api/compliance/requests/${annaRequest}/trail?format=json`);
    expect(review.body.export).toMatchObject({ status: 'draft', releasedAt: null, releasedBy: null });
    expect((await requestsOf(annaId))[0]).toMatchObject({ status: 'open' });
    expect(documentsSent()).toEqual([]);
  });

  it('releases once: the bot sends exactly one document to the client’s chat, holding their events and nobody else’s', async () => {
    const released = await as(officer.token, 'POST', `/api/compliance/requests/${annaRequest}/trail/release`, {
      exportId: annaExport,
    });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.export).toMatchObject({
      status: 'released',
      releasedBy: officer.id,
      releasedAt: new Date(NOW).toISOString(),
    });
    expect(['pending', 'sent']).toContain(released.body.export.delivery.status);
    expect(released.body.request).toMatchObject({
      status: 'done',
      outcome: 'answered',
      closedAt: new Date(NOW).toISOString(),
    });

    await h.telegram.waitFor(() => documentsSent().some((call) => call.status === 200), 15_000, 'the document');
    await h.reactorCaughtUp();
    const sent = documentsSent();
    expect(sent).toHaveLength(1);
    expect(Number(sent[0]!.payload.chat_id)).toBe(anna.id);
    const file = sent[0]!.payload.document as { file_name: string; base64: string };
    expect(file.file_name).toMatch(/\.pdf$/);
    const text = await pdfText(Buffer.from(file.base64, 'base64'));
    // The person's copy reads as a document: their data and what was done with it in words, no ids or codes.
    for (const needle of [
      fullName(ANNA),
      ANNA.comment,
      'Записи на обслуживание (2)',
      'обработка данных для записи и обслуживания',
    ]) {
      expect(text).toContain(needle);
    }
    for (const needle of [annaId, 'BookingRequested', 'ConsentGiven', 'personal-data']) expect(text).not.toContain(needle);
    for (const needle of [BORIS.first, BORIS.last, BORIS.comment, phoneFor(boris).slice(1), borisId]) {
      expect(text).not.toContain(needle);
    }
    expect(h.telegram.callsFor(boris.id, 'sendDocument')).toEqual([]);

    await until(async () => (await requestsOf(annaId))[0].trail.delivery.status === 'sent', 'the delivery to be recorded');
    const log = await as(officer.token, 'GET', `/api/compliance/security-log?clientId=${annaId}`);
    expect(log.body.entries.filter((entry: any) => entry.action === 'trail-released')).toEqual([
      expect.objectContaining({ userId: officer.id, role: 'compliance', clientIds: [annaId] }),
    ]);
  });

  it('refuses a second release and a new draft after the release (409), and sends nothing more', async () => {
    const twice = await as(officer.token, 'POST', `/api/compliance/requests/${annaRequest}/trail/release`, {
      exportId: annaExport,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await as(officer.token, 'POST', `/api/compliance/requests/${annaRequest}/trail`)).status).toBe(409);
    const { rows } = await h.server.runtime.pool.query(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'TrailReleased'`,
    );
    expect(rows[0].n).toBe(1);
    await h.reactorCaughtUp();
    expect(documentsSent()).toHaveLength(1);
  });

  it('hands the answer to a phone request to the officer as a download; the bot sends nothing', async () => {
    const registered = await as(officer.token, 'POST', '/api/compliance/requests', {
      clientId: borisId,
      kind: 'access',
      channel: 'phone',
      evidence: 'phone-callback',
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    const early = await as(officer.token, 'POST', `/api/compliance/requests/${id}/trail/release`, {
      exportId: '00000000-0000-4000-8000-000000000000',
    });
    expect(early.status).toBe(404);
    const prepared = await as(officer.token, 'POST', `/api/compliance/requests/${id}/trail`);
    expect(prepared.status).toBe(201);
    const unnamed = await as(officer.token, 'POST', `/api/compliance/requests/${id}/trail/release`, {});
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.code).toBe('VALIDATION');
    const stale = await as(officer.token, 'POST', `/api/compliance/requests/${id}/trail/release`, {
      exportId: '00000000-0000-4000-8000-000000000000',
    });
    expect(stale.status).toBe(409);
    const released = await as(officer.token, 'POST', `/api/compliance/requests/${id}/trail/release`, {
      exportId: prepared.body.export.id,
    });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body.export.delivery).toMatchObject({ channel: 'download', status: 'ready' });
    // A look at the released answer is not its delivery, nor a download another site's link started.
    const looked = await as(officer.token, 'GET', `/api/compliance/requests/${id}/trail?format=json`);
    expect(looked.body.export.delivery).toMatchObject({ channel: 'download', status: 'ready' });
    const forged = await fetch(`${h.server.url}/api/compliance/requests/${id}/trail?format=html&download=1`, {
      headers: { ...bearer(officer.token), 'sec-fetch-site': 'cross-site' },
    });
    expect(forged.status).toBe(200);
    expect((await requestsOf(borisId)).find((candidate) => candidate.id === id).trail.delivery.status).toBe('ready');

    const response = await fetch(`${h.server.url}/api/compliance/requests/${id}/trail?format=html&download=1`, {
      headers: bearer(officer.token),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.html"$/);
    const html = await response.text();
    expect(html).toContain(fullName(BORIS));
    expect(html).not.toContain(ANNA.last);
    const request = (await requestsOf(borisId)).find((candidate) => candidate.id === id);
    expect(request.trail.delivery).toMatchObject({ channel: 'download', status: 'downloaded' });
    await h.reactorCaughtUp();
    expect(h.telegram.callsFor(boris.id, 'sendDocument')).toEqual([]);
  });

  it('answers only an open access request about a known client', async () => {
    const erasure = await as(officer.token, 'POST', '/api/compliance/requests', {
      clientId: borisId,
      kind: 'erasure',
      channel: 'phone',
      evidence: 'phone-callback',
    });
    const refused = await as(officer.token, 'POST', `/api/compliance/requests/${erasure.body.id}/trail`);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION');
    const missing = await as(officer.token, 'POST', '/api/compliance/requests/00000000-0000-4000-8000-000000000000/trail');
    expect(missing.status).toBe(404);
  });

  it('leaves no readable copy of the answer once the client is erased', async () => {
    const erased = await as(officer.token, 'POST', `/api/compliance/clients/${annaId}/erase`, {
      reason: 'subject-request',
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(201);
    const review = await as(officer.token, 'GET', `/api/compliance/requests/${annaRequest}/trail?format=html`);
    expect(review.status).toBe(410);
    expect(review.body.code).toBe('ERASED');
    const { rows } = await h.server.runtime.pool.query(
      'SELECT content, erased_at FROM compliance_trail_exports WHERE request_id = $1',
      [annaRequest],
    );
    expect(rows[0]).toMatchObject({ content: null, erased_at: expect.any(Date) });
    expect((await requestsOf(annaId))[0].trail.status).toBe('erased');

    await h.server.waitForProjection();
    const dump = await dumpDatabase();
    const phone = phoneFor(anna);
    for (const needle of [fullName(ANNA), ANNA.last, ANNA.comment, phone, phone.slice(1), `+${phone}`]) {
      expect(dump.includes(needle), `the database holds «${needle}»`).toBe(false);
    }
    // The dump does hold what it should: the other client is still there.
    expect(dump).toContain(fullName(BORIS));
  });
});
