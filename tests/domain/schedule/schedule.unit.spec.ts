import { describe, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { Segment } from '../../../domain/schedule/plan.ts';
import type { ScheduleEvent } from '../../../domain/schedule/schedule.ts';
import { scheduleDecider, type ScheduleCommand } from '../../../domain/schedule/business-logic.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(scheduleDecider);

const timeZone = 'Europe/Moscow';
const date = '2025-03-04';
const now = Temporal.PlainDate.from('2025-03-03').toZonedDateTime({ timeZone, plainTime: '09:00' }).toInstant().toString();

/** A bay-day segment between two wall-clock times of `date` in the branch zone. */
const segment = (from: string, to: string): Segment => {
  const at = (time: string) => Temporal.PlainDate.from(date).toZonedDateTime({ timeZone, plainTime: time }).epochMilliseconds;
  return { date, from: at(from), to: at(to) };
};

const reserve = (bayId: string, bookingId: string, seg: Segment): ScheduleCommand => ({
  type: 'ReserveSlots',
  data: { bayId, bookingId, segment: seg },
  metadata: { now },
});
const release = (bayId: string, bookingId: string): ScheduleCommand => ({
  type: 'ReleaseSlots',
  data: { bayId, date, bookingId, reason: 'cancelled' },
  metadata: { now },
});

const reserved = (bayId: string, bookingId: string, seg: Segment): ScheduleEvent => ({
  type: 'SlotsReserved',
  data: {
    bayId,
    date: seg.date,
    bookingId,
    from: Temporal.Instant.fromEpochMilliseconds(seg.from).toString({ fractionalSecondDigits: 3 }),
    to: Temporal.Instant.fromEpochMilliseconds(seg.to).toString({ fractionalSecondDigits: 3 }),
    reservedAt: now,
  },
});
const released = (bayId: string, bookingId: string): ScheduleEvent => ({
  type: 'SlotsReleased',
  data: { bayId, date, bookingId, reason: 'cancelled', releasedAt: now },
});

describe('Schedule', () => {
  const bayId = 'bay-1';

  describe('when a slot is reserved', () => {
    it('reserves a free segment', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([])
        .when(reserve(bayId, bookingId, segment('10:00', '11:15')))
        .then([reserved(bayId, bookingId, segment('10:00', '11:15'))]);
    });

    it('records the instants of the segment in UTC', () => {
      const bookingId = crypto.randomUUID();
      // Moscow is UTC+3 all year (no DST since 2014): 10:00 local is 07:00Z.
      spec
        .given([])
        .when(reserve(bayId, bookingId, segment('10:00', '11:00')))
        .then([
          {
            type: 'SlotsReserved',
            data: {
              bayId,
              date,
              bookingId,
              from: '2025-03-04T07:00:00.000Z',
              to: '2025-03-04T08:00:00.000Z',
              reservedAt: now,
            },
          },
        ]);
    });

    it('reserves beside another booking on the same bay-day', () => {
      const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, first, segment('10:00', '11:00'))])
        .when(reserve(bayId, second, segment('15:00', '16:00')))
        .then([reserved(bayId, second, segment('15:00', '16:00'))]);
    });

    it.each([
      ['overlaps its start', '09:30', '10:30'],
      ['overlaps its end', '10:30', '11:30'],
      ['lies inside it', '10:15', '10:45'],
      ['contains it', '09:00', '12:00'],
      ['is the same interval', '10:00', '11:00'],
    ])('refuses a reservation by another booking that %s', (_case, from, to) => {
      const [holder, intruder] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, holder, segment('10:00', '11:00'))])
        .when(reserve(bayId, intruder, segment(from, to)))
        .thenThrows('SLOT_TAKEN');
    });

    it.each([
      ['starts where the other ends', '11:00', '12:00'],
      ['ends where the other starts', '09:00', '10:00'],
    ])('accepts a reservation that %s (touching is not overlapping)', (_case, from, to) => {
      const [holder, neighbour] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, holder, segment('10:00', '11:00'))])
        .when(reserve(bayId, neighbour, segment(from, to)))
        .then([reserved(bayId, neighbour, segment(from, to))]);
    });

    it('treats the same booking reserving the same segment again as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([reserved(bayId, bookingId, segment('10:00', '11:00'))])
        .when(reserve(bayId, bookingId, segment('10:00', '11:00')))
        .then([]);
    });
  });

  describe('when a booking moves within the day', () => {
    it('does not conflict with its own interval', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([reserved(bayId, bookingId, segment('10:00', '11:00'))])
        .when(reserve(bayId, bookingId, segment('10:30', '11:30')))
        .then([reserved(bayId, bookingId, segment('10:30', '11:30'))]);
    });

    it('replaces its old interval, freeing it for others', () => {
      const [mover, other] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, mover, segment('10:00', '11:00')), reserved(bayId, mover, segment('10:30', '11:30'))])
        .when(reserve(bayId, other, segment('09:30', '10:30')))
        .then([reserved(bayId, other, segment('09:30', '10:30'))]);
    });

    it('still refuses to move onto another booking', () => {
      const [mover, other] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, mover, segment('10:00', '11:00')), reserved(bayId, other, segment('12:00', '13:00'))])
        .when(reserve(bayId, mover, segment('11:30', '12:30')))
        .thenThrows('SLOT_TAKEN');
    });
  });

  describe('when slots are released', () => {
    it('releases what a booking holds', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([reserved(bayId, bookingId, segment('10:00', '11:00'))])
        .when(release(bayId, bookingId))
        .then([released(bayId, bookingId)]);
    });

    it('frees the time so another booking can reserve it', () => {
      const [gone, next] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, gone, segment('10:00', '11:00')), released(bayId, gone)])
        .when(reserve(bayId, next, segment('10:00', '11:00')))
        .then([reserved(bayId, next, segment('10:00', '11:00'))]);
    });

    it('treats releasing what was never held as a no-op', () => {
      const [holder, stranger] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([reserved(bayId, holder, segment('10:00', '11:00'))])
        .when(release(bayId, stranger))
        .then([]);
    });

    it('treats releasing twice as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([reserved(bayId, bookingId, segment('10:00', '11:00')), released(bayId, bookingId)])
        .when(release(bayId, bookingId))
        .then([]);
    });
  });
});
