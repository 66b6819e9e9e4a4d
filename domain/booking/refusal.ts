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
