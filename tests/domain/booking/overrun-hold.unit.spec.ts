import { describe, expect, it } from 'vitest';
import type { DayHours } from '../../../domain/catalog/catalog.ts';
import { heldAfterOverrun, overrunHoldUntil } from '../../../domain/booking/overrun-hold.ts';

// A Moscow station open 09:00–20:00 on weekdays, with lunch 13:00–14:00; 2026-12-08 is a Tuesday.
const t = (date: string, time: string) => Date.parse(`${date}T${time}:00+03:00`);
const day: DayHours = { open: '09:00', close: '20:00', breaks: [{ from: '13:00', to: '14:00' }] };
const branch = { timeZone: 'Europe/Moscow', hours: { '1': day, '2': day, '3': day, '4': day, '5': day }, daysOff: [] };

// 45 minutes of work from 10:00 and 15 of the bay's preparation after it.
const oilChange = {
  end: new Date(t('2026-12-08', '10:45')).toISOString(),
  segments: [
    {
      date: '2026-12-08',
      from: new Date(t('2026-12-08', '10:00')).toISOString(),
      to: new Date(t('2026-12-08', '11:00')).toISOString(),
    },
  ],
};
const booked = { from: t('2026-12-08', '10:00'), to: t('2026-12-08', '11:00') };
const holdAt = (now: number, held = booked, others: { from: number; to: number }[] = []) =>
  overrunHoldUntil({ branch, booking: oilChange, held, others, now });

describe('How long a job still under way past its booked end holds its bay', () => {
  it('holds the next half hour, to a five-minute mark, once its booked end is past', () => {
    expect(holdAt(t('2026-12-08', '10:52') + 20_000)).toBe(t('2026-12-08', '11:25'));
  });

  it('is lengthened again while the job runs on, once ten minutes or less are left', () => {
    const first = { from: booked.from, to: t('2026-12-08', '11:25') };
    expect(holdAt(t('2026-12-08', '11:14'), first)).toBeNull();
    expect(holdAt(t('2026-12-08', '11:15'), first)).toBe(t('2026-12-08', '11:45'));
  });

  it('stops where the next car of the bay is booked: that time stays its own', () => {
    const nextCar = { from: t('2026-12-08', '11:15'), to: t('2026-12-08', '12:00') };
    const earlier = { from: t('2026-12-08', '09:00'), to: t('2026-12-08', '10:00') };
    expect(holdAt(t('2026-12-08', '10:55'), booked, [earlier, nextCar])).toBe(t('2026-12-08', '11:15'));
    expect(holdAt(t('2026-12-08', '11:10'), { from: booked.from, to: nextCar.from }, [nextCar])).toBeNull();
  });

  it('stops at the closing of the day', () => {
    const late = {
      end: new Date(t('2026-12-08', '19:30')).toISOString(),
      segments: [
        {
          date: '2026-12-08',
          from: new Date(t('2026-12-08', '18:45')).toISOString(),
          to: new Date(t('2026-12-08', '19:45')).toISOString(),
        },
      ],
    };
    const held = { from: t('2026-12-08', '18:45'), to: t('2026-12-08', '19:45') };
    expect(overrunHoldUntil({ branch, booking: late, held, others: [], now: t('2026-12-08', '19:40') })).toBe(
      t('2026-12-08', '20:00'),
    );
    expect(
      overrunHoldUntil({
        branch,
        booking: late,
        held: { ...held, to: t('2026-12-08', '20:00') },
        others: [],
        now: t('2026-12-08', '20:05'),
      }),
    ).toBeNull();
  });

  it('holds nothing more before its booked end, however little is left of its hold', () => {
    // 45 minutes of work and 5 of preparation: six minutes left of the hold at 10:44.
    const shortPreparation = {
      ...oilChange,
      segments: [{ ...oilChange.segments[0]!, to: new Date(t('2026-12-08', '10:50')).toISOString() }],
    };
    const held = { from: booked.from, to: t('2026-12-08', '10:50') };
    expect(overrunHoldUntil({ branch, booking: shortPreparation, held, others: [], now: t('2026-12-08', '10:44') })).toBeNull();
    expect(overrunHoldUntil({ branch, booking: shortPreparation, held, others: [], now: t('2026-12-08', '10:45') })).toBe(
      t('2026-12-08', '11:15'),
    );
  });

  it.each([
    ['while more than ten minutes are left of the booked preparation', t('2026-12-08', '10:49')],
    ['on a later day than its last (the morning is another plan)', t('2026-12-09', '09:05')],
  ])('holds nothing more %s', (_, now) => {
    expect(holdAt(now)).toBeNull();
  });
});

describe('What a job that ran over keeps of its hold once it is done', () => {
  const lengthened = { from: booked.from, to: t('2026-12-08', '11:45') };

  it('keeps the bay to the next whole minute after it was done and the preparation after it', () => {
    expect(heldAfterOverrun(oilChange, lengthened, t('2026-12-08', '11:10') + 5_000)).toBe(t('2026-12-08', '11:26'));
  });

  it('keeps no less than it was booked for', () => {
    expect(heldAfterOverrun(oilChange, lengthened, t('2026-12-08', '10:40'))).toBe(booked.to);
  });

  it('keeps no more than it was held for', () => {
    expect(heldAfterOverrun(oilChange, lengthened, t('2026-12-08', '11:40'))).toBeNull();
  });

  it('changes nothing when its hold never ran past the booked time', () => {
    expect(heldAfterOverrun(oilChange, booked, t('2026-12-08', '10:50'))).toBeNull();
  });
});
