import { describe, expect, it } from 'vitest';
import { alternativeSearchDates, nearestAlternatives, type AlternativeSearch } from '../../../domain/schedule/alternatives.ts';
import type { ReservationLookup } from '../../../domain/schedule/plan.ts';
import { toIso, type Interval } from '../../../domain/shared/time.ts';
import { at, bodyWork, holiday, lift1, lift2, monday, moscow, oilChange } from '../../support/station.ts';

// ───────────────────────────── Fixtures ─────────────────────────────

/** Bay-days with what they hold, as the command loads them; every other bay-day is free. */
const holding =
  (taken: Record<string, Interval[]>): ReservationLookup =>
  (bayId, date) =>
    taken[`${bayId}_${date}`] ?? [];

const interval = (date: string, from: string, to: string): Interval => ({
  from: at(moscow, date, from),
  to: at(moscow, date, to),
});

/** The offered starts as the answer shows them: wall-clock ISO in the branch's zone. */
const startsAt = (date: string, ...times: string[]) => times.map((time) => toIso(at(moscow, date, time), moscow.timeZone));

const search = (overrides: Partial<AlternativeSearch>): AlternativeSearch => ({
  branch: moscow,
  services: [oilChange],
  bays: [lift1],
  near: at(moscow, monday, '10:00'),
  now: at(moscow, '2025-03-01', '09:00'),
  latest: at(moscow, '2025-04-01', '09:00'),
  ...overrides,
});

// ───────────────────────────── Tests ─────────────────────────────

describe('Alternatives', () => {
  describe('when the asked-for time is taken', () => {
    // The only lift holds 10:00–11:15 (a 60-min job and its buffer): a job at 09:00 or 09:30 would run into it.
    const lift1Taken = holding({ [`lift-1_${monday}`]: [interval(monday, '10:00', '11:15')] });

    it('offers the five free starts nearest to it, earliest first', () => {
      expect(nearestAlternatives(search({}), lift1Taken).map((one) => one.start)).toEqual(
        startsAt(monday, '11:30', '12:00', '14:00', '14:30', '15:00'),
      );
    });

    it('offers no start past the latest the one asking could book (a client’s horizon)', () => {
      const alternatives = nearestAlternatives(search({ latest: at(moscow, monday, '14:00') }), lift1Taken);
      expect(alternatives.map((one) => one.start)).toEqual(startsAt(monday, '11:30', '12:00', '14:00'));
    });

    it('never offers a start that has passed', () => {
      const alternatives = nearestAlternatives(search({ now: at(moscow, monday, '11:45') }), lift1Taken);
      expect(alternatives.map((one) => one.start)).toEqual(startsAt(monday, '12:00', '14:00', '14:30', '15:00', '15:30'));
    });

    it('names the bays free for the whole job at each start', () => {
      const alternatives = nearestAlternatives(search({ bays: [lift1, lift2] }), lift1Taken);
      expect(alternatives).toEqual(
        startsAt(monday, '09:00', '09:30', '10:00', '10:30', '11:00').map((start) => ({ start, bayIds: ['lift-2'] })),
      );
    });

    it('looks on the following working days when the asked-for day is closed', () => {
      // Saturday 8 March is a holiday and Sunday is closed: the nearest starts are Monday morning's.
      const alternatives = nearestAlternatives(search({ near: at(moscow, holiday, '10:00') }), holding({}));
      expect(alternatives.map((one) => one.start)).toEqual(startsAt('2025-03-10', '09:00', '09:30', '10:00', '10:30', '11:00'));
    });

    it('searches with the length the manager set for the job', () => {
      // Three hours fit before the 13:00 break only from 10:00 or earlier.
      const alternatives = nearestAlternatives(search({ near: at(moscow, monday, '09:00'), workMinutes: 180 }), holding({}));
      expect(alternatives.map((one) => one.start)).toEqual(startsAt(monday, '09:00', '09:30', '10:00', '14:00', '14:30'));
    });

    it('offers nothing when the bay is taken on every day searched', () => {
      const allDay = Object.fromEntries(
        alternativeSearchDates(search({})).map((date) => [`lift-1_${date}`, [interval(date, '00:00', '23:59')]]),
      );
      expect(nearestAlternatives(search({}), holding(allDay))).toEqual([]);
    });
  });

  describe('when the bay-days to read are chosen', () => {
    it('reads the week searched and the day a short job started on its last day spans', () => {
      expect(alternativeSearchDates(search({}))).toEqual([
        '2025-03-03',
        '2025-03-04',
        '2025-03-05',
        '2025-03-06',
        '2025-03-07',
        '2025-03-08',
        '2025-03-09',
        '2025-03-10',
      ]);
    });

    it('reads a month beyond the week for a multi-day job', () => {
      const dates = alternativeSearchDates(search({ services: [bodyWork] }));
      expect(dates).toHaveLength(7 + 31);
      expect(dates.at(-1)).toBe('2025-04-09');
    });

    it('starts from today when the asked-for time has passed', () => {
      expect(alternativeSearchDates(search({ now: at(moscow, '2025-03-05', '12:00') }))[0]).toBe('2025-03-05');
    });
  });
});
