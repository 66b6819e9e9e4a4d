import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { replayReadModels } from '../../projections/replay.ts';
import { startAt, phoneSequence } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = { on: (event: string, listener: (...args: any[]) => void) => unknown; close: () => void };
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

const server = serverForFile();

// Every test books on its own day, so no test's bay-day is touched by another's.
let dayOffset = 2;
const nextPhone = phoneSequence(153_000_001);

const book = async (days: number, time: string, options: { service?: string; bay?: number } = {}) => {
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service(options.service ?? 'Замена масла').id,
    bayId: server.bays[options.bay ?? 0]!.id,
    start: startAt(server.branch, days, time),
    client: { name: 'Олег Смирнов', phone: nextPhone() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; bayId: string; start: string; end: string };
};

const at = (days: number, time: string) => Date.parse(startAt(server.branch, days, time));
const dayOf = (days: number) => Temporal.Now.plainDateISO(server.branch.timeZone).add({ days }).toString();

const eventsOf = async (stream: string) =>
  (
    await server.runtime.pool.query<{ type: string; data: Record<string, any> }>(
      `SELECT message_type AS type, message_data AS data FROM emt_messages WHERE stream_id = $1 ORDER BY stream_position`,
      [stream],
    )
  ).rows;

const bookingRow = async (id: string) =>
  (
    await server.runtime.pool.query<{ end_at: Date; last_call_outcome: string | null; last_call_at: Date | null }>(
      'SELECT end_at, last_call_outcome, last_call_at FROM rm.bookings WHERE id = $1',
      [id],
    )
  ).rows[0]!;

const calendarRows = async (id: string) =>
  (
    await server.runtime.pool.query<{ day: string; bay_id: string; blocked_from: Date; blocked_to: Date }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, bay_id, lower(during) AS blocked_from, upper(during) AS blocked_to
         FROM rm.calendar WHERE booking_id = $1 ORDER BY day`,
      [id],
    )
  ).rows;

/** What the bay-day streams say each booking holds there: the schedule aggregate, not a read model. */
const heldOn = async (bayId: string, date: string) => {
  const held = new Map<string, { from: number; to: number }>();
  for (const event of await eventsOf(`schedule-${bayId}_${date}`)) {
    if (event.type === 'SlotsReserved')
      held.set(event.data.bookingId, { from: Date.parse(event.data.from), to: Date.parse(event.data.to) });
    if (event.type === 'SlotsReleased') held.delete(event.data.bookingId);
  }
  return held;
};

describe('Call outcomes', () => {
  it('records each call on the booking stream; the card shows the last one and the history every one', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');

    const first = await server.api('POST', `/api/bookings/${booking.id}/calls`, { outcome: 'no_answer' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ id: booking.id, outcome: 'no_answer' });
    const second = await server.api('POST', `/api/bookings/${booking.id}/calls`, { outcome: 'asked_to_reschedule' });
    expect(second.status).toBe(201);

    const recorded = (await eventsOf(`booking-${booking.id}`)).filter((event) => event.type === 'CallOutcomeRecorded');
    expect(recorded.map((event) => event.data.outcome)).toEqual(['no_answer', 'asked_to_reschedule']);
    // Nothing but the outcome, who and when: no personal data enters the event.
    expect(Object.keys(recorded[0]!.data).sort()).toEqual(['bookingId', 'outcome', 'recordedAt', 'recordedBy']);

    await server.waitForProjection();
    const row = await bookingRow(booking.id);
    expect(row.last_call_outcome).toBe('asked_to_reschedule');
    expect(row.last_call_at!.toISOString()).toBe(second.body.at);

    const card = await server.api('GET', `/api/bookings/${booking.id}`);
    expect(card.body.lastCall).toEqual({ outcome: 'asked_to_reschedule', at: second.body.at });
    const calls = (card.body.history as { type: string; data: { outcome?: string } }[]).filter(
      (entry) => entry.type === 'CallOutcomeRecorded',
    );
    expect(calls.map((entry) => entry.data.outcome)).toEqual(['no_answer', 'asked_to_reschedule']);

    const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=${dayOf(days)}`);
    const onBoard = (board.body.columns as { cards: { id: string; lastCall: unknown }[] }[])
      .flatMap((column) => column.cards)
      .find((c) => c.id === booking.id);
    expect(onBoard?.lastCall).toEqual({ outcome: 'asked_to_reschedule', at: second.body.at });
  });

  it('pushes the card with its last call to an open panel', async () => {
    const booking = await book(dayOffset++, '10:00');
    await server.waitForProjection();
    const socket = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/api/live?token=${server.token}&branchId=${server.branch.id}`,
    );
    const messages: any[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
    try {
      await new Promise((resolve, reject) => {
        socket.on('open', resolve);
        socket.on('error', reject);
      });
      await expect.poll(() => messages.some((message) => message.type === 'hello')).toBe(true);
      expect((await server.api('POST', `/api/bookings/${booking.id}/calls`, { outcome: 'reached' })).status).toBe(201);
      await expect
        .poll(
          () => messages.find((message) => message.type === 'booking' && message.booking.id === booking.id)?.booking.lastCall,
          {
            timeout: 5000,
          },
        )
        .toMatchObject({ outcome: 'reached' });
    } finally {
      socket.close();
    }
  });

  it('records a call about a cancelled booking too', async () => {
    const booking = await book(dayOffset++, '10:00');
    const cancelled = await server.api('POST', `/api/bookings/${booking.id}/status`, {
      status: 'Cancelled',
      reason: 'client_request',
    });
    expect(cancelled.status).toBe(200);
    expect((await server.api('POST', `/api/bookings/${booking.id}/calls`, { outcome: 'reached' })).status).toBe(201);
  });

  it.each([
    ['an unknown outcome', { outcome: 'voicemail' }],
    ['no outcome', {}],
    ['a note it does not take', { outcome: 'reached', note: 'перезвонить вечером' }],
  ])('refuses %s with 400 and writes nothing', async (_name, body) => {
    const booking = await book(dayOffset++, '10:00');
    const before = await server.eventCount();
    const response = await server.api('POST', `/api/bookings/${booking.id}/calls`, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION');
    expect(await server.eventCount()).toBe(before);
  });

  it('answers 404 for a booking that does not exist', async () => {
    const before = await server.eventCount();
    const response = await server.api('POST', `/api/bookings/${randomUUID()}/calls`, { outcome: 'reached' });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
    expect(await server.eventCount()).toBe(before);
  });

  it('keeps mechanics and managers of other branches out', async () => {
    const booking = await book(dayOffset++, '10:00');
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const stranger = await server.addUser('manager', [randomUUID()]);
    for (const token of [mechanic.token, stranger.token]) {
      const response = await server.api(
        'POST',
        `/api/bookings/${booking.id}/calls`,
        { outcome: 'reached' },
        {
          authorization: `Bearer ${token}`,
        },
      );
      expect(response.status).toBe(403);
    }
    expect((await eventsOf(`booking-${booking.id}`)).map((event) => event.type)).toEqual(['BookingRequested']);
  });
});

describe('Resizing a booking', () => {
  it('moves its end and its bay-day reservation, buffer included, and says it changed length, not moved', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '12:00'),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(Date.parse(response.body.end)).toBe(at(days, '12:00'));

    const types = (await eventsOf(`booking-${booking.id}`)).map((event) => event.type);
    expect(types).toEqual(['BookingRequested', 'BookingDurationChanged']);
    // Oil change: 15 minutes of buffer after the job, now after the new end.
    expect((await heldOn(booking.bayId, dayOf(days))).get(booking.id)).toEqual({
      from: at(days, '10:00'),
      to: at(days, '12:15'),
    });

    await server.waitForProjection();
    expect((await bookingRow(booking.id)).end_at.getTime()).toBe(at(days, '12:00'));
    const rows = await calendarRows(booking.id);
    expect(rows.map((row) => [row.day, row.blocked_from.getTime(), row.blocked_to.getTime()])).toEqual([
      [dayOf(days), at(days, '10:00'), at(days, '12:15')],
    ]);
    const calendar = await server.api(
      'GET',
      `/api/calendar?branchId=${server.branch.id}&from=${dayOf(days)}&to=${dayOf(days + 1)}`,
    );
    const entry = (calendar.body.events as { id: string; end: string }[]).find((event) => event.id === booking.id);
    expect(Date.parse(entry!.end)).toBe(at(days, '12:00'));
  });

  it('refuses to stretch into the next booking on the bay with 409, and nothing changes', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    await book(days, '12:00');
    await server.waitForProjection();
    const before = await server.eventCount();
    const calendarBefore = await calendarRows(booking.id);

    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '12:30'),
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('SLOT_TAKEN');
    expect(await server.eventCount()).toBe(before);
    await server.waitForProjection();
    expect((await bookingRow(booking.id)).end_at.getTime()).toBe(at(days, '10:45'));
    expect(await calendarRows(booking.id)).toEqual(calendarBefore);
  });

  it('lets the job grow up to the next booking’s start when the buffer still fits', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    await book(days, '12:00');
    // 11:45 + 15 minutes of buffer ends exactly when the next booking starts.
    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '11:45'),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  });

  it.each([
    ['an end before the start', '09:30', 400, 'VALIDATION'],
    ['an end at the start', '10:00', 400, 'VALIDATION'],
    ['an end after closing', '20:30', 422, 'OUTSIDE_WORKING_HOURS'],
  ])('refuses %s (%i %s) and writes nothing', async (_name, end, status, code) => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    const before = await server.eventCount();
    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, end),
    });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(await server.eventCount()).toBe(before);
  });

  it('refuses to resize a finished booking with 409', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    for (const status of ['Confirmed', 'InProgress', 'Done']) {
      expect((await server.api('POST', `/api/bookings/${booking.id}/status`, { status })).status).toBe(200);
    }
    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '11:30'),
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('stretches a job already under way', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    for (const status of ['Confirmed', 'InProgress']) {
      expect((await server.api('POST', `/api/bookings/${booking.id}/status`, { status })).status).toBe(200);
    }
    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '13:00'),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.status).toBe('InProgress');
  });

  it('keeps the new length when the booking is later moved', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    const resized = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '12:30'),
    });
    expect(resized.status).toBe(200);
    const moved = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: startAt(server.branch, days, '14:00'),
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(Date.parse(moved.body.end)).toBe(at(days, '16:30'));
    const held = await heldOn(booking.bayId, dayOf(days));
    expect(held.get(booking.id)).toEqual({ from: at(days, '14:00'), to: at(days, '16:45') });
  });

  it('shortens a multi-day job to one day and releases the day it no longer needs', async () => {
    const days = dayOffset++;
    // Body work: 16 working hours, 09:00-20:00 today and 09:00-14:00 tomorrow, on the body bay.
    const booking = await book(days, '09:00', { service: 'Кузовной ремонт', bay: 1 });
    expect(Date.parse(booking.end)).toBe(at(days + 1, '14:00'));
    expect((await heldOn(booking.bayId, dayOf(days + 1))).has(booking.id)).toBe(true);

    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '18:00'),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect((await heldOn(booking.bayId, dayOf(days))).get(booking.id)).toEqual({
      from: at(days, '09:00'),
      to: at(days, '18:00'),
    });
    expect((await heldOn(booking.bayId, dayOf(days + 1))).has(booking.id)).toBe(false);
    await server.waitForProjection();
    expect((await calendarRows(booking.id)).map((row) => row.day)).toEqual([dayOf(days)]);
  });

  it('still moves a booking when no end is given', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    const response = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: startAt(server.branch, days, '15:00'),
    });
    expect(response.status).toBe(200);
    expect(Date.parse(response.body.end)).toBe(at(days, '15:45'));
    expect((await eventsOf(`booking-${booking.id}`)).map((event) => event.type)).toEqual([
      'BookingRequested',
      'BookingRescheduled',
    ]);
  });
});

describe('Replay', () => {
  it('rebuilds last calls and resized bookings exactly as the live projection wrote them', async () => {
    const days = dayOffset++;
    const booking = await book(days, '10:00');
    expect((await server.api('POST', `/api/bookings/${booking.id}/calls`, { outcome: 'no_answer' })).status).toBe(201);
    const resized = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: startAt(server.branch, days, '11:30'),
    });
    expect(resized.status).toBe(200);
    await server.waitForProjection();
    const snapshot = async () => ({
      bookings: (
        await server.runtime.pool.query(
          'SELECT id, end_at, last_call_outcome, last_call_at, version FROM rm.bookings ORDER BY id',
        )
      ).rows,
      calendar: (
        await server.runtime.pool.query('SELECT booking_id, day, bay_id, during::text FROM rm.calendar ORDER BY booking_id, day')
      ).rows,
    });
    const before = await snapshot();
    expect(before.bookings.find((row) => row.id === booking.id)).toMatchObject({ last_call_outcome: 'no_answer' });

    await replayReadModels(server.runtime.pool, server.runtime.deps.vault.open);
    expect(await snapshot()).toEqual(before);
  });
});
