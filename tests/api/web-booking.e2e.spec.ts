import { solveChallenge } from 'altcha-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_REQUESTS_PER_ADDRESS, READS_PER_ADDRESS } from '../../api/routes/public-booking.ts';
import { SMS_CODES_PER_DAY } from '../../conversation/web-booking/one-time-codes.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../support/fake-sms-ru.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The public booking page's API as a stranger and as a client use it: no staff session; a phone
 * proven by a one-time code (SMS.ru's JSON against its loopback fake) after ALTCHA's proof of work;
 * the client's token books, lists, cancels and withdraws the consent. Every refusal writes nothing.
 */
let server: TestServer;
let sms: FakeSmsRu;
/** The server's clock when a test sets it; the real one otherwise. */
let clock: number | null = null;

beforeAll(async () => {
  sms = await startFakeSmsRu();
  server = await startTestServer({
    now: () => clock ?? Date.now(),
    channels: { sms: { apiId: sms.apiId, baseUrl: sms.baseUrl } },
  });
});
afterAll(async () => {
  await server?.stop();
  await sms?.close();
});

/** A request as a browser without any session sends it. */
const pub = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
};

/** Solves the page's puzzle as the browser does and gives the base64 JSON the page sends. */
const proof = async () => {
  const { body: challenge } = await pub('GET', '/api/public/booking/challenge');
  const solved = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  expect(solved).not.toBeNull();
  return Buffer.from(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solved!.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  ).toString('base64');
};

const station = async () => (await pub('GET', `/api/public/booking/station?branchId=${server.branch.id}`)).body;

const codeRequest = async (phone: string, name: string, extra: Record<string, unknown> = {}) =>
  pub('POST', '/api/public/booking/code', {
    branchId: server.branch.id,
    name,
    phone,
    lang: 'ru',
    consentHash: (await station()).notice.hash,
    proof: await proof(),
    ...extra,
  });

/** The six digits of the last SMS to the number. */
const lastCode = (phone: string) => /\b(\d{6})\b/.exec(sms.to(phone).at(-1) ?? '')?.[1] ?? '';

const signIn = async (phone: string, name: string) => {
  const sent = await codeRequest(phone, name);
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const confirmed = await pub('POST', '/api/public/booking/confirm', {
    branchId: server.branch.id,
    requestId: sent.body.requestId,
    code: lastCode(phone),
    phone,
    name,
  });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return { 'x-client-token': confirmed.body.token as string };
};

const writes = async () => ({
  events: await server.eventCount(),
  codes: Number((await server.runtime.pool.query('SELECT count(*)::int AS n FROM web_booking_codes')).rows[0].n),
});

describe('the public booking page', () => {
  it('books a new client from services to a confirmed phone, with the UTM source and no personal data in events', async () => {
    const shown = await station();
    expect(shown.stationName).toBeTruthy();
    expect(shown.services.map((service: { name: string }) => service.name)).toContain(server.service('Замена масла').name);
    expect(shown.notice.text).toContain('персональных данных');
    // The page's own wording: given by a tick and withdrawn on the page, not by a bot's button or command.
    expect(shown.notice.text).toContain('Отмечая «Я даю согласие», вы подтверждаете согласие.');
    expect(shown.notice.text).toContain('кнопкой «Отозвать согласие»');
    expect(shown.notice.text).not.toMatch(/\/privacy|Нажимая «Согласен»|мессенджере/);

    const oil = server.service('Замена масла').id;
    const day = startAt(server.branch, 3, '10:00').slice(0, 10);
    const free = await pub('GET', `/api/public/booking/free-times?branchId=${server.branch.id}&serviceIds=${oil}&date=${day}`);
    expect(free.status).toBe(200);
    expect(free.body.starts.length).toBeGreaterThan(3);
    // The same service twice is refused here as the booking refuses it, not priced as two.
    const twice = await pub(
      'GET',
      `/api/public/booking/free-times?branchId=${server.branch.id}&serviceIds=${oil},${oil}&date=${day}`,
    );
    expect(twice.status).toBe(400);
    expect(twice.body.field).toBe('serviceIds');

    const phone = '+7 (916) 555-10-01';
    const sent = await codeRequest(phone, 'Вера Сайтова');
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.channel).toBe('sms');
    const message = sms.to(phone).at(-1)!;
    expect(message).toContain(shown.stationName);
    expect(message).toMatch(/^\d{6} — код для записи/);

    const wrongDigits = lastCode(phone) === '000000' ? '111111' : '000000';
    const wrong = await pub('POST', '/api/public/booking/confirm', {
      branchId: server.branch.id,
      requestId: sent.body.requestId,
      code: wrongDigits,
      phone,
      name: 'Вера Сайтова',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('CODE_WRONG');
    expect(wrong.body.attemptsLeft).toBe(4);

    const confirm = {
      branchId: server.branch.id,
      requestId: sent.body.requestId,
      code: lastCode(phone),
      phone,
      name: 'Вера Сайтова',
    };
    const signed = await pub('POST', '/api/public/booking/confirm', confirm);
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.name).toBe('Вера Сайтова');
    expect(signed.body.phone).not.toContain('5551001');
    // A code is good once.
    expect((await pub('POST', '/api/public/booking/confirm', confirm)).body.code).toBe('CODE_EXPIRED');

    const token = { 'x-client-token': signed.body.token as string };
    expect((await pub('GET', '/api/public/me', undefined, token)).body.name).toBe('Вера Сайтова');
    const start = free.body.starts[2] as string;
    const booked = await pub(
      'POST',
      '/api/public/bookings',
      {
        branchId: server.branch.id,
        serviceIds: [oil],
        start,
        car: { make: 'Kia', model: 'Rio', plate: 'А123ВС777' },
        utm: { source: 'Yandex', medium: 'cpc', campaign: 'zima<script>' },
      },
      { ...token, 'idempotency-key': 'first-try' },
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(Date.parse(booked.body.start)).toBe(Date.parse(start));
    // The same tap again (a retried request) is the same booking.
    const again = await pub(
      'POST',
      '/api/public/bookings',
      { branchId: server.branch.id, serviceIds: [oil], start },
      { ...token, 'idempotency-key': 'first-try' },
    );
    expect(again.body.id).toBe(booked.body.id);

    await server.waitForProjection();
    const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=${day}`);
    const card = board.body.columns
      .flatMap((column: { cards: unknown[] }) => column.cards)
      .find((c: { id: string }) => c.id === booked.body.id);
    expect(card).toMatchObject({ channel: 'web', source: 'yandex / cpc / zima-script', plate: 'А123ВС777' });
    expect((await server.runtime.deps.clients.standingOf(card.clientId)).consents).toContain('personal-data');

    const { rows } = await server.runtime.pool.query<{ data: string }>(
      `SELECT message_data::text AS data FROM emt_messages WHERE stream_id IN ($1, $2)`,
      [`client-${card.clientId}`, `booking-${booked.body.id}`],
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const { data } of rows) {
      expect(data).not.toContain('Сайтова');
      expect(data).not.toContain('9165551001');
      expect(data).not.toContain('А123ВС777');
    }

    const mine = await pub('GET', '/api/public/bookings', undefined, token);
    expect(mine.body.bookings).toEqual([
      expect.objectContaining({
        id: booked.body.id,
        status: 'New',
        cancellable: true,
        services: [server.service('Замена масла').name],
      }),
    ]);
    const cancelled = await pub('POST', `/api/public/bookings/${booked.body.id}/cancel`, undefined, token);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.status).toBe('Cancelled');
    expect((await pub('POST', `/api/public/bookings/${booked.body.id}/cancel`, undefined, token)).body.code).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('names the station’s phone and address, and books a client no nearer than the branch’s notice', async () => {
    await server.runtime.pool.query('UPDATE organizations SET phone = $2, legal_address = $3 WHERE id = $1', [
      server.branch.orgId,
      '+74951234567',
      'Москва, ул. Гаражная, 7',
    ]);
    const shown = await station();
    expect(shown).toMatchObject({ phone: '+74951234567', address: 'Москва, ул. Гаражная, 7', codesBySms: true });
    expect(shown.branch.leadMinutes).toBe(120);
    // A day off the owner set shows as closed on the page's day strip.
    const dayOff = startAt(server.branch, 4, '10:00').slice(0, 10);
    expect(shown.branch.closedDays).not.toContain(dayOff);
    const branchPath = `/api/branches/${server.branch.id}`;
    expect((await server.api('PATCH', branchPath, { daysOff: [dayOff] })).status).toBe(200);
    expect((await station()).branch.closedDays).toContain(dayOff);
    expect((await server.api('PATCH', branchPath, { daysOff: [] })).status).toBe(200);
    const oil = server.service('Замена масла').id;
    // The station's clock at 10:00 on a day it works: the page offers nothing before 12:00 that day.
    let day = '';
    for (let days = 8; days < 14 && !day; days++) {
      const candidate = startAt(server.branch, days, '10:00').slice(0, 10);
      const free = await pub(
        'GET',
        `/api/public/booking/free-times?branchId=${server.branch.id}&serviceIds=${oil}&date=${candidate}`,
      );
      if (free.body.starts.some((start: string) => start.includes('T10:00'))) day = candidate;
    }
    expect(day).not.toBe('');
    const at = (time: string) => `${day}T${time}${startAt(server.branch, 5, time).slice(16)}`;
    clock = Date.parse(at('10:00'));
    try {
      const free = await pub('GET', `/api/public/booking/free-times?branchId=${server.branch.id}&serviceIds=${oil}&date=${day}`);
      expect(free.body.starts.length).toBeGreaterThan(0);
      expect(Math.min(...free.body.starts.map((start: string) => Date.parse(start)))).toBe(Date.parse(at('12:00')));
      const token = await signIn('+79165551090', 'Поздний Клиент');
      const before = await server.eventCount();
      const tooSoon = await pub(
        'POST',
        '/api/public/bookings',
        { branchId: server.branch.id, serviceIds: [oil], start: at('11:00') },
        token,
      );
      expect(tooSoon.status).toBe(422);
      expect(tooSoon.body).toMatchObject({ code: 'TOO_SOON', leadMinutes: 120 });
      expect(await server.eventCount()).toBe(before);
      // The desk books the same time for a caller: staff are not held to the notice.
      const byPhone = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: oil,
        start: at('11:00'),
        client: { name: 'Позвонивший', phone: '+79165551091' },
      });
      expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(201);
      const inTime = await pub(
        'POST',
        '/api/public/bookings',
        { branchId: server.branch.id, serviceIds: [oil], start: at('12:00') },
        token,
      );
      expect(inTime.status, JSON.stringify(inTime.body)).toBe(201);
    } finally {
      clock = null;
    }
  });

  it('pays for SMS only to Russian mobiles, and for so many a day', async () => {
    for (const phone of ['+7 495 123-45-67', '8 800 555-35-35', '+1 212 555 0100']) {
      const refused = await codeRequest(phone, 'Городской Номер');
      expect(refused.status, phone).toBe(400);
      expect(refused.body.code).toBe('SMS_ONLY_TO_MOBILE');
      expect(sms.to(phone)).toEqual([]);
    }
    // The station's codes for the day are spent: a new mobile gets none, and the page is told.
    await server.runtime.pool.query(
      `INSERT INTO web_booking_codes (id, org_id, phone_hash, code_hash, channel, notice_version, notice_hash, consent_at, expires_at, created_at)
       SELECT gen_random_uuid(), $1, 'spent-' || n, 'x', 'sms', 'v', 'h', now(), now(), now() FROM generate_series(1, $2::int) AS n`,
      [server.branch.orgId, SMS_CODES_PER_DAY],
    );
    try {
      const spent = await codeRequest('+79165551095', 'Опоздавший Клиент');
      expect(spent.status).toBe(502);
      expect(spent.body.code).toBe('CODE_NOT_SENT');
      expect(sms.to('+79165551095')).toEqual([]);
    } finally {
      await server.runtime.pool.query("DELETE FROM web_booking_codes WHERE phone_hash LIKE 'spent-%'");
    }
    expect((await codeRequest('+79165551096', 'Опоздавший Клиент')).status).toBe(201);
  });

  it('offers the nearest free times when the time was taken meanwhile, and books nothing', async () => {
    const token = await signIn('+79165551002', 'Пётр Занятов');
    const oil = server.service('Замена масла').id;
    const start = startAt(server.branch, 4, '11:00');
    // Every bay that can do it is taken at 11:00 by the staff.
    for (const bay of server.bays) {
      await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: oil,
        bayId: bay.id,
        start,
        client: { name: 'Занявший', phone: `+7916555${String(2100 + server.bays.indexOf(bay))}` },
      });
    }
    const requested = async () =>
      Number(
        (await server.runtime.pool.query("SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'BookingRequested'"))
          .rows[0].n,
      );
    const before = await requested();
    const refused = await pub('POST', '/api/public/bookings', { branchId: server.branch.id, serviceIds: [oil], start }, token);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SLOT_TAKEN');
    expect(refused.body.alternatives.length).toBeGreaterThan(0);
    expect(Date.parse(refused.body.alternatives[0].start)).not.toBe(Date.parse(start));
    // Only the turned-away demand is recorded (the KPIs count it), no booking.
    expect(await requested()).toBe(before);
  });

  it('offers a client only times within the branch’s horizon when the rest of it is taken', async () => {
    const branchPath = `/api/branches/${server.branch.id}`;
    expect((await server.api('PATCH', branchPath, { bookingHorizonDays: 7 })).status).toBe(200);
    try {
      const token = await signIn('+79165551003', 'Марк Краев');
      const oil = server.service('Замена масла').id;
      // Staff take every start of days 6 and 7 on every bay that does the service: the nearest free
      // starts then lie on day 8, past the clients' horizon (7 days on) whatever the hour now.
      let taken = 0;
      for (const day of [6, 7]) {
        for (let minutes = 9 * 60; minutes < 20 * 60; minutes += 30) {
          const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          for (let n = 0; n <= server.bays.length; n++) {
            const answer = await server.api('POST', '/api/bookings', {
              branchId: server.branch.id,
              serviceId: oil,
              start: startAt(server.branch, day, time),
              client: { name: 'Занявший', phone: `+7916556${String(1000 + taken).padStart(4, '0')}` },
            });
            if (answer.status !== 201) break;
            taken++;
          }
        }
      }
      expect(taken).toBeGreaterThan(10);
      const start = startAt(server.branch, 6, '17:00');
      const refused = await pub('POST', '/api/public/bookings', { branchId: server.branch.id, serviceIds: [oil], start }, token);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('SLOT_TAKEN');
      expect(refused.body.alternatives).toEqual([]);
      // Staff are held to a year: the same refusal offers them day 8.
      const staff = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: oil,
        start,
        client: { name: 'Марк Краев', phone: '+79165551003' },
      });
      expect(staff.status).toBe(409);
      const latest = Date.now() + 7 * 86_400_000;
      expect((staff.body.alternatives as { start: string }[]).length).toBeGreaterThan(0);
      expect((staff.body.alternatives as { start: string }[]).every((one) => Date.parse(one.start) > latest)).toBe(true);
    } finally {
      expect((await server.api('PATCH', branchPath, { bookingHorizonDays: 14 })).status).toBe(200);
    }
  });

  it('lets one client hold three upcoming visits, even when a script asks for ten at once', async () => {
    const token = await signIn('+79165551004', 'Семён Жадный');
    const oil = server.service('Замена масла').id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        pub(
          'POST',
          '/api/public/bookings',
          {
            branchId: server.branch.id,
            serviceIds: [oil],
            start: startAt(server.branch, 5, `${String(9 + n).padStart(2, '0')}:00`),
          },
          token,
        ),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.map((answer) => answer.body.code)).toEqual(Array(7).fill('TOO_MANY_OPEN_BOOKINGS'));
    // A visit cancelled makes room for another.
    const [first] = answers.filter((answer) => answer.status === 201);
    expect((await pub('POST', `/api/public/bookings/${first!.body.id}/cancel`, {}, token)).status).toBe(200);
    const again = await pub(
      'POST',
      '/api/public/bookings',
      { branchId: server.branch.id, serviceIds: [oil], start: startAt(server.branch, 10, '15:00') },
      token,
    );
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // «Мои записи»: the coming visits nearest first (the cancelled one among them, by its time).
    await server.waitForProjection();
    const mine = (await pub('GET', '/api/public/bookings', undefined, token)).body.bookings as { start: string }[];
    const starts = mine.map((row) => Date.parse(row.start));
    expect(starts).toHaveLength(4);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('ends the page’s sign-in when the staff change the client’s phone: the old number opens nothing', async () => {
    const token = await signIn('+79165551077', 'Семён Сменённый');
    const me = await pub('GET', '/api/public/me', undefined, token);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    await server.waitForProjection();
    const { rows } = await server.runtime.pool.query<{ id: string }>(
      `SELECT id::text FROM rm.clients WHERE name = 'Семён Сменённый'`,
    );
    const changed = await server.api('PUT', `/api/clients/${rows[0]!.id}/phone`, { phone: '+79165551078' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const after = await pub('GET', '/api/public/me', undefined, token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('CLIENT_TOKEN_INVALID');
    // The client confirms the new number and is in again.
    expect((await pub('GET', '/api/public/me', undefined, await signIn('+79165551078', 'Семён Сменённый'))).status).toBe(200);
  });

  it('keeps strangers out: forged tokens, someone else’s booking, a replayed or forged puzzle, a changed consent', async () => {
    const own = await signIn('+79165551003', 'Анна Своя');
    const other = await signIn('+79165551004', 'Олег Чужой');
    const oil = server.service('Замена масла').id;
    const booked = await pub(
      'POST',
      '/api/public/bookings',
      { branchId: server.branch.id, serviceIds: [oil], start: startAt(server.branch, 5, '12:00') },
      own,
    );
    expect(booked.status).toBe(201);

    const before = await writes();
    expect((await pub('POST', `/api/public/bookings/${booked.body.id}/cancel`, undefined, other)).status).toBe(404);
    const forged = { 'x-client-token': `${own['x-client-token'].slice(0, -4)}AAAA` };
    expect((await pub('GET', '/api/public/bookings', undefined, forged)).body.code).toBe('CLIENT_TOKEN_INVALID');
    // A staff session is no client token.
    expect((await pub('GET', '/api/public/me', undefined, { 'x-client-token': server.token })).status).toBe(401);
    expect((await pub('GET', '/api/public/me')).status).toBe(401);

    const used = await proof();
    const hash = (await station()).notice.hash;
    const ask = (extra: Record<string, unknown>) =>
      pub('POST', '/api/public/booking/code', {
        branchId: server.branch.id,
        name: 'Бот Ботов',
        phone: '+79165551005',
        lang: 'ru',
        consentHash: hash,
        proof: used,
        ...extra,
      });
    expect((await ask({})).status).toBe(201);
    const replayed = await ask({});
    expect(replayed.status).toBe(400);
    expect(replayed.body.code).toBe('CHALLENGE_FAILED');
    expect((await ask({ proof: Buffer.from('{"number":1}').toString('base64') })).body.code).toBe('CHALLENGE_FAILED');
    expect((await ask({ proof: await proof(), consentHash: 'a'.repeat(64) })).body.code).toBe('CONSENT_CHANGED');
    const after = await writes();
    expect(after.events).toBe(before.events);
    expect(after.codes).toBe(before.codes + 1);
  });

  it('refuses bad input with a clear problem and writes nothing', async () => {
    const token = await signIn('+79165551006', 'Ирина Точная');
    const before = await writes();
    const bad = [
      await pub('POST', '/api/public/booking/code', '{"branchId": ', { 'content-type': 'application/json' }),
      await codeRequest('не телефон', 'Имя'),
      await codeRequest('+79165551007', 'Имя\u0007'),
      await codeRequest('+79165551007', 'Имя', { branchId: '00000000-0000-4000-8000-000000000000' }),
      await pub('POST', '/api/public/booking/confirm', {
        branchId: server.branch.id,
        requestId: '00000000-0000-4000-8000-000000000000',
        code: '12ab56',
        phone: '+79165551007',
        name: 'Имя',
      }),
      await pub(
        'POST',
        '/api/public/bookings',
        { branchId: server.branch.id, serviceIds: [server.service('Замена масла').id], start: '2031-01-01T10:00:00+03:00' },
        token,
      ),
      await pub(
        'POST',
        '/api/public/bookings',
        {
          branchId: server.branch.id,
          serviceIds: [server.service('Замена масла').id],
          start: startAt(server.branch, 2, '10:00'),
          car: { plate: '<b>' },
        },
        token,
      ),
      await pub('GET', `/api/public/booking/free-times?branchId=${server.branch.id}&serviceIds=x&date=2026-02-30`),
      // A minute off the offered grid, and one work asked for three times.
      await pub(
        'POST',
        '/api/public/bookings',
        {
          branchId: server.branch.id,
          serviceIds: [server.service('Замена масла').id],
          start: startAt(server.branch, 2, '10:07'),
        },
        token,
      ),
      await pub(
        'POST',
        '/api/public/bookings',
        {
          branchId: server.branch.id,
          serviceIds: Array(3).fill(server.service('Диагностика ходовой').id),
          start: startAt(server.branch, 2, '11:00'),
        },
        token,
      ),
    ];
    for (const answer of bad) {
      expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(typeof answer.body.detail).toBe('string');
    }
    expect(bad.map((answer) => answer.status)).toEqual([400, 400, 400, 404, 400, 400, 400, 400, 400, 400]);
    expect(bad.slice(-2).map((answer) => answer.body.field)).toEqual(['start', 'serviceIds']);
    expect(await writes()).toEqual(before);
  });

  it('signs a shared device out on the server: a copy of the token opens nothing after «Это не я»', async () => {
    const token = await signIn('+79165551097', 'Ольга Стойка');
    const copy = { ...token };
    expect((await pub('GET', '/api/public/me', undefined, token)).status).toBe(200);
    expect((await pub('POST', '/api/public/signout', undefined, token)).status).toBe(204);
    expect((await pub('GET', '/api/public/me', undefined, copy)).status).toBe(401);
    expect((await pub('GET', '/api/public/bookings', undefined, copy)).status).toBe(401);
    // Again, or with no token at all: nothing to do, nothing refused.
    expect((await pub('POST', '/api/public/signout', undefined, copy)).status).toBe(204);
    expect((await pub('POST', '/api/public/signout')).status).toBe(204);
    // Another browser of the same client, signed in on its own, is not touched.
    const other = await signIn('+79165551097', 'Ольга Стойка');
    expect((await pub('GET', '/api/public/me', undefined, other)).status).toBe(200);
  });

  it('stops working for a client who withdraws the consent', async () => {
    const token = await signIn('+79165551008', 'Галина Отзывная');
    expect((await pub('POST', '/api/public/consent/withdraw', undefined, token)).status).toBe(204);
    expect((await pub('GET', '/api/public/bookings', undefined, token)).status).toBe(401);
  });

  it('limits codes per phone and requests per address, saying when to come back', async () => {
    const phone = '+79165551009';
    for (let i = 0; i < 3; i += 1) expect((await codeRequest(phone, 'Частый Гость')).status).toBe(201);
    const fourth = await codeRequest(phone, 'Частый Гость');
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('TOO_MANY_CODES');
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(sms.to(phone)).toHaveLength(3);

    // One address asking for codes to ever new numbers is stopped too (CODE_REQUESTS_PER_ADDRESS in 15 minutes).
    let answer = fourth;
    let asked = 0;
    while (answer.body.code !== 'TOO_MANY_ATTEMPTS' && asked < CODE_REQUESTS_PER_ADDRESS + 1) {
      answer = await codeRequest(`+7916556${2000 + asked}`, 'Перебор');
      asked += 1;
    }
    expect(asked).toBeLessThanOrEqual(CODE_REQUESTS_PER_ADDRESS);
    expect(answer.status).toBe(429);
    expect(answer.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('stops a script reading every day’s free times, or the station again and again, from one address', async () => {
    const oil = server.service('Замена масла').id;
    const day = startAt(server.branch, 1, '10:00').slice(0, 10);
    let answer = { status: 200, headers: new Headers(), body: null as any };
    let reads = 0;
    while (answer.status !== 429 && reads <= READS_PER_ADDRESS) {
      answer = await pub('GET', `/api/public/booking/free-times?branchId=${server.branch.id}&serviceIds=${oil}&date=${day}`);
      reads += 1;
    }
    expect(reads).toBeLessThanOrEqual(READS_PER_ADDRESS);
    expect(answer.status).toBe(429);
    expect(answer.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await pub('GET', `/api/public/booking/station?branchId=${server.branch.id}`)).status).toBe(429);
  });
});
