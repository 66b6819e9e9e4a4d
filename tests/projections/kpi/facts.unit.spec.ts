import { describe, expect, it } from 'vitest';
import type { DayHours } from '../../../domain/catalog/catalog.ts';
import { createCountTally, evolveKpiBooking, tallyChange, type KpiBooking } from '../../../projections/kpi/facts.ts';
import { workingCalendar } from '../../../projections/kpi/working-time.ts';
import type { RecordedEvent } from '../../../projections/recorded-event.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const BRANCH = '00000000-0000-4000-8000-000000000002';
const MANAGER = '00000000-0000-4000-8000-000000000003';
const OTHER_MANAGER = '00000000-0000-4000-8000-000000000004';
const BOOKING = '00000000-0000-4000-8000-000000000010';
const DAY: DayHours = { open: '09:00', close: '20:00', breaks: [] };

/** Open Monday to Saturday in Moscow; a booking must leave New within an hour of working time. */
const lookups = {
  branch: () => ({
    calendar: workingCalendar({
      id: BRANCH,
      orgId: ORG,
      name: '',
      timeZone: 'Europe/Moscow',
      hours: { '1': DAY, '2': DAY, '3': DAY, '4': DAY, '5': DAY, '6': DAY },
      daysOff: [],
      slotStepMinutes: 30,
      bookingHorizonDays: 30,
      changeNoticeMinutes: 0,
    }),
    confirmTargetMinutes: 60,
  }),
};

const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => ({
  type,
  data: { bookingId: BOOKING, ...data },
  streamName: `booking-${BOOKING}`,
  streamPosition: 1,
  globalPosition: 1n,
  transactionId: 1n,
  recordedAt: new Date('2026-12-01T07:00:00Z'),
  metadata: {},
});

const evolved = (row: KpiBooking | undefined, event: RecordedEvent): KpiBooking => {
  const outcome = evolveKpiBooking(row, event, lookups);
  if (!outcome || !('row' in outcome)) throw new Error(`${event.type} did not change the row`);
  return outcome.row;
};

/** Requested from the bot on Tuesday at 10:00 Moscow time. */
const requested = evolved(
  undefined,
  recorded('BookingRequested', {
    orgId: ORG,
    branchId: BRANCH,
    clientId: '00000000-0000-4000-8000-000000000011',
    channel: 'telegram',
    requestedBy: null,
    requestedAt: '2026-12-01T07:00:00Z',
  }),
);

/** Confirmed the next morning, past the hour the branch gives itself. */
const confirmedLate = evolved(
  requested,
  recorded('BookingConfirmed', { confirmedBy: MANAGER, confirmedAt: '2026-12-02T08:00:00Z' }),
);

const counts = (before: KpiBooking | undefined, after: KpiBooking) => {
  const into = createCountTally();
  tallyChange(into, before, after);
  return into
    .counts()
    .filter(({ n }) => n !== 0)
    .map(({ day, kind, key, actor, n }) => `${day} ${kind} ${key || '-'} ${actor ?? 'client'} ${n}`)
    .sort();
};

describe('a KPI row change counted', () => {
  it('given no row, when a booking is requested, then it counts once as new, by its channel', () => {
    expect(counts(undefined, requested)).toEqual(['2026-12-01 new telegram client 1']);
  });

  it('given a requested row, when it is confirmed late, then only the steps it gained are counted', () => {
    expect(counts(requested, confirmedLate)).toEqual([
      `2026-12-01 cohort_confirmed - client 1`,
      `2026-12-01 cohort_left - client 1`,
      `2026-12-01 sla - ${MANAGER} 1`,
      `2026-12-02 confirmed - ${MANAGER} 1`,
    ]);
  });

  it('given a row, when the same row comes again, then nothing is counted', () => {
    expect(counts(confirmedLate, confirmedLate)).toEqual([]);
  });

  it('given a row, when a step it counted changes hands, then the old count is taken away and the new one added', () => {
    const byOther = { ...confirmedLate, confirmedBy: OTHER_MANAGER, leftNewBy: OTHER_MANAGER };
    expect(counts(confirmedLate, byOther)).toEqual([
      `2026-12-01 sla - ${MANAGER} -1`,
      `2026-12-01 sla - ${OTHER_MANAGER} 1`,
      `2026-12-02 confirmed - ${MANAGER} -1`,
      `2026-12-02 confirmed - ${OTHER_MANAGER} 1`,
    ]);
  });

  it('given a cancelled row, when its day and its reason are others, then each old count is taken away and the new one added', () => {
    const cancelled = evolved(
      requested,
      recorded('BookingCancelled', { reason: 'client_request', cancelledBy: null, cancelledAt: '2026-12-01T08:30:00Z' }),
    );
    const otherwise = { ...cancelled, cancelledDay: '2026-12-03', cancelReason: 'no_show' };
    expect(counts(cancelled, otherwise)).toEqual([
      '2026-12-01 cancelled client_request client -1',
      '2026-12-03 cancelled no_show client 1',
    ]);
  });
});

describe('counts added up', () => {
  const OTHER_BRANCH = '00000000-0000-4000-8000-000000000005';
  const counter = { orgId: ORG, branchId: BRANCH, day: '2026-12-01', kind: 'confirmed', key: '', actor: MANAGER };
  const listed = (tally: ReturnType<typeof createCountTally>) =>
    tally
      .counts()
      .map(
        ({ branchId, day, kind, key, actor, n }) =>
          `${branchId === BRANCH ? 'here' : 'there'} ${day} ${kind} ${key || '-'} ${actor ?? 'client'} ${n}`,
      )
      .sort();

  it('given counts of one counter, when added, then they are one count with their sum', () => {
    const tally = createCountTally();
    tally.add(counter, 1);
    tally.add({ ...counter }, 2);
    tally.add({ ...counter }, -1);
    expect(listed(tally)).toEqual([`here 2026-12-01 confirmed - ${MANAGER} 2`]);
    expect(tally.size()).toBe(1);
  });

  it('given counts that differ in one part each, when added, then each is a counter of its own', () => {
    const tally = createCountTally();
    tally.add(counter, 1);
    tally.add({ ...counter, branchId: OTHER_BRANCH }, 1);
    tally.add({ ...counter, day: '2026-12-02' }, 1);
    tally.add({ ...counter, kind: 'done' }, 1);
    tally.add({ ...counter, key: 'no_show' }, 1);
    tally.add({ ...counter, actor: OTHER_MANAGER }, 1);
    tally.add({ ...counter, actor: null }, 1);
    expect(listed(tally)).toEqual(
      [
        `here 2026-12-01 confirmed - ${MANAGER} 1`,
        `there 2026-12-01 confirmed - ${MANAGER} 1`,
        `here 2026-12-02 confirmed - ${MANAGER} 1`,
        `here 2026-12-01 done - ${MANAGER} 1`,
        `here 2026-12-01 confirmed no_show ${MANAGER} 1`,
        `here 2026-12-01 confirmed - ${OTHER_MANAGER} 1`,
        `here 2026-12-01 confirmed - client 1`,
      ].sort(),
    );
    expect(tally.size()).toBe(7);
  });

  it('given counts, when cleared, then it holds none and counts afresh', () => {
    const tally = createCountTally();
    tally.add(counter, 3);
    tally.clear();
    expect(tally.counts()).toEqual([]);
    expect(tally.size()).toBe(0);
    tally.add(counter, 1);
    expect(listed(tally)).toEqual([`here 2026-12-01 confirmed - ${MANAGER} 1`]);
  });
});
