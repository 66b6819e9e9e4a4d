import { describe, expect, it } from 'vitest';
import type { BookedSegment, BookingEvent, CallOutcome, CancelReason } from '../../../domain/booking/booking.ts';
import { bookingDecider, type BookingCommand } from '../../../domain/booking/business-logic.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(bookingDecider);

// Booking times are plain instants here; zones are the planner's business (plan.unit.spec.ts).
const now = '2025-03-03T06:00:00.000Z';
const later = '2025-03-03T08:00:00.000Z';
const metadata = { now, userId: 'manager-1' };

const segmentOf = (from: string, to: string): BookedSegment => ({ date: from.slice(0, 10), from, to });

const slot = { bayId: 'bay-1', start: '2025-03-04T07:00:00.000Z', end: '2025-03-04T08:00:00.000Z' };
const otherSlot = { bayId: 'bay-2', start: '2025-03-05T10:00:00.000Z', end: '2025-03-05T11:00:00.000Z' };

const requestData = (bookingId: string) => ({
  bookingId,
  orgId: 'org-1',
  branchId: 'branch-1',
  bayId: slot.bayId,
  serviceIds: ['oil-change'],
  start: slot.start,
  end: slot.end,
  segments: [segmentOf(slot.start, slot.end)],
  clientId: 'client-1',
  channel: 'telegram' as const,
  details: { iv: 'aXY=', data: 'c2VhbGVk' },
});

const requested = (bookingId: string): BookingEvent => ({
  type: 'BookingRequested',
  data: { ...requestData(bookingId), requestedBy: 'manager-1', requestedAt: now },
});
const confirmed = (bookingId: string): BookingEvent => ({
  type: 'BookingConfirmed',
  data: { bookingId, confirmedBy: 'manager-1', confirmedAt: now },
});
const started = (bookingId: string): BookingEvent => ({
  type: 'BookingStarted',
  data: { bookingId, startedBy: 'mechanic-1', startedAt: now },
});
const completed = (bookingId: string): BookingEvent => ({
  type: 'BookingCompleted',
  data: { bookingId, completedBy: 'mechanic-1', completedAt: now },
});
const cancelled = (bookingId: string, reason: CancelReason = 'client_request'): BookingEvent => ({
  type: 'BookingCancelled',
  data: { bookingId, reason, cancelledBy: 'manager-1', cancelledAt: now },
});
const rescheduled = (bookingId: string, to: typeof otherSlot): BookingEvent => ({
  type: 'BookingRescheduled',
  data: {
    bookingId,
    ...to,
    segments: [segmentOf(to.start, to.end)],
    rescheduledBy: 'manager-1',
    rescheduledAt: now,
  },
});

type History = 'New' | 'Confirmed' | 'InProgress' | 'Done' | 'Cancelled';
const historyOf = (status: History, bookingId: string): BookingEvent[] => {
  switch (status) {
    case 'New':
      return [requested(bookingId)];
    case 'Confirmed':
      return [requested(bookingId), confirmed(bookingId)];
    case 'InProgress':
      return [requested(bookingId), confirmed(bookingId), started(bookingId)];
    case 'Done':
      return [requested(bookingId), confirmed(bookingId), started(bookingId), completed(bookingId)];
    case 'Cancelled':
      return [requested(bookingId), confirmed(bookingId), cancelled(bookingId)];
  }
};

type StatusCommand = 'ConfirmBooking' | 'StartBooking' | 'CompleteBooking';
const command = (type: StatusCommand, bookingId: string): BookingCommand => ({ type, data: { bookingId }, metadata });
const request = (bookingId: string, overrides: Partial<ReturnType<typeof requestData>> = {}): BookingCommand => ({
  type: 'RequestBooking',
  data: { ...requestData(bookingId), ...overrides },
  metadata,
});
const cancel = (bookingId: string, reason: CancelReason): BookingCommand => ({
  type: 'CancelBooking',
  data: { bookingId, reason },
  metadata,
});
const reschedule = (bookingId: string, to: typeof otherSlot, at = now): BookingCommand => ({
  type: 'RescheduleBooking',
  data: { bookingId, ...to, segments: [segmentOf(to.start, to.end)] },
  metadata: { ...metadata, now: at },
});
const assign = (bookingId: string, mechanicId: string): BookingCommand => ({
  type: 'AssignBooking',
  data: { bookingId, mechanicId },
  metadata,
});

describe('Booking', () => {
  describe('when a booking is requested', () => {
    it('records BookingRequested with who asked and when', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([])
        .when(request(bookingId))
        .then([requested(bookingId)]);
    });

    it('refuses a start in the past', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([])
        .when(request(bookingId, { start: '2025-03-03T05:59:00.000Z', end: '2025-03-03T06:59:00.000Z' }))
        .thenThrows('IN_PAST');
    });

    it('accepts a start exactly at now', () => {
      const bookingId = crypto.randomUUID();
      const data = { ...requestData(bookingId), start: now, end: later };
      spec
        .given([])
        .when(request(bookingId, { start: now, end: later }))
        .then([{ type: 'BookingRequested', data: { ...data, requestedBy: 'manager-1', requestedAt: now } }]);
    });

    it('refuses a start more than a year ahead, such as the year 10000', () => {
      const bookingId = crypto.randomUUID();
      for (const start of ['2026-03-05T07:00:00.000Z', '+010000-01-01T07:00:00.000Z']) {
        const end = new Date(Date.parse(start) + 3_600_000).toISOString();
        spec
          .given([])
          .when(request(bookingId, { start, end, segments: [segmentOf(start, end)] }))
          .thenThrows('VALIDATION');
      }
    });

    it('refuses an end more than the longest job after the start', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([])
        .when(request(bookingId, { end: '2025-05-04T07:00:00.000Z' }))
        .thenThrows('VALIDATION');
    });

    it('treats a repeated request for an existing booking as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([requested(bookingId)])
        .when(request(bookingId))
        .then([]);
    });
  });

  describe('when a booking moves along New → Confirmed → InProgress → Done', () => {
    it('confirms a new booking', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf('New', bookingId))
        .when(command('ConfirmBooking', bookingId))
        .then([confirmed(bookingId)]);
    });

    it('starts a confirmed booking', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf('Confirmed', bookingId))
        .when({ type: 'StartBooking', data: { bookingId }, metadata: { now, userId: 'mechanic-1' } })
        .then([started(bookingId)]);
    });

    it('completes a booking in progress', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf('InProgress', bookingId))
        .when({ type: 'CompleteBooking', data: { bookingId }, metadata: { now, userId: 'mechanic-1' } })
        .then([completed(bookingId)]);
    });

    it('completes a booking before its booked end, keeping its bay only until then', () => {
      const bookingId = crypto.randomUUID();
      const finishedAt = '2025-03-04T07:20:00.000Z';
      spec
        .given(historyOf('InProgress', bookingId))
        .when({ type: 'CompleteBooking', data: { bookingId }, metadata: { now: finishedAt, userId: 'mechanic-1' } })
        .then([
          {
            type: 'BookingCompleted',
            data: {
              bookingId,
              completedBy: 'mechanic-1',
              completedAt: finishedAt,
              segments: [segmentOf(slot.start, finishedAt)],
            },
          },
        ]);
    });

    it.each<[History, StatusCommand]>([
      ['Confirmed', 'ConfirmBooking'],
      ['InProgress', 'StartBooking'],
      ['Done', 'CompleteBooking'],
    ])('treats %s + %s (the current status again) as a no-op', (status, type) => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf(status, bookingId)).when(command(type, bookingId)).then([]);
    });
  });

  describe('when a move skips or reverses a step', () => {
    it.each<[History, StatusCommand]>([
      ['New', 'StartBooking'],
      ['New', 'CompleteBooking'],
      ['Confirmed', 'CompleteBooking'],
      ['InProgress', 'ConfirmBooking'],
      ['Done', 'ConfirmBooking'],
      ['Done', 'StartBooking'],
      ['Cancelled', 'ConfirmBooking'],
      ['Cancelled', 'StartBooking'],
      ['Cancelled', 'CompleteBooking'],
    ])('refuses %s + %s with ILLEGAL_TRANSITION', (status, type) => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf(status, bookingId)).when(command(type, bookingId)).thenThrows('ILLEGAL_TRANSITION');
    });
  });

  describe('when a booking is cancelled', () => {
    it.each<[History, CancelReason]>([
      ['New', 'client_request'],
      ['Confirmed', 'no_show'],
      ['InProgress', 'station'],
    ])('cancels a %s booking with reason %s', (status, reason) => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf(status, bookingId))
        .when(cancel(bookingId, reason))
        .then([cancelled(bookingId, reason)]);
    });

    it('refuses to cancel a finished booking', () => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf('Done', bookingId)).when(cancel(bookingId, 'no_show')).thenThrows('ILLEGAL_TRANSITION');
    });

    it('treats cancelling a cancelled booking as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf('Cancelled', bookingId)).when(cancel(bookingId, 'no_show')).then([]);
    });
  });

  describe('when a booking is rescheduled', () => {
    it.each<History>(['New', 'Confirmed'])('moves a %s booking to another bay and time', (status) => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf(status, bookingId))
        .when(reschedule(bookingId, otherSlot))
        .then([rescheduled(bookingId, otherSlot)]);
    });

    it('keeps the booking confirmed after the move', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('Confirmed', bookingId), rescheduled(bookingId, otherSlot)])
        .when(command('ConfirmBooking', bookingId))
        .then([]);
    });

    it.each<History>(['InProgress', 'Done', 'Cancelled'])('refuses to move a %s booking', (status) => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf(status, bookingId)).when(reschedule(bookingId, otherSlot)).thenThrows('ILLEGAL_TRANSITION');
    });

    it('refuses a new time in the past', () => {
      const bookingId = crypto.randomUUID();
      const past = { bayId: 'bay-1', start: '2025-03-03T05:00:00.000Z', end: '2025-03-03T06:00:00.000Z' };
      spec.given(historyOf('Confirmed', bookingId)).when(reschedule(bookingId, past)).thenThrows('IN_PAST');
    });

    it('refuses a new time in the year 10000', () => {
      const bookingId = crypto.randomUUID();
      const far = { bayId: 'bay-1', start: '+010000-01-01T07:00:00.000Z', end: '+010000-01-01T08:00:00.000Z' };
      spec.given(historyOf('Confirmed', bookingId)).when(reschedule(bookingId, far)).thenThrows('VALIDATION');
    });

    it('carries a length the manager set into the moved booking', () => {
      const bookingId = crypto.randomUUID();
      const segments = [segmentOf(otherSlot.start, otherSlot.end)];
      spec
        .given(historyOf('Confirmed', bookingId))
        .when({ type: 'RescheduleBooking', data: { bookingId, ...otherSlot, segments, workMinutes: 150 }, metadata })
        .then([
          {
            type: 'BookingRescheduled',
            data: { bookingId, ...otherSlot, segments, workMinutes: 150, rescheduledBy: 'manager-1', rescheduledAt: now },
          },
        ]);
    });

    it('treats moving to the same bay and time as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf('Confirmed', bookingId)).when(reschedule(bookingId, slot)).then([]);
    });

    it('remembers the new time, so moving there again is a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('New', bookingId), rescheduled(bookingId, otherSlot)])
        .when(reschedule(bookingId, otherSlot))
        .then([]);
    });

    it('remembers the new time, so moving back to the old one is recorded', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('New', bookingId), rescheduled(bookingId, otherSlot)])
        .when(reschedule(bookingId, slot))
        .then([rescheduled(bookingId, slot)]);
    });
  });

  describe('when the job is resized', () => {
    const longer = {
      end: '2025-03-04T09:30:00.000Z',
      segments: [segmentOf(slot.start, '2025-03-04T09:45:00.000Z')],
      workMinutes: 150,
    };
    const resize = (bookingId: string, to = longer, at = now): BookingCommand => ({
      type: 'ChangeBookingDuration',
      data: { bookingId, ...to },
      metadata: { ...metadata, now: at },
    });
    const resized = (bookingId: string, to = longer): BookingEvent => ({
      type: 'BookingDurationChanged',
      data: { bookingId, ...to, changedBy: 'manager-1', changedAt: now },
    });

    it.each<History>(['New', 'Confirmed', 'InProgress'])('records the new end of a %s booking', (status) => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf(status, bookingId))
        .when(resize(bookingId))
        .then([resized(bookingId)]);
    });

    it.each<History>(['Done', 'Cancelled'])('refuses to resize a %s booking', (status) => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf(status, bookingId)).when(resize(bookingId)).thenThrows('ILLEGAL_TRANSITION');
    });

    it('refuses an end at or before the start', () => {
      const bookingId = crypto.randomUUID();
      const backwards = { end: slot.start, segments: [segmentOf(slot.start, slot.start)], workMinutes: 0 };
      spec.given(historyOf('Confirmed', bookingId)).when(resize(bookingId, backwards)).thenThrows('VALIDATION');
    });

    it('refuses an end in the year 10000', () => {
      const bookingId = crypto.randomUUID();
      const far = { end: '+010000-01-01T08:00:00.000Z', segments: [segmentOf(slot.start, slot.end)], workMinutes: 60 };
      spec.given(historyOf('Confirmed', bookingId)).when(resize(bookingId, far)).thenThrows('VALIDATION');
    });

    it('refuses an end that has already passed', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf('InProgress', bookingId))
        .when(resize(bookingId, longer, '2025-03-04T10:00:00.000Z'))
        .thenThrows('IN_PAST');
    });

    it('treats the same end again as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('Confirmed', bookingId), resized(bookingId)])
        .when(resize(bookingId))
        .then([]);
    });
  });

  describe('when a call outcome is recorded', () => {
    const call = (bookingId: string, outcome: CallOutcome): BookingCommand => ({
      type: 'RecordCallOutcome',
      data: { bookingId, outcome },
      metadata,
    });
    const called = (bookingId: string, outcome: CallOutcome): BookingEvent => ({
      type: 'CallOutcomeRecorded',
      data: { bookingId, outcome, recordedBy: 'manager-1', recordedAt: now },
    });

    it.each<[History, CallOutcome]>([
      ['New', 'reached'],
      ['Confirmed', 'no_answer'],
      ['InProgress', 'asked_to_reschedule'],
      ['Done', 'reached'],
      ['Cancelled', 'no_answer'],
    ])('records the call about a %s booking as %s', (status, outcome) => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf(status, bookingId))
        .when(call(bookingId, outcome))
        .then([called(bookingId, outcome)]);
    });

    it('records every call, the same outcome again too', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('New', bookingId), called(bookingId, 'no_answer')])
        .when(call(bookingId, 'no_answer'))
        .then([called(bookingId, 'no_answer')]);
    });

    it('refuses an outcome it does not know', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf('New', bookingId))
        .when(call(bookingId, 'voicemail' as CallOutcome))
        .thenThrows('VALIDATION');
    });

    it('leaves the booking as it was', () => {
      const bookingId = crypto.randomUUID();
      const before = historyOf('Confirmed', bookingId).reduce(bookingDecider.evolve, bookingDecider.initialState());
      expect(bookingDecider.evolve(before, called(bookingId, 'reached'))).toEqual(before);
    });
  });

  describe('when a mechanic is assigned', () => {
    const assigned = (bookingId: string, mechanicId: string): BookingEvent => ({
      type: 'BookingAssigned',
      data: { bookingId, mechanicId, assignedBy: 'manager-1', assignedAt: now },
    });

    it.each<History>(['New', 'Confirmed', 'InProgress'])('assigns a mechanic to a %s booking', (status) => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf(status, bookingId))
        .when(assign(bookingId, 'mechanic-7'))
        .then([assigned(bookingId, 'mechanic-7')]);
    });

    it('treats assigning the same mechanic again as a no-op', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('Confirmed', bookingId), assigned(bookingId, 'mechanic-7')])
        .when(assign(bookingId, 'mechanic-7'))
        .then([]);
    });

    it('reassigns to another mechanic', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given([...historyOf('Confirmed', bookingId), assigned(bookingId, 'mechanic-7')])
        .when(assign(bookingId, 'mechanic-8'))
        .then([assigned(bookingId, 'mechanic-8')]);
    });

    it.each<History>(['Done', 'Cancelled'])('refuses to assign a mechanic to a %s booking', (status) => {
      const bookingId = crypto.randomUUID();
      spec.given(historyOf(status, bookingId)).when(assign(bookingId, 'mechanic-7')).thenThrows('ILLEGAL_TRANSITION');
    });
  });

  describe('when a job under way past its booked end is held longer', () => {
    const holdOverrun = (bookingId: string): BookingCommand => ({
      type: 'HoldOverrun',
      data: { bookingId, heldUntil: '2025-03-04T08:30:00.000Z' },
      metadata: { now: later, userId: null },
    });

    it('records that its bay is held until then, the booked times staying the plan', () => {
      const bookingId = crypto.randomUUID();
      spec
        .given(historyOf('InProgress', bookingId))
        .when(holdOverrun(bookingId))
        .then([{ type: 'BookingOverran', data: { bookingId, heldUntil: '2025-03-04T08:30:00.000Z', recordedAt: later } }]);
      const before = historyOf('InProgress', bookingId).reduce(bookingDecider.evolve, bookingDecider.initialState());
      const after = bookingDecider.decide(holdOverrun(bookingId), before).reduce(bookingDecider.evolve, before);
      expect(after).toEqual(before);
    });

    it.each<History>(['New', 'Confirmed', 'Done', 'Cancelled'])(
      'records nothing for a %s booking: it is not under way',
      (status) => {
        const bookingId = crypto.randomUUID();
        spec.given(historyOf(status, bookingId)).when(holdOverrun(bookingId)).then([]);
      },
    );
  });

  describe('when the booking does not exist', () => {
    it.each<[string, (bookingId: string) => BookingCommand]>([
      ['ConfirmBooking', (id) => command('ConfirmBooking', id)],
      ['StartBooking', (id) => command('StartBooking', id)],
      ['CompleteBooking', (id) => command('CompleteBooking', id)],
      ['CancelBooking', (id) => cancel(id, 'no_show')],
      ['RescheduleBooking', (id) => reschedule(id, otherSlot)],
      ['AssignBooking', (id) => assign(id, 'mechanic-7')],
      [
        'ChangeBookingDuration',
        (id) => ({
          type: 'ChangeBookingDuration',
          data: { bookingId: id, end: slot.end, segments: [segmentOf(slot.start, slot.end)], workMinutes: 60 },
          metadata,
        }),
      ],
      ['RecordCallOutcome', (id) => ({ type: 'RecordCallOutcome', data: { bookingId: id, outcome: 'reached' }, metadata })],
    ])('refuses %s with NOT_FOUND', (_name, commandFor) => {
      spec.given([]).when(commandFor(crypto.randomUUID())).thenThrows('NOT_FOUND');
    });
  });
});
