import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Availability } from '../../contract/bookings.ts';
import { bayDayHolds } from '../support/bay-holds.ts';
import { serverForFile } from '../support/file-server.ts';
import { phoneSequence, startAt } from '../support/test-server.ts';

// The server's clock is the test's: a job is started, runs over and is done at the times a test sets,
// and the look for overrunning jobs runs when the test asks for it, at that clock.
let clock = Date.now();
const server = serverForFile({ now: () => clock });
const nextPhone = phoneSequence(158_000_001);
let dayOffset = 2;

const at = (days: number, time: string) => Date.parse(startAt(server.branch, days, time));
const dayOf = (days: number) => Temporal.Now.plainDateISO(server.branch.timeZone).add({ days }).toString();

const book = (days: number, time: string, bay: number) =>
  server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId: server.bays[bay]!.id,
    start: startAt(server.branch, days, time),
    client: { name: 'Олег Смирнов', phone: nextPhone() },
  });

const booked = async (days: number, time: string, bay: number) => {
  clock = Date.now();
  const response = await book(days, time, bay);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string };
};

const refusedAsTaken = async (days: number, time: string) => {
  const response = await book(days, time, 0);
  expect([response.status, response.body.code], `${time}: ${JSON.stringify(response.body)}`).toEqual([409, 'SLOT_TAKEN']);
};

const moveAt = async (when: number, bookingId: string, status: string) => {
  clock = when;
  const response = await server.api('POST', `/api/bookings/${bookingId}/status`, { status });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
};

/** A job under way from 10:00 on bay 0: 45 minutes of oil change and 15 of the bay's preparation. */
const underWay = async (days: number) => {
  const job = await booked(days, '10:00', 0);
  await moveAt(at(days, '09:55'), job.id, 'Confirmed');
  await moveAt(at(days, '10:00'), job.id, 'InProgress');
  return job;
};

/** The look every minute, at `when`: the board's read model names the jobs, so it is caught up first. */
const lookAt = async (when: number) => {
  await server.waitForProjection();
  clock = when;
  await server.runtime.overruns.check();
};

/** What bay 0's day stream says the booking holds there: the schedule aggregate, not a read model. */
const heldOn = async (days: number, bookingId: string) =>
  (await bayDayHolds(server.runtime.pool, server.bays[0]!.id, dayOf(days))).get(bookingId) ?? null;

/** The starts the manager's new-booking form offers on bay 0 that day, as wall times. */
const bayZeroStarts = async (days: number) => {
  const query = new URLSearchParams({
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    date: dayOf(days),
  });
  const response = await server.api('GET', `/api/availability?${query.toString()}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as Availability).slots
    .filter((slot) => slot.bayIds.includes(server.bays[0]!.id))
    .map((slot) =>
      Temporal.Instant.from(slot.start).toZonedDateTimeISO(server.branch.timeZone).toPlainTime().toString().slice(0, 5),
    );
};

describe('A job still under way past its booked end', () => {
  it('keeps its bay for the next half hour, lengthened while it runs on, and frees it when done', async () => {
    const days = dayOffset++;
    const job = await underWay(days);

    await lookAt(at(days, '10:52') + 20_000);
    expect(await heldOn(days, job.id)).toEqual({ from: at(days, '10:00'), to: at(days, '11:25') });
    expect((await bayZeroStarts(days))[0]).toBe('11:30');
    await refusedAsTaken(days, '11:00');

    // Ten minutes before the hold ends, the job still runs: the next half hour again.
    await lookAt(at(days, '11:15'));
    expect(await heldOn(days, job.id)).toEqual({ from: at(days, '10:00'), to: at(days, '11:45') });

    // Done at 11:20: the bay's 15 minutes of preparation follow, then the next car may come.
    await moveAt(at(days, '11:20'), job.id, 'Done');
    expect(await heldOn(days, job.id)).toEqual({ from: at(days, '10:00'), to: at(days, '11:35') });
    await refusedAsTaken(days, '11:30');
    expect((await booked(days, '11:35', 0)).id).toBeTypeOf('string');
  });

  it('never takes the time of the next car booked on its bay', async () => {
    const days = dayOffset++;
    const job = await underWay(days);
    const next = await booked(days, '11:15', 0);

    await lookAt(at(days, '10:55'));
    expect(await heldOn(days, job.id)).toEqual({ from: at(days, '10:00'), to: at(days, '11:15') });
    expect(await heldOn(days, next.id)).toEqual({ from: at(days, '11:15'), to: at(days, '12:15') });
  });

  it('keeps its mechanic busy as long as it holds its bay', async () => {
    const days = dayOffset++;
    const mechanic = await server.addUser('mechanic');
    const job = await underWay(days);
    const assign = (bookingId: string) => server.api('POST', `/api/bookings/${bookingId}/assign`, { mechanicId: mechanic.id });
    expect((await assign(job.id)).status).toBe(200);
    // The next car at 10:45 on the other lift, when the mechanic's job was to end.
    clock = Date.now();
    const next = await book(days, '10:45', 1);
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const nextId = (next.body as { id: string }).id;
    await server.waitForProjection();
    const busy = async () => {
      const refused = await assign(nextId);
      expect([refused.status, refused.body.code]).toEqual([409, 'MECHANIC_BUSY']);
    };

    // Still under way at 10:50, before its bay is held longer, and at 10:55, after.
    clock = at(days, '10:50');
    await busy();
    await lookAt(at(days, '10:55'));
    await server.waitForProjection();
    await busy();

    // Done at 11:05: from then on they may take the next car.
    await moveAt(at(days, '11:05'), job.id, 'Done');
    await server.waitForProjection();
    expect((await assign(nextId)).status).toBe(200);
  });

  it('does not hold longer a booking past its end that was never started', async () => {
    const days = dayOffset++;
    const notStarted = await booked(days, '12:00', 0);
    await moveAt(at(days, '10:30'), notStarted.id, 'Confirmed');
    await lookAt(at(days, '13:10'));
    expect(await heldOn(days, notStarted.id)).toEqual({ from: at(days, '12:00'), to: at(days, '13:00') });
  });

  it('says on the booking, in its history, until when its bay is held', async () => {
    const days = dayOffset++;
    const job = await underWay(days);
    await lookAt(at(days, '10:55'));
    const details = await server.api('GET', `/api/bookings/${job.id}`);
    const history = details.body.history as { type: string; data: Record<string, unknown> }[];
    expect(history.filter((entry) => entry.type === 'BookingOverran').map((entry) => entry.data.heldUntil)).toEqual([
      new Date(at(days, '11:25')).toISOString(),
    ]);
  });

  it('frees the whole hold when it is cancelled after running over', async () => {
    const days = dayOffset++;
    const job = await underWay(days);
    await lookAt(at(days, '10:55'));
    expect(await heldOn(days, job.id)).toEqual({ from: at(days, '10:00'), to: at(days, '11:25') });

    clock = at(days, '11:05');
    const cancelled = await server.api('POST', `/api/bookings/${job.id}/status`, { status: 'Cancelled', reason: 'station' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(await heldOn(days, job.id)).toBeNull();
    expect((await booked(days, '11:15', 0)).id).toBeTypeOf('string');
  });
});
