import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { Branch } from '../../../domain/catalog/catalog.ts';
import { openIntervals } from '../../../domain/catalog/catalog.ts';
import { freeStarts, planJob, planUntil, workingMinutesBetween, type ReservationLookup } from '../../../domain/schedule/plan.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { Interval } from '../../../domain/shared/time.ts';
import {
  monday,
  friday,
  saturday,
  sunday,
  nextMonday,
  holiday,
  moscow,
  vladivostok,
  at,
  oilChange,
  diagnostics,
  tyres,
  bodyWork,
  lift1,
  lift2,
  paint,
  retired,
} from '../../support/station.ts';

// ───────────────────────────── Fixtures ─────────────────────────────

const nothingReserved: ReservationLookup = () => [];

const thrownBy = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};
const expectOutside = (fn: () => unknown) => {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('OUTSIDE_WORKING_HOURS');
};

/** Wall-clock starts every `step` minutes from `from` (inclusive) to `to` (inclusive). */
const startsBetween = (branch: Branch, date: string, from: string, to: string, step = 30): number[] => {
  const result: number[] = [];
  for (let t = at(branch, date, from); t <= at(branch, date, to); t += step * 60_000) result.push(t);
  return result;
};

// ───────────────────────────── Tests ─────────────────────────────

describe('Plan', () => {
  describe('when a short job is laid on the working day', () => {
    it.each([moscow, vladivostok])('fits a 60-min job at 10:00 in $timeZone, buffer extending the block only', (branch) => {
      expect(planJob(branch, [oilChange], at(branch, monday, '10:00'))).toEqual({
        start: at(branch, monday, '10:00'),
        end: at(branch, monday, '11:00'),
        segments: [{ date: monday, from: at(branch, monday, '10:00'), to: at(branch, monday, '11:15') }],
      });
    });

    it.each([moscow, vladivostok])('fits a job ending exactly when the break starts in $timeZone', (branch) => {
      expect(planJob(branch, [oilChange], at(branch, monday, '12:00')).end).toBe(at(branch, monday, '13:00'));
    });

    it.each([moscow, vladivostok])('refuses a 60-min job at 12:30 that runs into the break in $timeZone', (branch) => {
      expectOutside(() => planJob(branch, [oilChange], at(branch, monday, '12:30')));
    });

    it.each([moscow, vladivostok])('refuses a 60-min job at 19:30 that runs past closing in $timeZone', (branch) => {
      expectOutside(() => planJob(branch, [oilChange], at(branch, monday, '19:30')));
    });

    it('refuses a job before opening', () => {
      expectOutside(() => planJob(moscow, [oilChange], at(moscow, monday, '08:30')));
    });

    it.each([
      ['Sunday', sunday],
      ['a day off', holiday],
    ])('refuses a job on %s', (_name, date) => {
      expectOutside(() => planJob(moscow, [oilChange], at(moscow, date, '11:00')));
    });

    it('reads the wall clock of the branch zone, not of the server', () => {
      // 09:00 in Vladivostok is 02:00 in Moscow: open in one branch, closed in the other.
      const instant = at(vladivostok, monday, '09:00');
      expect(instant).toBe(at(moscow, monday, '02:00'));
      expect(planJob(vladivostok, [oilChange], instant).start).toBe(instant);
      expectOutside(() => planJob(moscow, [oilChange], instant));
    });

    it('dates the segment by the branch day even when UTC is still on the day before', () => {
      const start = at(vladivostok, monday, '09:00');
      // Vladivostok is UTC+10 all year: 09:00 on Monday the 3rd is 23:00Z on Sunday the 2nd.
      expect(Temporal.Instant.fromEpochMilliseconds(start).toString()).toBe('2025-03-02T23:00:00Z');
      expect(planJob(vladivostok, [oilChange], start).segments.map((s) => s.date)).toEqual([monday]);
    });
  });

  describe('when services are chained in one visit', () => {
    it('sums the durations and blocks only the last service buffer', () => {
      expect(planJob(moscow, [oilChange, diagnostics], at(moscow, monday, '10:00'))).toEqual({
        start: at(moscow, monday, '10:00'),
        end: at(moscow, monday, '11:30'),
        segments: [{ date: monday, from: at(moscow, monday, '10:00'), to: at(moscow, monday, '11:40') }],
      });
    });

    it('takes the buffer of whichever service comes last', () => {
      const plan = planJob(moscow, [diagnostics, oilChange], at(moscow, monday, '10:00'));
      expect(plan.end).toBe(at(moscow, monday, '11:30'));
      expect(plan.segments[0]?.to).toBe(at(moscow, monday, '11:45'));
    });

    it('refuses a chain that only fits if the durations were not summed', () => {
      expectOutside(() => planJob(moscow, [oilChange, diagnostics], at(moscow, monday, '12:00')));
    });
  });

  describe('when a multi-day job is laid out', () => {
    it('flows 16 working hours from Friday 15:00 to Monday, one segment per bay-day', () => {
      expect([friday, saturday, sunday, nextMonday].map((d) => Temporal.PlainDate.from(d).dayOfWeek)).toEqual([5, 6, 7, 1]);
      // Friday 15-20 (5 h) + Saturday 10-16 (6 h) + Monday 09-13 and 14-15 (5 h) = 16 h.
      expect(planJob(moscow, [bodyWork], at(moscow, friday, '15:00'))).toEqual({
        start: at(moscow, friday, '15:00'),
        end: at(moscow, nextMonday, '15:00'),
        segments: [
          { date: friday, from: at(moscow, friday, '15:00'), to: at(moscow, friday, '20:00') },
          { date: saturday, from: at(moscow, saturday, '10:00'), to: at(moscow, saturday, '16:00') },
          { date: nextMonday, from: at(moscow, nextMonday, '09:00'), to: at(moscow, nextMonday, '15:30') },
        ],
      });
    });

    it('skips a day off as well as Sunday', () => {
      // Friday 7th 15-20 (5 h), Saturday 8th off, Sunday off, Monday 10th 09-13 + 14-20 (10 h), Tuesday 11th 09-10.
      const plan = planJob(moscow, [bodyWork], at(moscow, '2025-03-07', '15:00'));
      expect(plan.segments.map((s) => s.date)).toEqual(['2025-03-07', '2025-03-10', '2025-03-11']);
      expect(plan.end).toBe(at(moscow, '2025-03-11', '10:00'));
    });

    it('refuses to start a multi-day job in the break', () => {
      expectOutside(() => planJob(moscow, [bodyWork], at(moscow, friday, '13:30')));
    });
  });

  describe('when the manager resizes a job', () => {
    it('lays a short job on the length it was given, the buffer after the new end', () => {
      expect(planJob(moscow, [oilChange], at(moscow, monday, '10:00'), 150)).toEqual({
        start: at(moscow, monday, '10:00'),
        end: at(moscow, monday, '12:30'),
        segments: [{ date: monday, from: at(moscow, monday, '10:00'), to: at(moscow, monday, '12:45') }],
      });
    });

    it('refuses a short job stretched into the break', () => {
      expectOutside(() => planJob(moscow, [oilChange], at(moscow, monday, '10:00'), 210));
    });

    it('counts only working minutes between a start and an end', () => {
      expect(workingMinutesBetween(moscow, at(moscow, monday, '10:00'), at(moscow, monday, '12:30'))).toBe(150);
      // Friday 15-20 (5 h), Saturday 10-16 (6 h), Monday 09-13 and 14-16 (6 h).
      expect(workingMinutesBetween(moscow, at(moscow, friday, '15:00'), at(moscow, nextMonday, '16:00'))).toBe(17 * 60);
    });

    it('ends a multi-day job exactly at the end its working minutes were counted to', () => {
      const start = at(moscow, friday, '15:00');
      const end = at(moscow, nextMonday, '17:30');
      const plan = planJob(moscow, [bodyWork], start, workingMinutesBetween(moscow, start, end));
      expect(plan.end).toBe(end);
      expect(plan.segments.at(-1)).toEqual({
        date: nextMonday,
        from: at(moscow, nextMonday, '09:00'),
        to: at(moscow, nextMonday, '18:00'),
      });
    });

    it('lands short of an end in the break, which tells the host the end is not a working minute', () => {
      const start = at(moscow, monday, '10:00');
      const end = at(moscow, monday, '13:30');
      expect(planJob(moscow, [bodyWork], start, workingMinutesBetween(moscow, start, end)).end).toBe(at(moscow, monday, '13:00'));
    });

    it('plans a job resized to end at a working minute to end exactly there', () => {
      const resized = planUntil(moscow, [oilChange], at(moscow, monday, '10:00'), at(moscow, monday, '12:30'));
      expect(resized.workMinutes).toBe(150);
      expect(resized.plan.end).toBe(at(moscow, monday, '12:30'));
    });

    it('counts only working minutes for a multi-day job resized over the break', () => {
      const resized = planUntil(moscow, [bodyWork], at(moscow, monday, '10:00'), at(moscow, monday, '16:00'));
      // 10:00–13:00 and 14:00–16:00: five working hours, the break left out.
      expect(resized.workMinutes).toBe(300);
      expect(resized.plan.end).toBe(at(moscow, monday, '16:00'));
    });

    it('refuses a short job resized over the break: it must fit one open interval', () => {
      const error = thrownBy(() => planUntil(moscow, [oilChange], at(moscow, monday, '10:00'), at(moscow, monday, '16:00')));
      expect((error as DomainError).code).toBe('OUTSIDE_WORKING_HOURS');
    });

    it.each([
      ['in the break', '13:30', 'OUTSIDE_WORKING_HOURS'],
      ['before the start', '09:30', 'VALIDATION'],
    ])('refuses a new end %s', (_, time, code) => {
      const error = thrownBy(() => planUntil(moscow, [oilChange], at(moscow, monday, '10:00'), at(moscow, monday, time)));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
    });

    it('lists free starts for the resized length', () => {
      const starts = freeStarts({
        branch: moscow,
        services: [oilChange],
        bays: [lift1],
        date: monday,
        now: 0,
        reserved: nothingReserved,
        workMinutes: 180,
      });
      // Three hours fit 09:00-10:00 before the break and 14:00-17:00 after it.
      expect(starts.map((free) => free.start)).toEqual([
        ...startsBetween(moscow, monday, '09:00', '10:00'),
        ...startsBetween(moscow, monday, '14:00', '17:00'),
      ]);
    });
  });

  describe('when free starts are listed', () => {
    it('offers every start that fits, none before now', () => {
      const now = at(moscow, monday, '11:00');
      const starts = freeStarts({
        branch: moscow,
        services: [oilChange],
        bays: [lift1],
        date: monday,
        now,
        reserved: nothingReserved,
      });
      expect(starts.map((s) => s.start)).toEqual([
        ...startsBetween(moscow, monday, '11:00', '12:00'),
        ...startsBetween(moscow, monday, '14:00', '19:00'),
      ]);
      expect(starts.every((s) => s.start >= now)).toBe(true);
    });

    it('offers only bays whose kinds match the service and that are active', () => {
      const input = {
        branch: moscow,
        bays: [lift1, paint, lift2, retired],
        date: monday,
        now: at(moscow, monday, '08:00'),
        reserved: nothingReserved,
      };
      const oil = freeStarts({ ...input, services: [oilChange] });
      expect(oil.length).toBeGreaterThan(0);
      expect(new Set(oil.map((s) => s.bayIds.join()))).toEqual(new Set(['lift-1,lift-2']));

      const tyre = freeStarts({ ...input, services: [tyres] });
      expect(new Set(tyre.map((s) => s.bayIds.join()))).toEqual(new Set(['lift-2']));

      const oilAndTyres = freeStarts({ ...input, services: [oilChange, tyres] });
      expect(new Set(oilAndTyres.map((s) => s.bayIds.join()))).toEqual(new Set(['lift-2']));
    });

    it('offers nothing when no bay can do the service', () => {
      const starts = freeStarts({
        branch: moscow,
        services: [bodyWork],
        bays: [lift1, lift2],
        date: monday,
        now: at(moscow, monday, '08:00'),
        reserved: nothingReserved,
      });
      expect(starts).toEqual([]);
    });

    it('skips starts whose blocked segment, buffer included, overlaps a reservation', () => {
      const calls: [string, string][] = [];
      const reserved: ReservationLookup = (bayId, date) => {
        calls.push([bayId, date]);
        const taken: Interval = { from: at(moscow, monday, '15:00'), to: at(moscow, monday, '16:00') };
        return bayId === lift1.id && date === monday ? [taken] : [];
      };
      const starts = freeStarts({
        branch: moscow,
        services: [oilChange],
        bays: [lift1, lift2],
        date: monday,
        now: at(moscow, monday, '08:00'),
        reserved,
      });
      const bayIdsAt = (time: string) => starts.find((s) => s.start === at(moscow, monday, time))?.bayIds;

      expect(calls).toContainEqual([lift1.id, monday]);
      expect(bayIdsAt('13:30')).toBeUndefined(); // the break, not the reservation
      expect(bayIdsAt('12:00')).toEqual(['lift-1', 'lift-2']);
      // 14:00-15:00 touches the reservation, but its 15-min buffer runs into it.
      expect(bayIdsAt('14:00')).toEqual(['lift-2']);
      expect(bayIdsAt('14:30')).toEqual(['lift-2']);
      expect(bayIdsAt('15:00')).toEqual(['lift-2']);
      expect(bayIdsAt('15:30')).toEqual(['lift-2']);
      expect(bayIdsAt('16:00')).toEqual(['lift-1', 'lift-2']);
    });

    it('drops a start entirely when its only bay is taken', () => {
      const taken: Interval = { from: at(moscow, monday, '10:00'), to: at(moscow, monday, '11:00') };
      const starts = freeStarts({
        branch: moscow,
        services: [oilChange],
        bays: [lift1],
        date: monday,
        now: at(moscow, monday, '08:00'),
        reserved: () => [taken],
      });
      expect(starts.map((s) => s.start)).toEqual([
        // 09:00 + 60 min + 15 min buffer runs to 10:15: blocked; 11:00 touches the reservation's end: free.
        ...startsBetween(moscow, monday, '11:00', '12:00'),
        ...startsBetween(moscow, monday, '14:00', '19:00'),
      ]);
    });

    it('lists starts on the wall clock of the branch zone', () => {
      const starts = freeStarts({
        branch: vladivostok,
        services: [oilChange],
        bays: [lift1],
        date: monday,
        now: at(vladivostok, monday, '00:00'),
        reserved: nothingReserved,
      });
      expect(starts[0]?.start).toBe(at(vladivostok, monday, '09:00'));
      expect(starts.at(-1)?.start).toBe(at(vladivostok, monday, '19:00'));
    });

    it.each([
      ['Sunday', sunday],
      ['a day off', holiday],
    ])('offers nothing on %s', (_name, date) => {
      const starts = freeStarts({
        branch: moscow,
        services: [oilChange],
        bays: [lift1],
        date,
        now: at(moscow, monday, '08:00'),
        reserved: nothingReserved,
      });
      expect(starts).toEqual([]);
    });
  });

  describe('when open intervals are read', () => {
    it('cuts the break out of a weekday', () => {
      expect(openIntervals(moscow, monday)).toEqual([
        { from: at(moscow, monday, '09:00'), to: at(moscow, monday, '13:00') },
        { from: at(moscow, monday, '14:00'), to: at(moscow, monday, '20:00') },
      ]);
    });

    it('uses the Saturday hours', () => {
      expect(openIntervals(moscow, saturday)).toEqual([
        { from: at(moscow, saturday, '10:00'), to: at(moscow, saturday, '16:00') },
      ]);
    });

    it('places the same wall-clock hours at other instants in another zone', () => {
      const intervals = openIntervals(vladivostok, monday);
      expect(intervals).toEqual([
        { from: at(vladivostok, monday, '09:00'), to: at(vladivostok, monday, '13:00') },
        { from: at(vladivostok, monday, '14:00'), to: at(vladivostok, monday, '20:00') },
      ]);
      // Vladivostok (UTC+10) is 7 hours ahead of Moscow (UTC+3); neither observes DST.
      expect(openIntervals(moscow, monday)[0]!.from - intervals[0]!.from).toBe(7 * 60 * 60_000);
    });

    it.each([
      ['Sunday', sunday],
      ['a day off', holiday],
    ])('returns nothing on %s', (_name, date) => {
      expect(openIntervals(moscow, date)).toEqual([]);
      expect(openIntervals(vladivostok, date)).toEqual([]);
    });
  });
});
