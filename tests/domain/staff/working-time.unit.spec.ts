import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  correctedDays,
  requireCorrection,
  requireIdleCutoff,
  workDays,
  workStretches,
  type WorkMark,
} from '../../../domain/staff/working-time.ts';

const MIN = 60_000;
const CUTOFF = 15 * MIN;
// 2026-03-02 09:00 in Moscow (+03:00).
const nine = Date.parse('2026-03-02T06:00:00Z');
const at = (minutes: number, kind: WorkMark['kind'] = 'beat'): WorkMark => ({ at: nine + minutes * MIN, kind });
const beats = (from: number, to: number, every = 1) =>
  Array.from({ length: Math.floor((to - from) / every) + 1 }, (_, i) => at(from + i * every));

describe('Working time from sessions', () => {
  it('joins marks within the idle cut-off into one stretch from sign-in to sign-out', () => {
    const marks = [at(0, 'signin'), ...beats(1, 60), at(61, 'signout')];
    expect(workStretches(marks, CUTOFF)).toEqual([{ from: nine, to: nine + 61 * MIN }]);
  });

  it('cuts a silence longer than the cut-off and counts a gap within it', () => {
    const marks = [at(0, 'signin'), ...beats(1, 30), ...beats(44, 60), ...beats(90, 120)];
    // 30 → 44 is 14 minutes: joined; 60 → 90 is 30 minutes: cut.
    expect(workStretches(marks, CUTOFF)).toEqual([
      { from: nine, to: nine + 60 * MIN },
      { from: nine + 90 * MIN, to: nine + 120 * MIN },
    ]);
  });

  it('reads marks in time order, starts anew at a sign-in and counts nothing after a late sign-out', () => {
    const marks = [at(20), at(0, 'signin'), at(10), at(200, 'signout'), at(300, 'signin'), at(310), at(315, 'signin'), at(320)];
    expect(workStretches(marks, CUTOFF)).toEqual([
      { from: nine, to: nine + 20 * MIN },
      { from: nine + 300 * MIN, to: nine + 310 * MIN },
      { from: nine + 315 * MIN, to: nine + 320 * MIN },
    ]);
  });

  it('sums a day in the branch zone and splits a stretch at local midnight', () => {
    const late = Date.parse('2026-03-02T20:30:00Z'); // 23:30 Moscow
    const days = workDays(
      [
        { from: nine, to: nine + 60 * MIN },
        { from: nine + 120 * MIN, to: nine + 150 * MIN },
        { from: late, to: late + 90 * MIN },
      ],
      'Europe/Moscow',
    );
    expect(days).toEqual([
      { date: '2026-03-02', start: nine, end: late + 30 * MIN, activeMs: (60 + 30 + 30) * MIN },
      { date: '2026-03-03', start: late + 30 * MIN, end: late + 90 * MIN, activeMs: 60 * MIN },
    ]);
  });

  it('puts the latest correction of a day in place of the record, and adds a day that had none', () => {
    const recorded = workDays([{ from: nine, to: nine + 60 * MIN }], 'Europe/Moscow');
    const first = {
      date: '2026-03-02',
      start: nine,
      end: nine + 8 * 60 * MIN,
      activeMs: 7 * 60 * MIN,
      reason: 'забыл войти',
      by: 'o',
      at: 1,
    };
    const second = { ...first, activeMs: 6 * 60 * MIN, reason: 'уточнено', at: 2 };
    const extra = {
      ...first,
      date: '2026-03-04',
      start: nine + 2 * 1440 * MIN,
      end: nine + 2 * 1440 * MIN + 60 * MIN,
      activeMs: 60 * MIN,
      at: 3,
    };
    const days = correctedDays(recorded, [second, extra, first]);
    expect(days.map((day) => [day.date, day.activeMs / MIN, day.correction?.reason])).toEqual([
      ['2026-03-02', 360, 'уточнено'],
      ['2026-03-04', 60, 'забыл войти'],
    ]);
  });

  it('refuses a correction ending before it starts, active time longer than the day, no reason, or a day not begun or over a year ago', () => {
    const ok = { start: nine, end: nine + 60 * MIN, activeMinutes: 50, reason: 'был на приёмке', now: nine + 24 * 60 * MIN };
    expect(requireCorrection(ok)).toEqual({ start: nine, end: nine + 60 * MIN, activeMs: 50 * MIN, reason: 'был на приёмке' });
    for (const bad of [
      { ...ok, end: nine },
      { ...ok, activeMinutes: 61 },
      { ...ok, reason: '  ' },
      { ...ok, activeMinutes: -1 },
      { ...ok, now: nine - MIN },
      { ...ok, now: nine + 367 * 24 * 60 * MIN },
    ]) {
      expect(() => requireCorrection(bad)).toThrow(DomainError);
    }
    expect(() => requireIdleCutoff(2)).toThrow(DomainError);
    expect(requireIdleCutoff(15)).toBe(15);
  });
});
