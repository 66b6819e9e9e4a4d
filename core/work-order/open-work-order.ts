import { bookingStreamName } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { workOrderDecider } from '../../domain/work-order/business-logic.ts';
import { workOrderStreamName } from '../../domain/work-order/work-order.ts';
import { requireVin } from '../../domain/work-order/vehicle.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { visitCancelled } from '../../domain/work-order/cancelled-visit.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { ownBooking } from '../booking/load-booking.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import type { Vault } from '../vault/vault.ts';
import { catalogueWorkLine, type Pricing } from './pricing.ts';
import { ownOrder } from './order-stream.ts';
import { workOrderIdFor } from './work-order-id.ts';
import { workOrderView, type WorkOrderView } from '../../domain/work-order/view.ts';

/** `withBookedWorks`: the booked services go on the order as works at the catalogue's prices (what the panel asks for). */
export type OpenInput = { vin?: string; odometerKm?: number; withBookedWorks?: boolean };

/** Opens the visit's work order (once: a second opening answers the first), with the car's VIN sealed and, if asked, the booked works. */
export const createOpenWorkOrder =
  (deps: { store: EventStore; vault: Vault; pricing: Pricing; now: () => number }) =>
  async (actor: Actor, bookingId: string, input: OpenInput): Promise<WorkOrderView> => {
    requireId(bookingId, 'bookingId');
    const vin = input.vin === undefined || input.vin.trim() === '' ? null : requireVin(input.vin);
    const workOrderId = workOrderIdFor(bookingId);
    const stream = workOrderStreamName(workOrderId);
    return handle(
      deps.store,
      async (read) => {
        const bookingStream = bookingStreamName(bookingId);
        const batch = await read([bookingStream, stream]);
        const booking = ownBooking(batch.state(bookingStream, bookingDecider), actor, bookingId);
        if (!batch.exists(stream)) {
          if (booking.status === 'Cancelled') throw visitCancelled();
          batch.decide(stream, workOrderDecider, {
            type: 'OpenWorkOrder',
            data: {
              workOrderId,
              orgId: booking.orgId,
              branchId: booking.branchId,
              bookingId,
              clientId: booking.clientId,
              number: await deps.pricing.nextNumber(booking.orgId),
              vatMode: await deps.pricing.vatModeOf(booking.orgId),
              vehicle: vin === null ? null : await deps.vault.seal(booking.clientId, { vin }),
              odometerKm: input.odometerKm ?? null,
            },
            metadata: { now: new Date(deps.now()).toISOString(), userId: actor.userId },
          });
          if (input.withBookedWorks) {
            for (const serviceId of booking.serviceIds) {
              // A service gone from the branch, or priced by norm-hours without a rate yet, is left for the desk.
              const price = await deps.pricing.workPrice(booking.orgId, booking.branchId, serviceId).catch((error: unknown) => {
                if (isDomainError(error)) return null;
                throw error;
              });
              if (!price) continue;
              batch.decide(stream, workOrderDecider, {
                type: 'AddLine',
                data: { workOrderId, line: catalogueWorkLine(price, serviceId) },
                metadata: { now: new Date(deps.now()).toISOString(), userId: actor.userId },
              });
            }
          }
        }
        return workOrderView(ownOrder(batch.state(stream, workOrderDecider), actor, workOrderId));
      },
      { metadata: writtenBy(actor) },
    );
  };
