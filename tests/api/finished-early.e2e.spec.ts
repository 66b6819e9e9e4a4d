import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { bayDayHolds } from '../support/bay-holds.ts';
import { serverForFile } from '../support/file-server.ts';
import { phoneSequence, startAt } from '../support/test-server.ts';

// The server's clock is the test's: a job is started and finished at the times a test sets.
let clock = Date.now();
const server = serverForFile({ now: () => clock });
const nextPhone = phoneSequence(157_000_001);
let dayOffset = 2;

const at = (days: number, time: string) => Date.parse(startAt(server.branch, days, time));
const dayOf = (days: number) => Temporal.Now.plainDateISO(server.branch.timeZone).add({ days }).toString();

const book = async (days: number, time: string, service: string, bay: number) => {
  clock = Date.now();
  return server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service(service).id,
    bayId: server.bays[bay]!.id,
    start: startAt(server.branch, days, time),
    client: { name: 'Олег Смирнов', phone: nextPhone() },
  });
};

const booked = async (days: number, time: string, service: string, bay: number) => {
  const response = await book(days, time, service, bay);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; start: string; end: string };
};

const refusedAsTaken = async (days: number, time: string, service: string, bay: number) => {
  const response = await book(days, time, service, bay);
  expect([response.status, response.body.code], `${time}: ${JSON.stringify(response.body)}`).toEqual([409, 'SLOT_TAKEN']);
};

const moveAt = async (when: number, bookingId: string, status: string) => {
  clock = when;
  const response = await server.api('POST', `/api/bookings/${bookingId}/status`, { status });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { status: string; end: string };
};

/** What the bay-day stream says the booking holds there: the schedule aggregate, not a read model. */
const heldOn = async (bayId: string, date: string, bookingId: string) =>
  (await bayDayHolds(server.runtime.pool, bayId, date)).get(bookingId) ?? null;

const readModels = async (bookingId: string) => {
  await server.waitForProjection();
  const board = await server.runtime.pool.query<{ end_at: Date }>('SELECT end_at FROM rm.bookings WHERE id = $1', [bookingId]);
  const calendar = await server.runtime.pool.query<{ day: string; upper: Date }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, upper(during) FROM rm.calendar WHERE booking_id = $1 ORDER BY day`,
    [bookingId],
  );
  return {
    end: board.rows[0]!.end_at.getTime(),
    calendar: calendar.rows.map((row) => [row.day, row.upper.getTime()]),
  };
};

describe('A job finished before its booked end', () => {
  it('keeps its bay only until then: the rest of the day and the days after are free for the next cars', async () => {
    const days = dayOffset;
    dayOffset += 3;
    const body = await booked(days, '10:00', 'Кузовной ремонт', 1);
    const bayId = server.bays[1]!.id;
    expect(Date.parse(body.end)).toBeGreaterThan(at(days + 1, '09:00'));
    expect(await heldOn(bayId, dayOf(days + 1), body.id)).not.toBeNull();
    await refusedAsTaken(days, '14:00', 'Развал-схождение', 1);

    await moveAt(at(days, '09:50'), body.id, 'Confirmed');
    await moveAt(at(days, '10:02'), body.id, 'InProgress');
    const done = await moveAt(at(days, '12:10') + 20_000, body.id, 'Done');

    const finished = at(days, '12:11');
    expect(done.status).toBe('Done');
    // The booked times stay the plan (the owner's report holds the work against them); the bay is freed.
    expect(done.end).toBe(body.end);
    expect(await heldOn(bayId, dayOf(days), body.id)).toEqual({ from: at(days, '10:00'), to: finished });
    expect(await heldOn(bayId, dayOf(days + 1), body.id)).toBeNull();
    expect(await readModels(body.id)).toEqual({ end: Date.parse(body.end), calendar: [[dayOf(days), finished]] });

    expect((await book(days, '14:00', 'Развал-схождение', 1)).status).toBe(201);
    expect((await book(days + 1, '09:00', 'Развал-схождение', 1)).status).toBe(201);
    // The time the job did take stays taken.
    await refusedAsTaken(days, '12:00', 'Развал-схождение', 1);
  });

  it('keeps its booked time when it was done at or after its end', async () => {
    const days = dayOffset++;
    const body = await booked(days, '10:00', 'Замена масла', 0);
    const bayId = server.bays[0]!.id;
    // 45 minutes of work and 15 of the bay's preparation after it.
    const held = { from: at(days, '10:00'), to: at(days, '11:00') };
    expect(await heldOn(bayId, dayOf(days), body.id)).toEqual(held);
    await moveAt(at(days, '10:00'), body.id, 'Confirmed');
    await moveAt(at(days, '10:00'), body.id, 'InProgress');
    const done = await moveAt(at(days, '10:50'), body.id, 'Done');
    expect(done.end).toBe(body.end);
    expect(await heldOn(bayId, dayOf(days), body.id)).toEqual(held);
    expect(await readModels(body.id)).toEqual({ end: at(days, '10:45'), calendar: [[dayOf(days), held.to]] });
  });

  it('frees the rest when the work order is finished, which finishes the visit', async () => {
    const days = dayOffset++;
    const body = await booked(days, '15:00', 'Развал-схождение', 1);
    const order = (await server.api('POST', `/api/bookings/${body.id}/work-order`, {})).body as WorkOrder;
    clock = at(days, '15:05');
    expect((await server.api('POST', `/api/work-orders/${order.id}/status`, { status: 'InWork' })).status).toBe(200);
    clock = at(days, '15:31') - 30_000;
    expect((await server.api('POST', `/api/work-orders/${order.id}/status`, { status: 'Done' })).status).toBe(200);

    // Finished at 15:31 of a 15:00–16:00 job: the bay's ten minutes of preparation follow it.
    const prepared = at(days, '15:41');
    expect(await heldOn(server.bays[1]!.id, dayOf(days), body.id)).toEqual({ from: at(days, '15:00'), to: prepared });
    expect(await readModels(body.id)).toEqual({ end: Date.parse(body.end), calendar: [[dayOf(days), prepared]] });
    await refusedAsTaken(days, '15:40', 'Развал-схождение', 1);
    expect((await book(days, '15:45', 'Развал-схождение', 1)).status).toBe(201);
  });
});
