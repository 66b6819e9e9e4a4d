import { describe, expect, it } from 'vitest';
import { freeStarts, planJob } from '../../../domain/schedule/plan.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { epochAt } from '../../../domain/shared/time.ts';
import {
  canWorkJob,
  dayOffImpact,
  mechanicsFor,
  requireAbsence,
  requireWeeklyShifts,
  shiftOn,
  staffedBy,
  type StaffMember,
} from '../../../domain/staff/shifts.ts';
import { at, bodyWork, lift1, monday, moscow, oilChange, tyres } from '../../support/station.ts';

// Monday 3 March 2025 … the station's fixtures (tests/support/station.ts); mechanics are built here.
const tuesday = '2025-03-04';

const mechanic = (id: string, overrides: Partial<StaffMember> = {}): StaffMember => ({
  id,
  active: true,
  startDate: null,
  skills: ['lift'],
  shifts: { '1': { from: '09:00', to: '18:00' }, '2': { from: '09:00', to: '18:00' } },
  absences: [],
  ...overrides,
});

const oilAt = (date: string, time: string) => planJob(moscow, [oilChange], at(moscow, date, time));

describe('Staff on shift', () => {
  describe('when a mechanic works a weekday pattern', () => {
    it('is on shift from the start to the end of their hours in the branch zone', () => {
      expect(shiftOn(mechanic('m1'), monday, moscow.timeZone)).toEqual({
        from: at(moscow, monday, '09:00'),
        to: at(moscow, monday, '18:00'),
      });
    });

    it('is off on a weekday the pattern leaves out, on a day away, before the start date and when inactive', () => {
      expect(shiftOn(mechanic('m1'), '2025-03-05', moscow.timeZone)).toBeNull();
      expect(
        shiftOn(mechanic('m1', { absences: [{ from: monday, to: monday, kind: 'sick' }] }), monday, moscow.timeZone),
      ).toBeNull();
      expect(shiftOn(mechanic('m1', { startDate: tuesday }), monday, moscow.timeZone)).toBeNull();
      expect(shiftOn(mechanic('m1', { active: false }), monday, moscow.timeZone)).toBeNull();
    });
  });

  describe('when a job is placed with shifts required', () => {
    it('refuses a job on a day no skilled mechanic works and accepts it on a day one does', () => {
      const staff = [
        mechanic('tyre-fitter', { skills: ['tyre'] }),
        mechanic('lift-man', { shifts: { '2': { from: '09:00', to: '18:00' } } }),
      ];
      expect(mechanicsFor({ staff, services: [oilChange], plan: oilAt(monday, '10:00'), timeZone: moscow.timeZone })).toEqual([]);
      expect(
        mechanicsFor({ staff, services: [oilChange], plan: oilAt(tuesday, '10:00'), timeZone: moscow.timeZone }).map((m) => m.id),
      ).toEqual(['lift-man']);
    });

    it('refuses a job that runs past the end of the shift', () => {
      // 17:30 + 60 min + 15 min buffer ends at 18:45, after an 18:00 shift end.
      expect(canWorkJob(mechanic('m1'), [oilChange], oilAt(monday, '17:30').segments, moscow.timeZone)).toBe(false);
      expect(canWorkJob(mechanic('m1'), [oilChange], oilAt(monday, '16:30').segments, moscow.timeZone)).toBe(true);
    });

    it('needs every skill of a visit of several services', () => {
      const plan = planJob(moscow, [oilChange, tyres], at(moscow, monday, '10:00'));
      expect(canWorkJob(mechanic('m1'), [oilChange, tyres], plan.segments, moscow.timeZone)).toBe(false);
      expect(canWorkJob(mechanic('m1', { skills: ['lift', 'tyre'] }), [oilChange, tyres], plan.segments, moscow.timeZone)).toBe(
        true,
      );
    });

    it('needs a multi-day job covered on each of its days', () => {
      const painter = (days: StaffMember['shifts']) => mechanic('painter', { skills: ['paint'], shifts: days });
      const plan = planJob(moscow, [bodyWork], at(moscow, monday, '09:00'));
      const dates = plan.segments.map((segment) => segment.date);
      expect(dates.length).toBeGreaterThan(1);
      const allWeek = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { from: '08:00', to: '21:00' }]));
      expect(canWorkJob(painter(allWeek), [bodyWork], plan.segments, moscow.timeZone)).toBe(true);
      expect(canWorkJob(painter({ '1': { from: '08:00', to: '21:00' } }), [bodyWork], plan.segments, moscow.timeZone)).toBe(
        false,
      );
    });

    it('offers the preferred mechanic first, then the one with fewer overlapping jobs', () => {
      const staff = [mechanic('a'), mechanic('b'), mechanic('c')];
      const plan = oilAt(monday, '10:00');
      const busy = (id: string) => ({ a: 2, b: 0, c: 1 })[id] ?? 0;
      const timeZone = moscow.timeZone;
      expect(mechanicsFor({ staff, services: [oilChange], plan, timeZone, busy }).map((m) => m.id)).toEqual(['b', 'c', 'a']);
      expect(mechanicsFor({ staff, services: [oilChange], plan, timeZone, busy, preferredId: 'a' }).map((m) => m.id)).toEqual([
        'a',
        'b',
        'c',
      ]);
    });
  });

  describe('when free times are searched with shifts required', () => {
    it('offers only starts a mechanic covers', () => {
      const staff = [mechanic('m1', { shifts: { '1': { from: '12:00', to: '15:00' } } })];
      const starts = freeStarts({
        branch: moscow,
        services: [oilChange],
        bays: [lift1],
        date: monday,
        now: at(moscow, monday, '00:00'),
        reserved: () => [],
        staffed: staffedBy(staff, [oilChange], moscow.timeZone),
      });
      // Open 09–20 with a 13–14 break: the hour's work must end by 13:00, and with its 15-minute
      // buffer the job must end by the shift's 15:00: only 12:00 does both (14:00 would end 15:15).
      expect(starts.map((free) => free.start)).toEqual([at(moscow, monday, '12:00')]);
    });
  });

  describe('when a mechanic takes a day off', () => {
    const job = (bookingId: string, date: string, time: string) => ({
      bookingId,
      services: [oilChange],
      segments: oilAt(date, time).segments,
    });
    const ill = mechanic('ill');

    it('gives a job to another mechanic on shift and lists only the jobs nobody can take', () => {
      const other = mechanic('other', { shifts: { '1': { from: '09:00', to: '12:00' } } });
      const impact = dayOffImpact({
        member: ill,
        absence: { from: monday, to: monday, kind: 'sick' },
        jobs: [job('morning', monday, '09:00'), job('afternoon', monday, '15:00'), job('next-day', tuesday, '10:00')],
        others: [ill, other],
        timeZone: moscow.timeZone,
        shiftsRequired: true,
      });
      expect(impact).toEqual({ reassigned: [{ bookingId: 'morning', mechanicId: 'other' }], toMove: ['afternoon'] });
    });

    it('breaks nothing when the station does not require shifts', () => {
      const impact = dayOffImpact({
        member: ill,
        absence: { from: monday, to: tuesday, kind: 'vacation' },
        jobs: [job('afternoon', monday, '15:00')],
        others: [],
        timeZone: moscow.timeZone,
        shiftsRequired: false,
      });
      expect(impact).toEqual({ reassigned: [], toMove: [] });
    });
  });

  describe('when patterns and absences are entered', () => {
    it('refuses a shift that ends before it starts, an unknown weekday and an absence that ends before it starts', () => {
      const code = (run: () => unknown) => {
        try {
          run();
        } catch (error) {
          return (error as DomainError).code;
        }
        return 'accepted';
      };
      expect(code(() => requireWeeklyShifts({ '1': { from: '18:00', to: '09:00' } }))).toBe('VALIDATION');
      expect(code(() => requireWeeklyShifts({ '8': { from: '09:00', to: '18:00' } }))).toBe('VALIDATION');
      expect(code(() => requireAbsence({ from: tuesday, to: monday, kind: 'sick' }))).toBe('VALIDATION');
      expect(requireWeeklyShifts({ '6': { from: '10:00', to: '16:00' } })).toEqual({ '6': { from: '10:00', to: '16:00' } });
    });
  });
  describe('when a shift ends at midnight in a branch open round the clock', () => {
    const lastHour = [{ date: monday, from: at(moscow, monday, '23:00'), to: at(moscow, tuesday, '00:00') }];

    it('reads an end at «00:00» as the midnight ending the day, as a branch close, so «00:00»–«00:00» is the whole day', () => {
      expect(requireWeeklyShifts({ '1': { from: '00:00', to: '00:00' }, '2': { from: '20:00', to: '00:00' } })).toEqual({
        '1': { from: '00:00', to: '24:00' },
        '2': { from: '20:00', to: '24:00' },
      });
      expect(requireWeeklyShifts({ '3': { from: '08:00', to: '24:00' } })).toEqual({ '3': { from: '08:00', to: '24:00' } });
    });

    it('covers the last hour of the day with a shift till midnight, and not with one till 23:59', () => {
      const wholeDay = mechanic('m1', { shifts: requireWeeklyShifts({ '1': { from: '00:00', to: '00:00' } }) });
      expect(shiftOn(wholeDay, monday, moscow.timeZone)).toEqual({
        from: epochAt(monday, '00:00', moscow.timeZone),
        to: epochAt(tuesday, '00:00', moscow.timeZone),
      });
      expect(canWorkJob(wholeDay, [oilChange], lastHour, moscow.timeZone)).toBe(true);
      const tillMidnightKeptAsZero = mechanic('m2', { shifts: { '1': { from: '20:00', to: '00:00' } } });
      expect(canWorkJob(tillMidnightKeptAsZero, [oilChange], lastHour, moscow.timeZone)).toBe(true);
      const tillOneMinuteBefore = mechanic('m3', { shifts: { '1': { from: '00:00', to: '23:59' } } });
      expect(canWorkJob(tillOneMinuteBefore, [oilChange], lastHour, moscow.timeZone)).toBe(false);
    });

    it('refuses a shift across midnight, or one starting at «24:00», saying how to enter a night shift', () => {
      const refusal = (run: () => unknown) => {
        try {
          run();
        } catch (error) {
          return { code: (error as DomainError).code, message: (error as DomainError).message };
        }
        return 'accepted';
      };
      expect(refusal(() => requireWeeklyShifts({ '5': { from: '20:00', to: '08:00' } }))).toEqual({
        code: 'VALIDATION',
        message:
          'Day 5: a shift starts before it ends, by midnight (00:00); split a night shift into one till 00:00 and one from 00:00 the next day',
      });
      expect(refusal(() => requireWeeklyShifts({ '5': { from: '24:00', to: '24:00' } }))).toEqual({
        code: 'VALIDATION',
        message: 'A shift starts and ends as HH:MM (an end at 00:00 or 24:00 is midnight)',
      });
    });
  });
});
