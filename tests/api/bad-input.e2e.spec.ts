import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startAt, phoneSequence } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const nextPhone = phoneSequence(162_000_001);

const oilChange = () => server.service('Замена масла');
const liftBay = () => server.bays.find((bay) => bay.name === 'Подъёмник 1')!;
const tyreBay = () => server.bays.find((bay) => bay.kinds.includes('tyre'))!;

const bookingBody = (overrides: Record<string, unknown> = {}) => ({
  branchId: server.branch.id,
  serviceId: oilChange().id,
  start: startAt(server.branch, 2, '10:00'),
  client: { name: 'Пётр', phone: nextPhone() },
  ...overrides,
});

const book = async (overrides: Record<string, unknown> = {}) => {
  const response = await server.api('POST', '/api/bookings', bookingBody(overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; bayId: string; start: string; end: string; status: string };
};

const setStatus = (id: string, status: string, reason?: string) =>
  server.api('POST', `/api/bookings/${id}/status`, reason === undefined ? { status } : { status, reason });

/** Runs a request that must be refused and checks that the log did not grow. */
const refused = async (request: () => Promise<{ status: number; body: any }>) => {
  const before = await server.eventCount();
  const response = await request();
  expect(await server.eventCount()).toBe(before);
  return response;
};

const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
  expect(typeof response.body.detail).toBe('string');
};

describe('POST /api/bookings', () => {
  describe('when the body is not valid JSON or breaks the schema', () => {
    it('refuses malformed JSON with 400', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', `{"branchId": "${server.branch.id}", "serviceId": `),
      );
      expectProblem(response, 400, 'FST_ERR_CTP_INVALID_JSON_BODY');
    });

    it('refuses an unknown top-level field', async () => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody({ discount: 100 })));
      expectProblem(response, 400, 'VALIDATION');
    });

    it('refuses an unknown field inside client', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', bookingBody({ client: { name: 'Пётр', phone: nextPhone(), x: 1 } })),
      );
      expectProblem(response, 400, 'VALIDATION');
    });

    it.each([
      ['serviceId is a number', { serviceId: 5 }],
      ['start is a number', { start: 123 }],
      ['client is a string', { client: 'str' }],
      ['branchId is not a uuid', { branchId: 'branch-1' }],
    ])('refuses a body where %s', async (_label, overrides) => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody(overrides)));
      expectProblem(response, 400, 'VALIDATION');
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', bookingBody({ comment: 'x'.repeat(1024 * 1024 + 10) })),
      );
      expectProblem(response, 413, 'FST_ERR_CTP_BODY_TOO_LARGE');
    });

    it('refuses a body that tries to set __proto__', async () => {
      const body = JSON.stringify(bookingBody()).replace(/^\{/, '{"__proto__": {"isAdmin": true}, ');
      const response = await refused(() => server.api('POST', '/api/bookings', body));
      expectProblem(response, 400, 'FST_ERR_CTP_INVALID_JSON_BODY');
    });

    it('refuses a body that is not JSON by its content type with 415', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', '<booking/>', { 'content-type': 'application/xml' }),
      );
      expectProblem(response, 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
    });

    it('refuses a compressed body with 415 naming the encoding, not as broken JSON', async () => {
      const response = await refused(async () => {
        const sent = await fetch(`${server.url}/api/bookings`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${server.token}`,
            'content-type': 'application/json',
            'content-encoding': 'gzip',
          },
          body: gzipSync(JSON.stringify(bookingBody())),
        });
        return { status: sent.status, body: await sent.json() };
      });
      expectProblem(response, 415, 'UNSUPPORTED_CONTENT_ENCODING');
    });

    it('refuses JSON sent as text/plain with 415: a cross-site form can send that type without asking', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', JSON.stringify(bookingBody()), { 'content-type': 'text/plain' }),
      );
      expectProblem(response, 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
    });

    it('refuses a missing body and a null body with 400', async () => {
      for (const [body, headers] of [
        [undefined, {}],
        ['null', {}],
      ] as const) {
        const response = await refused(() => server.api('POST', '/api/bookings', body, headers));
        expectProblem(response, 400, 'VALIDATION');
      }
    });
  });

  describe('when the time is wrong', () => {
    it('refuses a time outside working hours with 422 OUTSIDE_WORKING_HOURS', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', bookingBody({ start: startAt(server.branch, 2, '22:00') })),
      );
      expectProblem(response, 422, 'OUTSIDE_WORKING_HOURS');
    });

    it('refuses a job that would run past closing time', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', bookingBody({ start: startAt(server.branch, 2, '19:30') })),
      );
      expectProblem(response, 422, 'OUTSIDE_WORKING_HOURS');
    });

    it('refuses a time in the past with 422 IN_PAST', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', bookingBody({ start: startAt(server.branch, -1, '10:00') })),
      );
      expectProblem(response, 422, 'IN_PAST');
    });

    it('refuses a start without an offset with 400', async () => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody({ start: '2026-12-01T10:00' })));
      expectProblem(response, 400, 'VALIDATION');
      expect(response.body.field).toBe('start');
    });

    it('refuses a start that is not a date at all with 400', async () => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody({ start: 'tomorrow at ten!!' })));
      expectProblem(response, 400, 'VALIDATION');
    });
  });

  describe('when something named does not exist or does not fit', () => {
    it.each([
      ['branchId', () => ({ branchId: randomUUID() })],
      ['serviceId', () => ({ serviceId: randomUUID() })],
      ['bayId', () => ({ bayId: randomUUID() })],
    ])('refuses an unknown %s with 404', async (_field, overrides) => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody(overrides())));
      expectProblem(response, 404, 'NOT_FOUND');
    });

    it('refuses a bay that cannot do the service with 422 BAY_CANNOT_DO_SERVICE', async () => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody({ bayId: tyreBay().id })));
      expectProblem(response, 422, 'BAY_CANNOT_DO_SERVICE');
    });

    it.each(['abcdefg', '+7 (000) 000-00-00', '12345'])('refuses the invalid phone %s with 400', async (phone) => {
      const response = await refused(() => server.api('POST', '/api/bookings', bookingBody({ client: { name: 'Пётр', phone } })));
      expectProblem(response, 400, 'VALIDATION');
    });

    it('refuses a blank client name with 400', async () => {
      const response = await refused(() =>
        server.api('POST', '/api/bookings', bookingBody({ client: { name: '   ', phone: nextPhone() } })),
      );
      expectProblem(response, 400, 'VALIDATION');
    });
  });
});

describe('POST /api/bookings/:id/status', () => {
  describe('when the move skips or reverses a step', () => {
    it('refuses New → InProgress with 409 ILLEGAL_TRANSITION', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '09:00') });
      const response = await refused(() => setStatus(booking.id, 'InProgress'));
      expectProblem(response, 409, 'ILLEGAL_TRANSITION');
    });

    it('refuses New → Done with 409 ILLEGAL_TRANSITION', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '11:00') });
      const response = await refused(() => setStatus(booking.id, 'Done'));
      expectProblem(response, 409, 'ILLEGAL_TRANSITION');
    });

    it('refuses a move back to New with 409 ILLEGAL_TRANSITION', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '12:00') });
      expect((await setStatus(booking.id, 'Confirmed')).status).toBe(200);
      const response = await refused(() => setStatus(booking.id, 'New'));
      expectProblem(response, 409, 'ILLEGAL_TRANSITION');
    });

    it('refuses Done → Cancelled with 409 ILLEGAL_TRANSITION', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '14:00') });
      for (const status of ['Confirmed', 'InProgress', 'Done']) expect((await setStatus(booking.id, status)).status).toBe(200);
      const response = await refused(() => setStatus(booking.id, 'Cancelled', 'client_request'));
      expectProblem(response, 409, 'ILLEGAL_TRANSITION');
    });
  });

  describe('when the request itself is wrong', () => {
    it('refuses Cancelled without a reason with 400', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '16:00') });
      const response = await refused(() => setStatus(booking.id, 'Cancelled'));
      expectProblem(response, 400, 'VALIDATION');
      expect(response.body.field).toBe('reason');
    });

    it('refuses an unknown booking id with 404', async () => {
      const response = await refused(() => setStatus(randomUUID(), 'Confirmed'));
      expectProblem(response, 404, 'NOT_FOUND');
    });

    it('refuses a booking id that is not a uuid with 400', async () => {
      const response = await refused(() => setStatus('not-a-uuid', 'Confirmed'));
      expectProblem(response, 400, 'VALIDATION');
    });

    it('refuses an unknown status value with 400', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '17:00') });
      const response = await refused(() => setStatus(booking.id, 'Lost'));
      expectProblem(response, 400, 'VALIDATION');
    });

    it('refuses an unknown cancel reason with 400', async () => {
      const booking = await book({ start: startAt(server.branch, 3, '18:00') });
      const response = await refused(() => setStatus(booking.id, 'Cancelled', 'bored'));
      expectProblem(response, 400, 'VALIDATION');
    });
  });

  describe('when the booking walks New → Confirmed → InProgress → Done', () => {
    it('answers 200 each step and shows the card in the Done column of the board', async () => {
      const start = startAt(server.branch, 4, '10:00');
      const booking = await book({ start, bayId: liftBay().id });
      const before = await server.eventCount();
      for (const status of ['Confirmed', 'InProgress', 'Done']) {
        const response = await setStatus(booking.id, status);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        expect(response.body).toMatchObject({ id: booking.id, status });
      }
      expect((await server.eventCount()) - before).toBe(3);
      // Repeating the current status is a no-op: 200 and nothing written.
      const repeated = await refused(() => setStatus(booking.id, 'Done'));
      expect(repeated.status).toBe(200);

      await server.waitForProjection();
      const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=${start.slice(0, 10)}`);
      expect(board.status).toBe(200);
      const columns = board.body.columns as { status: string; cards: { id: string; status: string }[] }[];
      const holding = columns
        .filter((column) => column.cards.some((card) => card.id === booking.id))
        .map((column) => column.status);
      expect(holding).toEqual(['Done']);
    });
  });
});

describe('POST /api/bookings/:id/reschedule', () => {
  describe('when the new time cannot be had', () => {
    it('refuses a time in the past with 422 IN_PAST', async () => {
      const booking = await book({ start: startAt(server.branch, 5, '10:00') });
      const response = await refused(() =>
        server.api('POST', `/api/bookings/${booking.id}/reschedule`, { start: startAt(server.branch, -1, '10:00') }),
      );
      expectProblem(response, 422, 'IN_PAST');
    });

    it('refuses a time outside working hours with 422 OUTSIDE_WORKING_HOURS', async () => {
      const booking = await book({ start: startAt(server.branch, 5, '11:00') });
      const response = await refused(() =>
        server.api('POST', `/api/bookings/${booking.id}/reschedule`, { start: startAt(server.branch, 5, '06:00') }),
      );
      expectProblem(response, 422, 'OUTSIDE_WORKING_HOURS');
    });

    it('refuses a taken slot with 409 SLOT_TAKEN and offers free alternatives', async () => {
      const bay = liftBay();
      const taken = await book({ start: startAt(server.branch, 6, '10:00'), bayId: bay.id });
      const moving = await book({ start: startAt(server.branch, 6, '14:00'), bayId: bay.id });
      const response = await refused(() =>
        server.api('POST', `/api/bookings/${moving.id}/reschedule`, { start: taken.start, bayId: bay.id }),
      );
      expectProblem(response, 409, 'SLOT_TAKEN');
      const alternatives = response.body.alternatives as { start: string; bayIds: string[] }[];
      expect(alternatives.length).toBeGreaterThan(0);
      for (const alternative of alternatives) {
        expect(alternative.bayIds).toContain(bay.id);
        expect(Date.parse(alternative.start)).toBeGreaterThan(Date.now());
        expect(alternative.start).not.toBe(taken.start);
      }
    });

    it('refuses to move a booking that is already done with 409 ILLEGAL_TRANSITION', async () => {
      const booking = await book({ start: startAt(server.branch, 5, '15:00') });
      for (const status of ['Confirmed', 'InProgress', 'Done']) expect((await setStatus(booking.id, status)).status).toBe(200);
      const response = await refused(() =>
        server.api('POST', `/api/bookings/${booking.id}/reschedule`, { start: startAt(server.branch, 7, '10:00') }),
      );
      expectProblem(response, 409, 'ILLEGAL_TRANSITION');
    });

    it('refuses an unknown booking id with 404', async () => {
      const response = await refused(() =>
        server.api('POST', `/api/bookings/${randomUUID()}/reschedule`, { start: startAt(server.branch, 7, '10:00') }),
      );
      expectProblem(response, 404, 'NOT_FOUND');
    });
  });
});

describe('GET /api/board and /api/availability', () => {
  describe('when the date matches the pattern but does not exist', () => {
    it.each(['2026-02-30', '2026-13-01', '2026-00-10'])('refuses the board for %s with 400', async (date) => {
      const response = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=${date}`);
      expectProblem(response, 400, 'VALIDATION');
    });

    it.each(['2026-02-30', '2026-13-01'])('refuses availability for %s with 400', async (date) => {
      const response = await server.api(
        'GET',
        `/api/availability?branchId=${server.branch.id}&serviceId=${oilChange().id}&date=${date}`,
      );
      expectProblem(response, 400, 'VALIDATION');
    });
  });
});

describe('dates no station works in, and report periods', () => {
  // A zone's local mean time turned 0001-01-01 into year 0 and 9999-12-31 into 10000, which PostgreSQL refused (a 500).
  it.each(['0001-01-01', '9999-12-31', '1899-12-31', '2200-01-01'])(
    'refuses the board and the reports for %s with 400',
    async (date) => {
      for (const path of [
        `/api/board?branchId=${server.branch.id}&date=${date}`,
        `/api/kpis/money?from=${date}&to=${date}`,
        `/api/kpis/sources?from=${date}&to=${date}`,
        `/api/kpis/deliveries?from=${date}&to=${date}`,
      ]) {
        expectProblem(await server.api('GET', path), 400, 'VALIDATION');
      }
    },
  );

  it('refuses a money, sources or deliveries period over a year, as the KPIs do, and answers one of a year', async () => {
    for (const report of ['money', 'sources', 'deliveries']) {
      const long = await server.api('GET', `/api/kpis/${report}?from=1990-01-01&to=2199-12-31`);
      expectProblem(long, 400, 'VALIDATION');
      expect(long.body.detail, report).toContain('366 days');
      const year = await server.api('GET', `/api/kpis/${report}?from=2026-01-01&to=2026-12-31`);
      expect(year.status, report).toBe(200);
    }
  });
});

describe('times with seconds nobody sees on a card', () => {
  it.each(['00.999', '30'])(
    'refuses a booking, a resize and a move at :%s seconds, naming the field, and writes nothing',
    async (seconds) => {
      const at = (days: number, time: string) => startAt(server.branch, days, time).replace(/(T\d\d:\d\d)/, `$1:${seconds}`);
      expect(at(6, '10:00')).toMatch(new RegExp(`T10:00:${seconds.replace('.', '\\.')}[+-]`));
      const placed = await refused(() => server.api('POST', '/api/bookings', bookingBody({ start: at(6, '10:00') })));
      expectProblem(placed, 400, 'VALIDATION');
      expect(placed.body.field).toBe('start');
      const booking = await book({ start: startAt(server.branch, 6, seconds === '30' ? '12:00' : '14:00') });
      const moved = await refused(() => server.api('POST', `/api/bookings/${booking.id}/reschedule`, { start: at(6, '16:00') }));
      expectProblem(moved, 400, 'VALIDATION');
      expect(moved.body.field).toBe('start');
      const resized = await refused(() =>
        server.api('POST', `/api/bookings/${booking.id}/reschedule`, { start: booking.start, end: at(6, '17:00') }),
      );
      expectProblem(resized, 400, 'VALIDATION');
      expect(resized.body.field).toBe('end');
    },
  );
});

describe('characters that make text read other than it is stored', () => {
  it.each(['\u202e', '\u202a', '\u2066', '\u2069'])('refuses a name holding U+%s and writes nothing', async (mark) => {
    const response = await refused(() =>
      server.api('POST', '/api/bookings', bookingBody({ client: { name: `Пётр${mark}вортеП`, phone: nextPhone() } })),
    );
    expectProblem(response, 400, 'CONTROL_CHARACTER');
  });
});

describe('a phone pasted from a phone’s contacts, wrapped in direction marks', () => {
  it.each([
    ['\u202a', '\u202c'],
    ['\u2066', '\u2069'],
  ])('books it as the number itself (U+%s … )', async (open, close) => {
    const phone = nextPhone();
    const response = await server.api(
      'POST',
      '/api/bookings',
      bookingBody({ client: { name: 'Пётр', phone: `${open}${phone}${close}` } }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    await server.waitForProjection();
    const revealed = await server.api('POST', `/api/bookings/${response.body.id}/reveal-phone`);
    expect(revealed.body, JSON.stringify(revealed.body)).toMatchObject({ phone });
  });

  it('still refuses the marks in a name', async () => {
    const response = await refused(() =>
      server.api('POST', '/api/bookings', bookingBody({ client: { name: '\u202aПётр\u202c', phone: nextPhone() } })),
    );
    expectProblem(response, 400, 'CONTROL_CHARACTER');
  });
});

describe('Idempotency-Key', () => {
  it('answers the same request again with its booking, and refuses the key for another request, writing nothing', async () => {
    const key = { 'idempotency-key': `reuse-${randomUUID()}` };
    const body = bookingBody({ start: startAt(server.branch, 3, '11:00') });
    const first = await server.api('POST', '/api/bookings', body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await refused(() => server.api('POST', '/api/bookings', body, key));
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const variants = [
      { ...body, start: startAt(server.branch, 3, '12:00') },
      { ...body, client: { name: 'Другой', phone: nextPhone() } },
      { ...body, bayId: server.bays.find((bay) => bay.id !== first.body.bayId && bay.kinds.includes('lift'))!.id },
    ];
    for (const variant of variants) {
      const reused = await refused(() => server.api('POST', '/api/bookings', variant, key));
      expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    }
  });
});

describe('GET /api/availability beyond the horizon', () => {
  it('offers no time staff could not book (a year ahead), and offers times within it', async () => {
    const path = (days: number) =>
      `/api/availability?branchId=${server.branch.id}&serviceId=${oilChange().id}&date=${startAt(server.branch, days, '10:00').slice(0, 10)}`;
    const within = await server.api('GET', path(300));
    expect(within.status).toBe(200);
    expect(within.body.slots.length).toBeGreaterThan(0);
    const beyond = await server.api('GET', path(400));
    expect(beyond.status).toBe(200);
    expect(beyond.body.slots).toEqual([]);
    const booked = await server.api('POST', '/api/bookings', bookingBody({ start: startAt(server.branch, 400, '10:00') }));
    expectProblem(booked, 400, 'VALIDATION');
  });
});
