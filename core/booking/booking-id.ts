import { randomUUID } from 'node:crypto';
import { derivedId } from '../shared/derived-id.ts';

/**
 * The id of a new booking. A retried request with the same idempotency key maps to the same id, so
 * it cannot book twice: the second attempt finds the booking stream already written.
 */
export const bookingIdFor = (orgId: string, idempotencyKey: string | undefined): string =>
  idempotencyKey ? derivedId(orgId, idempotencyKey) : randomUUID();
