import { DomainError } from '../../domain/shared/errors.ts';
import type { RetryPolicy } from '../event-store/handle.ts';

/**
 * Booking commands race on busy bay-days, so they retry more often and more briefly than one
 * client's stream does; when every attempt lost its race, the caller hears that the time is taken
 * for now (SLOT_TAKEN, the answer a client can act on), not a conflict.
 */
export const BOOKING_RETRY: RetryPolicy = {
  retries: 12,
  pauseStepMs: 5,
  exhausted: () => new DomainError('SLOT_TAKEN', 'The schedule is too busy right now, try again'),
};
