import { describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../../domain/booking/booking.ts';
import { clientChange, isChangeableByClient } from '../../../domain/booking/client-changes.ts';

const start = '2025-03-03T07:00:00.000Z';
const minutesBefore = (minutes: number) => Date.parse(start) - minutes * 60_000;
const booking = (status: BookingStatus) => ({ status, start });

describe('Client changes', () => {
  describe('when a client asks to cancel or move their booking themselves', () => {
    it.each<BookingStatus>(['New', 'Confirmed'])('allows it for a %s booking further ahead than the notice', (status) => {
      expect(clientChange(booking(status), 120, minutesBefore(121))).toEqual({ allowed: true });
    });

    it('allows it exactly the notice period before the start', () => {
      expect(clientChange(booking('Confirmed'), 120, minutesBefore(120))).toEqual({ allowed: true });
    });

    it('refuses it within the notice period, saying how long the notice is', () => {
      expect(clientChange(booking('Confirmed'), 120, minutesBefore(119))).toEqual({
        allowed: false,
        reason: 'too_late',
        noticeMinutes: 120,
      });
    });

    it('says the visit is past once its start has passed, even with no notice period', () => {
      expect(clientChange(booking('New'), 0, minutesBefore(-1))).toEqual({ allowed: false, reason: 'past' });
    });

    it('says the visit is past, not too late, when the branch asks for notice', () => {
      expect(clientChange(booking('Confirmed'), 120, minutesBefore(-60))).toEqual({ allowed: false, reason: 'past' });
    });

    it.each<BookingStatus>(['InProgress', 'Done', 'Cancelled'])('refuses it for a %s booking, however far ahead', (status) => {
      expect(clientChange(booking(status), 120, minutesBefore(10_000))).toEqual({ allowed: false, reason: 'not_changeable' });
    });

    it('says the booking cannot be changed rather than too late when both hold', () => {
      expect(clientChange(booking('Cancelled'), 120, minutesBefore(5))).toEqual({ allowed: false, reason: 'not_changeable' });
    });
  });

  describe('when the bot lists a client’s bookings', () => {
    it('offers cancel and move only for bookings not yet under way', () => {
      const statuses: BookingStatus[] = ['New', 'Confirmed', 'InProgress', 'Done', 'Cancelled'];
      expect(statuses.filter(isChangeableByClient)).toEqual(['New', 'Confirmed']);
    });
  });
});
