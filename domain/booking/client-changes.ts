import { MINUTE } from '../shared/time.ts';
import type { BookingStatus } from './booking.ts';

// ───────────────────────────── Changes a client makes themselves ─────────────────────────────
// A client may cancel or move their own booking (in a messenger, on the web page) only while it is
// still ahead of the station's work and far enough ahead: the branch's notice period gives the
// station time to fill the bay. Within it, the client calls the station; staff may still change it.

/** A booking not yet under way or over: the statuses a client may still cancel or move. */
export const isChangeableByClient = (status: BookingStatus): boolean => status === 'New' || status === 'Confirmed';

export type ClientChange =
  | { allowed: true }
  | { allowed: false; reason: 'not_changeable' }
  | { allowed: false; reason: 'past' }
  | { allowed: false; reason: 'too_late'; noticeMinutes: number };

/**
 * Whether the client may cancel or move `booking` themselves at `now` (epoch ms), given the branch's
 * notice period in minutes: its status must allow it, and its start must be at least the notice away.
 * A start already passed is `past`, not `too_late`: a call to the station would not change it either.
 */
export const clientChange = (
  booking: { readonly status: BookingStatus; readonly start: string },
  noticeMinutes: number,
  now: number,
): ClientChange => {
  if (!isChangeableByClient(booking.status)) return { allowed: false, reason: 'not_changeable' };
  if (Date.parse(booking.start) <= now) return { allowed: false, reason: 'past' };
  if (Date.parse(booking.start) - now < noticeMinutes * MINUTE) return { allowed: false, reason: 'too_late', noticeMinutes };
  return { allowed: true };
};
