import type { BookingChannel } from './booking.ts';

// ───────────────────────────── Failure event ─────────────────────────────
// A placement refused because the time was taken is an outcome the owner counts (overlap attempts),
// so it is recorded as an event of its own, one stream per refusal: nothing else ever writes there.

export type RefusalReason = 'slot_taken';

export type BookingRefused = {
  type: 'BookingRefused';
  data: {
    refusalId: string;
    orgId: string;
    branchId: string;
    channel: BookingChannel;
    reason: RefusalReason;
    requestedStart: string;
    refusedBy: string | null;
    refusedAt: string;
  };
};

export const refusalStreamName = (refusalId: string): string => `refusal-${refusalId}`;

// ───────────────────────────── Recording a refusal ─────────────────────────────

export type RefusalInput = {
  refusalId: string;
  orgId: string;
  branchId: string;
  channel: BookingChannel;
  /** The start asked for, epoch milliseconds. */
  requestedStart: number;
  /** The staff user who asked; null when the client asked for themselves. */
  refusedBy: string | null;
  /** When it was refused, epoch milliseconds. */
  now: number;
};

/** The failure event of a placement refused because the time was taken. */
export const bookingRefused = (input: RefusalInput): BookingRefused => ({
  type: 'BookingRefused',
  data: {
    refusalId: input.refusalId,
    orgId: input.orgId,
    branchId: input.branchId,
    channel: input.channel,
    reason: 'slot_taken',
    requestedStart: new Date(input.requestedStart).toISOString(),
    refusedBy: input.refusedBy,
    refusedAt: new Date(input.now).toISOString(),
  },
});
