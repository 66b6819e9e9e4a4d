import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Vault } from '../vault/vault.ts';
import { createAssignBooking } from './assign-booking.ts';
import { createChangeStatus } from './change-status.ts';
import { createFreeTimes } from './free-times.ts';
import { createLoadBooking } from './load-booking.ts';
import { createPlaceBooking } from './place-booking.ts';
import { createRecordCall } from './record-call.ts';
import type { RefusalLimiter } from './refusal-limits.ts';
import { createRefusalRecording } from './refusal-recording.ts';
import { createRescheduleBooking } from './reschedule-booking.ts';

/**
 * The booking service every channel calls (panel, phone, messengers): one module per command, each
 * load → decide → append through handle(); the rules are the deciders' and domain/booking/placement.ts.
 */
export const createBookingCommands = (deps: {
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  refusals: RefusalLimiter;
  now: () => number;
}) => {
  const loadBooking = createLoadBooking(deps.store);
  const freeTimes = createFreeTimes(deps);
  const recordRefusal = createRefusalRecording(deps);
  return {
    place: createPlaceBooking({ ...deps, loadBooking, freeTimes, recordRefusal }),
    changeStatus: createChangeStatus(deps),
    reschedule: createRescheduleBooking({ ...deps, loadBooking, freeTimes }),
    assign: createAssignBooking(deps),
    recordCall: createRecordCall(deps),
    availability: freeTimes.availability,
    loadBooking,
  };
};

export type BookingCommands = ReturnType<typeof createBookingCommands>;
