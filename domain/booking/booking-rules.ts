import { requireCar, requireContact, type CarInput } from '../client/client-rules.ts';
import { assertEndWithin, assertStartWithin, requireMultiLine, STAFF_HORIZON_DAYS, textLimits } from '../shared/input-rules.ts';

// ───────────────────────────── What a booking request may carry ─────────────────────────────

/** The client's comment to a booking: free text over several lines; undefined when blank. */
export const requireComment = (value: string | undefined, field = 'comment'): string | undefined => {
  if (value === undefined) return undefined;
  return requireMultiLine(value, field, textLimits.comment) || undefined;
};

export type BookingParticulars = { name: string; phone: string; car?: CarInput; comment?: string };

/** The personal part of a booking request (who, which car, what they said), checked and normalised. */
export const requireParticulars = (input: {
  client: { name: string; phone: string };
  car?: CarInput;
  comment?: string;
}): BookingParticulars => {
  const { name, phone } = requireContact(input.client);
  const car = input.car ? requireCar(input.car) : undefined;
  const comment = requireComment(input.comment);
  return { name, phone, ...(car ? { car } : {}), ...(comment ? { comment } : {}) };
};

/**
 * The bound every booking time keeps whoever decides it: from now to a year ahead, ending within the
 * longest job. Deciders check it on their own (`now` comes in the command), so no channel can record
 * a time that PostgreSQL, the calendar or the planner cannot hold.
 */
export const assertPlannable = (start: string, end: string, now: string): void => {
  const from = Date.parse(start);
  assertStartWithin(from, Date.parse(now), STAFF_HORIZON_DAYS);
  assertEndWithin(from, Date.parse(end));
};
