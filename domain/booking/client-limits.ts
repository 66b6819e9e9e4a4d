import { DomainError } from '../shared/errors.ts';

/**
 * How many upcoming visits a client may hold to book another themselves (on the web page or in a
 * bot): a family's cars fit, a script holding a whole day does not. The station books more for them by phone.
 */
export const OPEN_BOOKINGS_PER_CLIENT = 3;

export const assertRoomForAnotherBooking = (open: number): void => {
  if (open >= OPEN_BOOKINGS_PER_CLIENT) {
    throw new DomainError('TOO_MANY_OPEN_BOOKINGS', `A client may hold at most ${OPEN_BOOKINGS_PER_CLIENT} upcoming bookings`, {
      limit: OPEN_BOOKINGS_PER_CLIENT,
    });
  }
};
