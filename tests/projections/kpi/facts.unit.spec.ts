import { describe, expect, it } from 'vitest';
import { tallyChange, type KpiBooking, type KpiCount } from '../../../projections/kpi/facts.ts';

const ORG = '00000000-0000-4000-8000-000000000001';
const BRANCH = '00000000-0000-4000-8000-000000000002';
const MANAGER = '00000000-0000-4000-8000-000000000003';
const OTHER_MANAGER = '00000000-0000-4000-8000-000000000004';
const HOUR = 3_600_000;
const REQUESTED = Date.parse('2026-12-01T07:00:00Z');

const requested: KpiBooking = {
  bookingId: '00000000-0000-4000-8000-000000000010',
  orgId: ORG,
  branchId: BRANCH,
  clientId: '00000000-0000-4000-8000-000000000011',
  channel: 'telegram',
  requestedAt: REQUESTED,
  requestedDay: '2026-12-01',
  requestedBy: null,
  slaDueAt: REQUESTED + HOUR,
  slaDueDay: '2026-12-01',
  leftNewAt: null,
  leftNewBy: null,
  confirmedAt: null,
  confirmedDay: null,
  confirmedBy: null,
  confirmMs: null,
  startedAt: null,
  doneAt: null,
  doneDay: null,
  doneBy: null,
  cancelledAt: null,
  cancelledDay: null,
  cancelledBy: null,
  cancelReason: null,
};

/** Confirmed the next morning, past the hour the branch gives itself. */
const confirmedLate: KpiBooking = {
  ...requested,
  leftNewAt: REQUESTED + 25 * HOUR,
  leftNewBy: MANAGER,
  confirmedAt: REQUESTED + 25 * HOUR,
  confirmedDay: '2026-12-02',
  confirmedBy: MANAGER,
  confirmMs: 5 * HOUR,
};

const counts = (before: KpiBooking | undefined, after: KpiBooking) => {
  const into = new Map<string, KpiCount>();
  tallyChange(into, before, after);
  return [...into.values()]
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
});
