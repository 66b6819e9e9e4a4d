import { createHash } from 'node:crypto';

/**
 * A visit has one work order: its id is a UUID-shaped digest of the booking's, so opening it twice
 * (a double tap, two managers) finds the same stream already written instead of making a second.
 */
export const workOrderIdFor = (bookingId: string): string => {
  const hex = createHash('sha256').update(`work-order:${bookingId.toLowerCase()}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
