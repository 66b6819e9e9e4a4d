import { createHash, randomUUID } from 'node:crypto';

/**
 * The id of a new booking. A retried request with the same idempotency key maps to the same id (a
 * UUID-shaped digest of the organization and the key), so it cannot book twice: the second attempt
 * finds the booking stream already written.
 */
export const bookingIdFor = (orgId: string, idempotencyKey: string | undefined): string => {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash('sha256').update(`${orgId}:${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
