import { describe, expect, it } from 'vitest';
import { minutesLeft, visitDay } from '../../conversation/booking-reminders.ts';
import { textsFor } from '../../conversation/texts.ts';

const MINUTE = 60_000;
const ZONE = 'Europe/Moscow';
/** Fri 11.12.2026 10:00 in Moscow. */
const start = Date.parse('2026-12-11T07:00:00Z');

describe('Reminder words', () => {
  describe('when a reminder says which day the visit is', () => {
    it('says tomorrow the evening before, in the branch’s zone', () => {
      expect(visitDay(start, start - 24 * 60 * MINUTE, ZONE)).toBe('tomorrow');
    });

    it('says today once midnight has passed where the branch is', () => {
      expect(visitDay(start, Date.parse('2026-12-10T21:30:00Z'), ZONE)).toBe('today');
    });

    it('names neither when the visit is further away', () => {
      expect(visitDay(start, start - 3 * 24 * 60 * MINUTE, ZONE)).toBeNull();
    });
  });

  describe('when a reminder says how long is left', () => {
    it('says two hours for one sent a tick after its moment', () => {
      expect(minutesLeft(start, start - 119.5 * MINUTE)).toBe(120);
      expect(textsFor('ru').timeLeft(120)).toBe('2 часа');
    });

    it('says the time really left for one sent late', () => {
      expect(minutesLeft(start, start - 30 * MINUTE)).toBe(30);
      expect(minutesLeft(start, start - 91 * MINUTE)).toBe(90);
      expect(minutesLeft(start, start - 30_000)).toBe(1);
    });

    it('words it in Russian and English', () => {
      const ru = textsFor('ru');
      expect([1, 2, 5, 21, 30, 60, 90, 65].map(ru.timeLeft)).toEqual([
        '1 минуту',
        '2 минуты',
        '5 минут',
        '21 минуту',
        '30 минут',
        '1 час',
        '1 час 30 минут',
        '1 час 5 минут',
      ]);
      expect([1, 30, 60, 120, 90].map(textsFor('en').timeLeft)).toEqual([
        '1 minute',
        '30 minutes',
        '1 hour',
        '2 hours',
        '1 hour 30 minutes',
      ]);
    });
  });
});
