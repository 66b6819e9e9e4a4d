import { describe, expect, it } from 'vitest';
import { heldUntilDone } from '../../../domain/booking/finished-early.ts';

// Instants in UTC; the zone does not matter to cutting what a booking already holds.
const t = (date: string, time: string) => Date.parse(`${date}T${time}:00.000Z`);
const iso = (date: string, time: string) => new Date(t(date, time)).toISOString();
const segment = (date: string, from: string, to: string) => ({ date, from: iso(date, from), to: iso(date, to) });

// 45 minutes of work from 10:00 and 15 of the bay's preparation after it.
const oilChange = {
  start: iso('2026-12-08', '10:00'),
  end: iso('2026-12-08', '10:45'),
  segments: [segment('2026-12-08', '10:00', '11:00')],
};
// Two working days, 10:00–18:00 and 09:00–13:00, no preparation.
const bodyWork = {
  start: iso('2026-12-08', '10:00'),
  end: iso('2026-12-09', '13:00'),
  segments: [segment('2026-12-08', '10:00', '18:00'), segment('2026-12-09', '09:00', '13:00')],
};

describe('What a job finished early keeps of its booked time', () => {
  it('holds the bay to the next whole minute after it finished, with the preparation time after it', () => {
    expect(heldUntilDone(oilChange, t('2026-12-08', '10:20') + 1_000)).toEqual([segment('2026-12-08', '10:00', '10:36')]);
  });

  it('frees a single minute when it finished a minute early', () => {
    expect(heldUntilDone(oilChange, t('2026-12-08', '10:44'))).toEqual([segment('2026-12-08', '10:00', '10:59')]);
  });

  it('drops the working days after the one it finished on', () => {
    expect(heldUntilDone(bodyWork, t('2026-12-08', '15:30'))).toEqual([segment('2026-12-08', '10:00', '15:30')]);
  });

  it('keeps a whole day it worked through when it finished after closing, before the next day', () => {
    expect(heldUntilDone(bodyWork, t('2026-12-08', '19:10'))).toEqual([segment('2026-12-08', '10:00', '18:00')]);
  });

  it.each([
    ['at its booked end', t('2026-12-08', '10:45')],
    ['within the last minute before it', t('2026-12-08', '10:44') + 30_000],
    ['after it', t('2026-12-08', '12:00')],
    ['before its booked start (the car came early)', t('2026-12-08', '09:30')],
    ['at its booked start', t('2026-12-08', '10:00')],
  ])('changes nothing when it finished %s', (_, at) => {
    expect(heldUntilDone(oilChange, at)).toBeNull();
  });
});
