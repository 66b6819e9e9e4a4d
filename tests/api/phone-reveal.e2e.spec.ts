import { createRequire } from 'node:module';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAsOf, replayAsOf } from '../../projections/replay.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = { on: (event: string, listener: (...args: any[]) => void) => unknown; close: () => void };
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

const PHONE = '+79168273512';
const MASKED = '+7 *** ***-**-12';
const PLATE = 'М512ТК77';

let server: TestServer;
let bookingId: string;
let clientId: string;
let officer: { token: string; id: string };
let manager: { token: string; id: string };
let mechanic: { token: string; id: string };
let otherManager: { token: string; id: string };

const DAYS_AHEAD = 4;
const day = () => Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
let hour = 9;
let phones = 0;

const book = async (phone = `+7903${String(7_000_000 + ++phones).slice(-7)}`, plate?: string) => {
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, DAYS_AHEAD, `${String(hour++).padStart(2, '0')}:00`),
    client: { name: 'Вера Соколова', phone },
    ...(plate ? { car: { make: 'Lada', model: 'Vesta', plate } } : {}),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await server.waitForProjection();
  return response.body.id as string;
};

/** The answer's text exactly as it went over the wire, so nothing a parser drops can hide a number. */
const raw = async (token: string, path: string, init: { method?: string } = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, text: await response.text() };
};

/** Neither the number nor any part of it beyond the two last digits the mask shows. */
const expectNoNumber = (text: string, phone = PHONE) => {
  const national = phone.slice(2);
  expect(text).not.toContain(national);
  expect(text).not.toContain(national.slice(0, 8));
};

const reveals = async () => {
  const { status, body } = await server.api('GET', `/api/compliance/access-log?clientId=${clientId}`, undefined, {
    authorization: `Bearer ${officer.token}`,
  });
  expect(status).toBe(200);
  return (body.entries as { action: string; userId: string; role: string; clientIds: string[]; details: any }[]).filter(
    (entry) => entry.action === 'phone-reveal',
  );
};

beforeAll(async () => {
  server = await startTestServer();
  bookingId = await book(PHONE, 'м512тк 77');
  clientId = (await server.api('GET', `/api/bookings/${bookingId}`)).body.clientId;
  officer = await server.addUser('compliance');
  manager = await server.addUser('manager', [server.branch.id]);
  mechanic = await server.addUser('mechanic', [server.branch.id]);
  const other = await server.api('POST', '/api/branches', {
    name: 'СТО на Лесной',
    timeZone: 'Europe/Moscow',
    hours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { open: '09:00', close: '20:00', breaks: [] }])),
  });
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  otherManager = await server.addUser('manager', [other.body.id]);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('Phones on booking cards', () => {
  it('gives the board, the calendar and the card by id the masked phone only, to staff and mechanics alike', async () => {
    for (const token of [server.token, manager.token, mechanic.token]) {
      const board = await raw(token, `/api/board?branchId=${server.branch.id}&date=${day()}`);
      expect(board.status).toBe(200);
      const cards = (JSON.parse(board.text).columns as { cards: { id: string; clientPhone: string }[] }[]).flatMap(
        (c) => c.cards,
      );
      expect(cards.find((card) => card.id === bookingId)?.clientPhone).toBe(MASKED);
      expectNoNumber(board.text);

      const calendar = await raw(token, `/api/calendar?branchId=${server.branch.id}&from=${day()}&to=${day()}T23:59:00Z`);
      expect(calendar.status).toBe(200);
      const events = JSON.parse(calendar.text).events as { id: string; clientPhone: string }[];
      expect(events.find((event) => event.id === bookingId)?.clientPhone).toBe(MASKED);
      expectNoNumber(calendar.text);

      const card = await raw(token, `/api/bookings/${bookingId}`);
      expect(card.status).toBe(200);
      expect(JSON.parse(card.text)).toMatchObject({ id: bookingId, clientPhone: MASKED });
      expectNoNumber(card.text);
    }
  });

  it('keeps the number out of the board as of an instant', async () => {
    const asOf = parseAsOf(Temporal.Instant.fromEpochMilliseconds(Math.ceil((Date.now() + 1) / 60_000) * 60_000).toString())!;
    await replayAsOf(server.runtime.pool, asOf);
    const board = await raw(
      server.token,
      `/api/history/board?asOf=${asOf.toString()}&branchId=${server.branch.id}&date=${day()}`,
    );
    expect(board.status, board.text).toBe(200);
    const cards = (JSON.parse(board.text).columns as { cards: { id: string; clientPhone: string | null }[] }[]).flatMap(
      (c) => c.cards,
    );
    expect(cards.map((card) => card.id)).toContain(bookingId);
    expectNoNumber(board.text);
  });

  it('pushes cards over the live feed, and replays them after ?since, with the masked phone only', async () => {
    const frames: string[] = [];
    const connect = (query: string) =>
      new Promise<WsClient>((resolve, reject) => {
        const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live?token=${manager.token}${query}`);
        socket.on('message', (data: Buffer) => frames.push(data.toString()));
        socket.on('open', () => resolve(socket));
        socket.on('error', reject);
      });
    const frameAbout = async (id: string, status: string) => {
      for (let i = 0; i < 150; i++) {
        const found = frames.find((frame) => frame.includes(id) && frame.includes(`"status":"${status}"`));
        if (found) return found;
        await new Promise((wait) => setTimeout(wait, 20));
      }
      throw new Error(`no live message about ${id} (${status}); got ${frames.join('\n')}`);
    };

    const live = await connect('');
    const phone = '+79034561278';
    const pushedId = await book(phone);
    const pushed = JSON.parse(await frameAbout(pushedId, 'New'));
    expect(pushed.booking.clientPhone).toBe('+7 *** ***-**-78');
    const since = pushed.position as number;
    live.close();

    expect((await server.api('POST', `/api/bookings/${pushedId}/status`, { status: 'Confirmed' })).status).toBe(200);
    expect((await server.api('POST', `/api/bookings/${bookingId}/status`, { status: 'Confirmed' })).status).toBe(200);
    await server.waitForProjection();
    frames.length = 0;
    const replay = await connect(`&since=${since}`);
    const replayed = [await frameAbout(pushedId, 'Confirmed'), await frameAbout(bookingId, 'Confirmed')].map(
      (frame) => JSON.parse(frame).booking.clientPhone,
    );
    expect(replayed).toEqual(['+7 *** ***-**-78', MASKED]);
    replay.close();
    for (const frame of frames) {
      expectNoNumber(frame, phone);
      expectNoNumber(frame);
    }
  });
});

describe('POST /api/bookings/:id/reveal-phone', () => {
  it('gives a manager of the branch the number and adds exactly one access-log entry naming the booking', async () => {
    const before = await reveals();
    const response = await server.api('POST', `/api/bookings/${bookingId}/reveal-phone`, undefined, {
      authorization: `Bearer ${manager.token}`,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ clientId, phone: PHONE });
    const after = await reveals();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({
      userId: manager.id,
      role: 'manager',
      clientIds: [clientId],
      details: { bookingId },
      ip: expect.any(String),
    });
  });

  it('gives the owner the number too', async () => {
    const before = await reveals();
    const response = await server.api('POST', `/api/bookings/${bookingId}/reveal-phone`);
    expect(response.status).toBe(200);
    expect(response.body.phone).toBe(PHONE);
    expect(await reveals()).toHaveLength(before.length + 1);
  });

  it('refuses a mechanic, the compliance officer and a manager of another branch with 403, logging nothing', async () => {
    const before = await reveals();
    for (const user of [mechanic, officer, otherManager]) {
      const response = await raw(user.token, `/api/bookings/${bookingId}/reveal-phone`, { method: 'POST' });
      expect(response.status).toBe(403);
      expect(JSON.parse(response.text).code).toBe('FORBIDDEN');
      expectNoNumber(response.text);
    }
    expect(await reveals()).toHaveLength(before.length);
  });

  it('answers an unknown booking with 404 and logs nothing', async () => {
    const before = await reveals();
    const response = await server.api('POST', '/api/bookings/00000000-0000-4000-a000-000000000000/reveal-phone');
    expect(response.status).toBe(404);
    expect(await reveals()).toHaveLength(before.length);
  });
});

describe('Client search by plate', () => {
  const found = async (q: string) =>
    ((await server.api('GET', `/api/clients?q=${encodeURIComponent(q)}`)).body.clients as { id: string }[]).map((c) => c.id);

  it('stores the plate typed in lower case with a space as the Cyrillic plate', async () => {
    const card = await server.api('GET', `/api/clients/${clientId}`);
    expect(card.body.cars).toEqual([expect.objectContaining({ plate: PLATE })]);
  });

  it('finds М512ТК77 typed in Latin look-alikes, in any case, with or without spaces', async () => {
    for (const q of ['m512tk 77', 'M512TK77', 'М512ТК77', 'м512 тк 77', 'm512tk']) expect(await found(q), q).toContain(clientId);
  });

  it('finds a plate stored with Latin letters and spaces by its Cyrillic spelling', async () => {
    // Plates written before the write path normalised them: the stored side goes through the same rule.
    const { rows } = await server.runtime.pool.query<{ id: string }>(
      `INSERT INTO rm.clients (id, org_id, name, phone, cars, channel, registered_at, erased)
       VALUES (gen_random_uuid(), $1, 'Старый Клиент', '+79030000001', '[{"plate": "a 777 mp 99"}]', 'import', now(), false)
       RETURNING id`,
      [server.branch.orgId],
    );
    expect(await found('А777МР99')).toContain(rows[0]!.id);
    expect(await found('a777mp 99')).toContain(rows[0]!.id);
  });

  it('does not find it by another plate', async () => {
    expect(await found('m512tk 78')).not.toContain(clientId);
    expect(await found('Н512ТК77')).not.toContain(clientId);
  });
});
