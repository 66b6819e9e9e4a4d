import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { StaffRoster } from '../staff/staff-roster.ts';
import type { Vault } from '../vault/vault.ts';
import { createAssignBooking } from './assign-booking.ts';
import { createChangeStatus } from './change-status.ts';
import { createFreeTimes } from './free-times.ts';
import { createLoadBooking } from './load-booking.ts';
import { createMechanicOnShift } from './mechanic-on-shift.ts';
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
  roster: StaffRoster;
  now: () => number;
}) => {
  const loadBooking = createLoadBooking(deps.store);
  const freeTimes = createFreeTimes(deps);
  const recordRefusal = createRefusalRecording(deps);
  const mechanicOnShift = createMechanicOnShift({ roster: deps.roster, freeTimes });
  return {
    place: createPlaceBooking({ ...deps, loadBooking, freeTimes, recordRefusal, mechanicOnShift }),
    changeStatus: createChangeStatus(deps),
    reschedule: createRescheduleBooking({ ...deps, loadBooking, freeTimes, mechanicOnShift }),
    assign: createAssignBooking(deps),
    recordCall: createRecordCall(deps),
    availability: freeTimes.availability,
    loadBooking,
  };
};

export type BookingCommands = ReturnType<typeof createBookingCommands>;
