import { describe, expect, it } from 'vitest';
import { bookingRefused } from '../../../domain/booking/refusal.ts';
import { refusalActorOf } from '../../../domain/booking/refusal-limits.ts';
import {
  capableBays,
  placeOnFirstFreeBay,
  spreadOver,
  type BayDayReservation,
  type Placement,
  type PlacementRequest,
} from '../../../domain/booking/placement.ts';
import { scheduleDecider } from '../../../domain/schedule/business-logic.ts';
import { planJob } from '../../../domain/schedule/plan.ts';
import type { ScheduleEvent, SlotsReserved } from '../../../domain/schedule/schedule.ts';
import { DomainError, type DomainErrorCode } from '../../../domain/shared/errors.ts';
import {
  at,
  bay,
  bodyWork,
  friday,
  lift1,
  lift2,
  monday,
  moscow,
  oilChange,
  paint,
  retired,
  service,
} from '../../support/station.ts';

// ───────────────────────────── Fixtures ─────────────────────────────

const now = new Date(at(moscow, '2025-03-01', '09:00')).toISOString();
const paint2 = bay('paint-2', ['paint']);
const iso = (epoch: number) => new Date(epoch).toISOString();

/** A reservation already in the bay-day stream `schedule-<bayId>_<date>`. */
const reserved = (bayId: string, bookingId: string, date: string, from: string, to: string): SlotsReserved => ({
  type: 'SlotsReserved',
  data: { bayId, date, bookingId, from: iso(at(moscow, date, from)), to: iso(at(moscow, date, to)), reservedAt: now },
});

/**
 * `given(events in the bay-day streams).when(placement).then(placement)`: the schedules are folded
 * from their events as the command loads them; placing reads nothing else.
 */
const given = (...events: ScheduleEvent[]) => ({
  when: (request: Omit<PlacementRequest, 'schedules' | 'now'>) => {
    const schedules: PlacementRequest['schedules'] = (bayId, date) =>
      events
        .filter((event) => event.data.bayId === bayId && event.data.date === date)
        .reduce(scheduleDecider.evolve, scheduleDecider.initialState());
    const placement = placeOnFirstFreeBay({ ...request, schedules, now });
    return { then: (expected: Placement) => expect(placement).toEqual(expected) };
  },
});

/** What placing `bookingId` on `bayId` reserves: the plan's segments, one SlotsReserved a bay-day. */
const reservationsOf = (bayId: string, bookingId: string, plan: ReturnType<typeof planJob>): BayDayReservation[] =>
  plan.segments.map((segment) => ({
    bayId,
    date: segment.date,
    events: [
      {
        type: 'SlotsReserved',
        data: { bayId, date: segment.date, bookingId, from: iso(segment.from), to: iso(segment.to), reservedAt: now },
      },
    ],
  }));

const refusedWith = (run: () => unknown, code: DomainErrorCode) => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(code);
};

// ───────────────────────────── Tests ─────────────────────────────

describe('Placement', () => {
  describe('when the candidate bays are chosen', () => {
    const bays = [lift1, paint, lift2, retired];

    it('offers every active bay able to do every service, in the order of the catalogue', () => {
      expect(capableBays(bays, [oilChange]).map((one) => one.id)).toEqual(['lift-1', 'lift-2']);
    });

    it('puts first the bay a moved booking already holds', () => {
      expect(capableBays(bays, [oilChange], { preferredBayId: 'lift-2' }).map((one) => one.id)).toEqual(['lift-2', 'lift-1']);
    });

    it('offers only the bay the manager named', () => {
      expect(capableBays(bays, [oilChange], { bayId: 'lift-2' }).map((one) => one.id)).toEqual(['lift-2']);
    });

    it('refuses a named bay that cannot do the service', () => {
      refusedWith(() => capableBays(bays, [oilChange], { bayId: 'paint-1' }), 'BAY_CANNOT_DO_SERVICE');
    });

    it('refuses a named bay that is not in the branch', () => {
      refusedWith(() => capableBays(bays, [oilChange], { bayId: 'lift-9' }), 'NOT_FOUND');
    });

    it('refuses when no active bay can do the service', () => {
      refusedWith(() => capableBays(bays, [service('wash', { bayKind: 'wash' })]), 'BAY_CANNOT_DO_SERVICE');
    });
  });

  describe('when a booking without a named bay is spread over the bays', () => {
    const bays = ['a', 'b', 'c'];

    it('starts at the bay its id points to and keeps the rest in their order', () => {
      expect(spreadOver(bays, '00000004-0000-4000-a000-000000000000')).toEqual(['b', 'c', 'a']);
    });

    it('tries the bays in the same order when the same request is retried', () => {
      const bookingId = crypto.randomUUID();
      expect(spreadOver(bays, bookingId)).toEqual(spreadOver(bays, bookingId));
      expect([...spreadOver(bays, bookingId)].sort()).toEqual(bays);
    });
  });

  describe('when a job is placed', () => {
    const oilAtTen = planJob(moscow, [oilChange], at(moscow, monday, '10:00'));

    it('reserves the first candidate bay when it is free', () => {
      const bookingId = crypto.randomUUID();
      given()
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-1', 'lift-2'] })
        .then({ status: 'Placed', bayId: 'lift-1', reservations: reservationsOf('lift-1', bookingId, oilAtTen) });
    });

    it('tries the candidates in the order given', () => {
      const bookingId = crypto.randomUUID();
      given()
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-2', 'lift-1'] })
        .then({ status: 'Placed', bayId: 'lift-2', reservations: reservationsOf('lift-2', bookingId, oilAtTen) });
    });

    it('skips a bay another booking holds at that time and reserves the next one', () => {
      const bookingId = crypto.randomUUID();
      given(reserved('lift-1', 'other', monday, '10:30', '11:45'))
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-1', 'lift-2'] })
        .then({ status: 'Placed', bayId: 'lift-2', reservations: reservationsOf('lift-2', bookingId, oilAtTen) });
    });

    it('counts the buffer after the job as taken time', () => {
      const bookingId = crypto.randomUUID();
      // The job ends at 11:00 but its buffer keeps the bay until 11:15.
      given(reserved('lift-1', 'other', monday, '11:10', '12:00'))
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-1', 'lift-2'] })
        .then({ status: 'Placed', bayId: 'lift-2', reservations: reservationsOf('lift-2', bookingId, oilAtTen) });
    });

    it('places beside bookings that end when it starts and start when it ends', () => {
      const bookingId = crypto.randomUUID();
      given(reserved('lift-1', 'before', monday, '09:00', '10:00'), reserved('lift-1', 'after', monday, '11:15', '12:00'))
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-1', 'lift-2'] })
        .then({ status: 'Placed', bayId: 'lift-1', reservations: reservationsOf('lift-1', bookingId, oilAtTen) });
    });

    it('takes a bay whose earlier reservation at that time was released', () => {
      const bookingId = crypto.randomUUID();
      given(reserved('lift-1', 'other', monday, '10:00', '11:15'), {
        type: 'SlotsReleased',
        data: { bayId: 'lift-1', date: monday, bookingId: 'other', reason: 'cancelled', releasedAt: now },
      })
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-1'] })
        .then({ status: 'Placed', bayId: 'lift-1', reservations: reservationsOf('lift-1', bookingId, oilAtTen) });
    });

    it('is not kept off a bay by the same time on another day or another bay', () => {
      const bookingId = crypto.randomUUID();
      given(reserved('lift-1', 'other', friday, '10:00', '11:15'), reserved('lift-2', 'other', monday, '10:00', '11:15'))
        .when({ bookingId, plan: oilAtTen, bayIds: ['lift-1'] })
        .then({ status: 'Placed', bayId: 'lift-1', reservations: reservationsOf('lift-1', bookingId, oilAtTen) });
    });

    it('is refused when every candidate bay is taken at that time', () => {
      given(reserved('lift-1', 'first', monday, '10:00', '11:15'), reserved('lift-2', 'second', monday, '09:30', '10:30'))
        .when({ bookingId: crypto.randomUUID(), plan: oilAtTen, bayIds: ['lift-1', 'lift-2'] })
        .then({ status: 'Refused', reason: 'slot_taken' });
    });

    it('is refused when the only bay named is taken, however free the others are', () => {
      given(reserved('lift-1', 'other', monday, '10:00', '11:15'))
        .when({ bookingId: crypto.randomUUID(), plan: oilAtTen, bayIds: ['lift-1'] })
        .then({ status: 'Refused', reason: 'slot_taken' });
    });
  });

  describe('when a multi-day job is placed', () => {
    // 16 working hours from Monday 09:00: all of Monday (10 h) and Tuesday until 16:00 (6 h), buffer after.
    const body = planJob(moscow, [bodyWork], at(moscow, monday, '09:00'));
    const tuesday = body.segments[1]!.date;

    it('reserves every bay-day of the job on one bay', () => {
      const bookingId = crypto.randomUUID();
      expect(body.segments).toHaveLength(2);
      given()
        .when({ bookingId, plan: body, bayIds: ['paint-1', 'paint-2'] })
        .then({ status: 'Placed', bayId: 'paint-1', reservations: reservationsOf('paint-1', bookingId, body) });
    });

    it('skips a bay free on the first day but taken on a later one', () => {
      const bookingId = crypto.randomUUID();
      given(reserved('paint-1', 'other', tuesday, '15:00', '17:00'))
        .when({ bookingId, plan: body, bayIds: [paint.id, paint2.id] })
        .then({ status: 'Placed', bayId: 'paint-2', reservations: reservationsOf('paint-2', bookingId, body) });
    });

    it('never splits the job over two bays', () => {
      given(reserved('paint-1', 'other', tuesday, '15:00', '17:00'), reserved('paint-2', 'other', monday, '09:00', '10:00'))
        .when({ bookingId: crypto.randomUUID(), plan: body, bayIds: [paint.id, paint2.id] })
        .then({ status: 'Refused', reason: 'slot_taken' });
    });
  });

  describe('when a booking is moved within the time it holds', () => {
    it('is not kept off its bay by its own reservation', () => {
      const bookingId = crypto.randomUUID();
      const later = planJob(moscow, [oilChange], at(moscow, monday, '10:30'));
      given(reserved('lift-1', bookingId, monday, '10:00', '11:15'))
        .when({ bookingId, plan: later, bayIds: ['lift-1'] })
        .then({ status: 'Placed', bayId: 'lift-1', reservations: reservationsOf('lift-1', bookingId, later) });
    });

    it('reserves nothing again for the interval it already holds', () => {
      const bookingId = crypto.randomUUID();
      const same = planJob(moscow, [oilChange], at(moscow, monday, '10:00'));
      given(reserved('lift-1', bookingId, monday, '10:00', '11:15'))
        .when({ bookingId, plan: same, bayIds: ['lift-1'] })
        .then({ status: 'Placed', bayId: 'lift-1', reservations: [{ bayId: 'lift-1', date: monday, events: [] }] });
    });

    it('is still kept off by another booking beside its own time', () => {
      const bookingId = crypto.randomUUID();
      const later = planJob(moscow, [oilChange], at(moscow, monday, '10:30'));
      given(reserved('lift-1', bookingId, monday, '10:00', '11:15'), reserved('lift-1', 'other', monday, '11:15', '12:00'))
        .when({ bookingId, plan: later, bayIds: ['lift-1'] })
        .then({ status: 'Refused', reason: 'slot_taken' });
    });
  });
});

describe('Refusal', () => {
  describe('when a refused placement is recorded', () => {
    it('records who asked, for which start, through which channel, and when', () => {
      const refusalId = crypto.randomUUID();
      expect(
        bookingRefused({
          refusalId,
          orgId: 'org-1',
          branchId: moscow.id,
          channel: 'panel',
          requestedStart: at(moscow, monday, '10:00'),
          refusedBy: 'user-1',
          now: at(moscow, '2025-03-01', '09:00'),
        }),
      ).toEqual({
        type: 'BookingRefused',
        data: {
          refusalId,
          orgId: 'org-1',
          branchId: moscow.id,
          channel: 'panel',
          reason: 'slot_taken',
          requestedStart: '2025-03-03T07:00:00.000Z',
          refusedBy: 'user-1',
          refusedAt: '2025-03-01T06:00:00.000Z',
        },
      });
    });

    it('counts a staff user by their user id and a client asking for themselves by their client id', () => {
      expect(refusalActorOf('user-1', 'client-1')).toEqual({ kind: 'user', id: 'user-1' });
      expect(refusalActorOf(null, 'client-1')).toEqual({ kind: 'client', id: 'client-1' });
    });
  });
});
