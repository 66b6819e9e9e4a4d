import { describe, expect, it } from 'vitest';
import { requireComment, requireParticulars } from '../../../domain/booking/booking-rules.ts';
import { requireCar, requireClientName } from '../../../domain/client/client-rules.ts';
import { plateProblem, requirePlate } from '../../../domain/client/plate.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  assertEndWithin,
  assertStartWithin,
  cleanOutsideName,
  horizonDays,
  leadMinutes,
  multiLineProblem,
  requireId,
  requireInstant,
  requirePastInstant,
  singleLineProblem,
  STAFF_HORIZON_DAYS,
  textLimits,
} from '../../../domain/shared/input-rules.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-03-03T06:00:00Z');

/** The DomainError `run` throws, for its code and field. */
const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('Input rules', () => {
  describe('when a one-line value is given (a name, a car, an id)', () => {
    it.each([
      ['NUL', 'Иван\u0000Петров'],
      ['a tab', 'Иван\tПетров'],
      ['a line feed', 'Иван\nПетров'],
      ['DEL', 'Иван\u007f'],
      ['a C1 control', 'Иван\u0085'],
      ['a lone surrogate', 'Иван\ud800'],
      ['a line separator', 'Иван\u2028Петров'],
      ['a right-to-left override in a phone', '+7 495 \u202e76-54-321'],
      ['a direction isolate', '\u2066ООО «Вектор»\u2069'],
    ])('refuses %s', (_label, text) => {
      expect(singleLineProblem(text, 200)).toBe('control');
    });

    it('accepts letters of any script, digits, punctuation and emoji within the limit', () => {
      expect(singleLineProblem('Мария-Луиза O’Нил 🚗', 200)).toBeNull();
    });

    it('counts characters, not UTF-16 units, as JSON Schema does', () => {
      expect(singleLineProblem('🚗'.repeat(60), 60)).toBeNull();
      expect(singleLineProblem('🚗'.repeat(61), 60)).toBe('long');
    });
  });

  describe('when free text over several lines is given (a comment)', () => {
    it('keeps line feeds and tabs', () => {
      expect(multiLineProblem('первая строка\n\tвторая', 1000)).toBeNull();
      expect(requireComment('первая\r\nвторая\rтретья')).toBe('первая\nвторая\nтретья');
    });

    it.each([
      ['NUL', 'a\u0000b'],
      ['a bell', 'a\u0007b'],
      ['a vertical tab', 'a\u000bb'],
      ['ESC', 'a\u001b[31m'],
    ])('refuses %s', (_label, text) => {
      expect(multiLineProblem(text, 1000)).toBe('control');
      expect(refusal(() => requireComment(text))).toMatchObject({ code: 'VALIDATION', details: { field: 'comment' } });
    });

    it('refuses a comment over the limit and reads a blank one as none', () => {
      expect(refusal(() => requireComment('x'.repeat(textLimits.comment + 1))).details).toMatchObject({ field: 'comment' });
      expect(requireComment('x'.repeat(textLimits.comment))).toHaveLength(textLimits.comment);
      expect(requireComment('   \n ')).toBeUndefined();
    });
  });

  describe('when a client name is given', () => {
    it('trims it and refuses it blank, over the limit or with a control character', () => {
      expect(requireClientName('  Анна Петрова ')).toBe('Анна Петрова');
      // A letter written with a combining mark is a letter.
      expect(requireClientName('И\u0306горь')).toBe('И\u0306горь');
      const blanksThatLookLikeNames = ['\u3164\u3164', '\u115f', '\u2800 \u2800', '\u0301\u0301', '\ue000', '\u034f'];
      for (const bad of ['   ', 'x'.repeat(textLimits.personName + 1), 'Анна\u0000', ...blanksThatLookLikeNames]) {
        expect(refusal(() => requireClientName(bad))).toMatchObject({ code: 'VALIDATION', details: { field: 'client.name' } });
      }
    });

    it('cleans a name another service gave us instead of refusing it', () => {
      expect(cleanOutsideName(' Иван\u0000\u0007  Петров\n')).toBe('Иван Петров');
      expect([...cleanOutsideName('я'.repeat(500))]).toHaveLength(textLimits.personName);
    });
  });

  describe('when a plate is given', () => {
    it('normalises spaces, case and Latin look-alikes', () => {
      expect(requirePlate(' a 123 bc 777 ')).toBe('А123ВС777');
      expect(requirePlate('1234 AB-7')).toBe('1234АВ-7');
    });

    it.each([
      ['control', 'А123\u0000ВС77'],
      ['long', 'А'.repeat(textLimits.plateTyped + 1)],
      ['shape', 'А1'],
      ['shape', 'А123ВС7777777'],
      ['shape', 'А123/ВС77'],
    ])('refuses a plate that is %s', (problem, typed) => {
      expect(plateProblem(typed)).toBe(problem);
      expect(refusal(() => requirePlate(typed)).details).toMatchObject({ field: 'car.plate' });
    });
  });

  describe('when a car is given', () => {
    it('keeps the parts given, drops empty ones and leaves no car when nothing is left', () => {
      expect(requireCar({ make: ' Kia ', model: '', plate: 'а001аа77' })).toEqual({ make: 'Kia', plate: 'А001АА77' });
      expect(requireCar({ make: ' ', plate: ' ' })).toBeUndefined();
    });

    it('leaves out a make or model of no letter or digit, and takes a number for a name', () => {
      expect(requireCar({ make: '🚗' })).toBeUndefined();
      expect(requireCar({ make: '—', plate: 'а001аа77' })).toEqual({ plate: 'А001АА77' });
      expect(requireCar({ make: 'Kia', model: '???' })).toEqual({ make: 'Kia' });
      expect(requireCar({ make: 'ВАЗ', model: '2107' })).toEqual({ make: 'ВАЗ', model: '2107' });
      expect(requireCar({ make: 'Škoda', model: 'Октавия 🚗' })).toEqual({ make: 'Škoda', model: 'Октавия 🚗' });
    });

    it('names the part it refuses', () => {
      expect(refusal(() => requireCar({ make: 'Kia\u0000' })).details).toMatchObject({ field: 'car.make' });
      expect(refusal(() => requireCar({ model: 'x'.repeat(textLimits.carModel + 1) })).details).toMatchObject({
        field: 'car.model',
      });
    });
  });

  describe('when a booking request carries personal data', () => {
    it('checks name, phone, car and comment together and returns them normalised', () => {
      expect(
        requireParticulars({
          client: { name: ' Пётр ', phone: '8 916 123-45-67' },
          car: { make: 'Lada', plate: 'в456ор199' },
          comment: ' стучит \r\n слева ',
        }),
      ).toEqual({ name: 'Пётр', phone: '+79161234567', car: { make: 'Lada', plate: 'В456ОР199' }, comment: 'стучит \n слева' });
    });

    it.each([
      ['client.name', { client: { name: 'Пётр\u0000', phone: '+79161234567' } }],
      ['car.model', { client: { name: 'Пётр', phone: '+79161234567' }, car: { model: 'Rio\u0000' } }],
      ['comment', { client: { name: 'Пётр', phone: '+79161234567' }, comment: 'позвоните\u0000' }],
    ])('refuses a NUL in %s', (field, input) => {
      expect(refusal(() => requireParticulars(input)).details).toMatchObject({ field });
    });
  });

  describe('when an id is given', () => {
    it('accepts a UUID and refuses anything else', () => {
      expect(requireId('0b6f3c4e-2d7a-4f1e-9a3b-5c6d7e8f9a0b', 'bayId')).toBe('0b6f3c4e-2d7a-4f1e-9a3b-5c6d7e8f9a0b');
      for (const bad of ['bay-1', '0b6f3c4e-2d7a-4f1e-9a3b-5c6d7e8f9a0b\u0000', '']) {
        expect(refusal(() => requireId(bad, 'bayId')).details).toMatchObject({ field: 'bayId' });
      }
    });
  });

  describe('when a time is given', () => {
    it('reads an ISO date-time with an offset and refuses one without, or a too long one', () => {
      expect(requireInstant('2026-12-01T10:00+03:00', 'start')).toBe(Date.parse('2026-12-01T07:00:00Z'));
      // A zone in brackets is held to being a real zone that agrees with the offset.
      expect(requireInstant('2026-12-01T10:00+03:00[Europe/Moscow]', 'start')).toBe(Date.parse('2026-12-01T07:00:00Z'));
      for (const bad of [
        '2026-12-01T10:00',
        'завтра',
        `2026-12-01T10:00:00.${'0'.repeat(40)}+03:00`,
        '2026-12-10T10:00Z[Europe/Nowhere]',
        '2026-12-10T10:00+03:00[America/New_York]',
      ]) {
        expect(refusal(() => requireInstant(bad, 'start')).details).toMatchObject({ field: 'start' });
      }
    });

    it('holds a client to the branch horizon and staff to a year', () => {
      const branch = { bookingHorizonDays: 14 };
      expect(horizonDays(branch, 'client')).toBe(14);
      expect(horizonDays(branch, 'staff')).toBe(STAFF_HORIZON_DAYS);
    });

    it('refuses a start beyond the horizon with VALIDATION and one before now with IN_PAST', () => {
      expect(() => assertStartWithin(now + 14 * DAY, now, 14)).not.toThrow();
      expect(refusal(() => assertStartWithin(now + 14 * DAY + 60_000, now, 14))).toMatchObject({
        code: 'VALIDATION',
        details: { field: 'start', horizonDays: 14 },
      });
      expect(refusal(() => assertStartWithin(now - 60_000, now, 14)).code).toBe('IN_PAST');
      const year10000 = Date.parse('+010000-01-01T07:00:00Z');
      expect(refusal(() => assertStartWithin(year10000, now, STAFF_HORIZON_DAYS)).code).toBe('VALIDATION');
    });

    it('holds a client to the branch’s notice ahead of a start, and lets staff book from now', () => {
      const branch = { changeNoticeMinutes: 120 };
      expect(leadMinutes(branch, 'client')).toBe(120);
      expect(leadMinutes(branch, 'staff')).toBe(0);
      expect(() => assertStartWithin(now + 120 * 60_000, now, 14, 120)).not.toThrow();
      expect(refusal(() => assertStartWithin(now + 119 * 60_000, now, 14, 120))).toMatchObject({
        code: 'TOO_SOON',
        details: { field: 'start', leadMinutes: 120 },
      });
      expect(() => assertStartWithin(now + 60_000, now, 14, 0)).not.toThrow();
      // A start already gone is gone, not too soon.
      expect(refusal(() => assertStartWithin(now - 60_000, now, 14, 120)).code).toBe('IN_PAST');
    });

    it('takes a moment that already happened between 2000 and now (a clock a little ahead is forgiven)', () => {
      expect(requirePastInstant('2026-03-03T09:00+03:00', 'givenAt', now)).toBe('2026-03-03T06:00:00.000Z');
      expect(requirePastInstant(new Date(now + 60_000).toISOString(), 'givenAt', now)).toBe(new Date(now + 60_000).toISOString());
      for (const bad of ['+010000-01-01T00:00Z', '1999-12-31T23:59Z', new Date(now + DAY).toISOString()]) {
        expect(refusal(() => requirePastInstant(bad, 'givenAt', now)).details).toMatchObject({ field: 'givenAt' });
      }
    });

    it('refuses an end before the start or past the longest job', () => {
      expect(() => assertEndWithin(now, now + 60 * DAY)).not.toThrow();
      expect(refusal(() => assertEndWithin(now, now)).details).toMatchObject({ field: 'end' });
      expect(refusal(() => assertEndWithin(now, now + 60 * DAY + 60_000)).details).toMatchObject({ field: 'end' });
      expect(refusal(() => assertEndWithin(now, Number.NaN)).details).toMatchObject({ field: 'end' });
    });
  });
});
