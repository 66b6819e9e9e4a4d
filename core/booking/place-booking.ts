import { bookingStreamName, type BookingChannel, type PlacedBooking } from '../../domain/booking/booking.ts';
import { requireParticulars } from '../../domain/booking/booking-rules.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { capableBays, spreadOver } from '../../domain/booking/placement.ts';
import { requireServiceChoice } from '../../domain/catalog/catalog.ts';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import type { CarInput } from '../../domain/client/client-rules.ts';
import { assertOfferedStart, planJob } from '../../domain/schedule/plan.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { assertStartWithin, horizonDays, leadMinutes, requireId, requireMinuteInstant } from '../../domain/shared/input-rules.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { aggregate } from '../event-store/aggregate.ts';
import { handle, ReadAgain } from '../event-store/handle.ts';
import { plannerOf, writtenBy, type Actor } from '../shared/actor.ts';
import type { Vault } from '../vault/vault.ts';
import { reserveOnFirstFreeBay, scheduleStreamsOf, segmentsOf } from './bay-reservations.ts';
import { bookingIdFor } from './booking-id.ts';
import { BOOKING_RETRY } from './booking-retry.ts';
import { summaryOf, type BookingSummary } from './booking-summary.ts';
import { branchCatalogOf } from './branch-catalog.ts';
import type { FreeTimes } from './free-times.ts';
import type { LoadBooking } from './load-booking.ts';
import type { MechanicOnShift } from './mechanic-on-shift.ts';
import type { RecordRefusal } from './refusal-recording.ts';
import { sealParticulars } from './sealed-particulars.ts';

/** Bookings the staff enter themselves (a call, the panel): whoever enters one can answer for the client. */
const STAFF_CHANNELS: ReadonlySet<BookingChannel> = new Set(['phone', 'panel']);

export type PlaceBookingInput = {
  branchId: string;
  serviceIds: string[];
  start: string;
  bayId?: string;
  client: { name: string; phone: string };
  car?: CarInput;
  comment?: string;
  channel: BookingChannel;
  /** A lead-source label (domain/booking/lead-source.ts), cleaned by whoever read it. */
  source?: string;
  idempotencyKey?: string;
  /**
   * The key is the caller's own (an Idempotency-Key header): reused for another request it is refused.
   * Our own keys (a reminder's, a diary row's, a bot's dialogue) answer with the booking they made,
   * whatever time was asked the second time.
   */
  callerKey?: boolean;
};

/**
 * A new booking: the client registered (or found by phone), their car added, the booking requested
 * and its bay-days reserved, all in one append. A taken time is refused with alternatives and
 * recorded as a refusal; the same idempotency key answers with the booking it made the first time.
 */
export const createPlaceBooking = (deps: {
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  now: () => number;
  loadBooking: LoadBooking;
  freeTimes: FreeTimes;
  recordRefusal: RecordRefusal;
  mechanicOnShift: MechanicOnShift;
}) => {
  const { store, vault, catalog, now, loadBooking, freeTimes, recordRefusal, mechanicOnShift } = deps;

  return async (actor: Actor, input: PlaceBookingInput): Promise<BookingSummary> => {
    requireId(input.branchId, 'branchId');
    for (const id of input.serviceIds) requireId(id, 'serviceIds');
    if (input.bayId !== undefined) requireId(input.bayId, 'bayId');
    const start = requireMinuteInstant(input.start, 'start');
    const particulars = requireParticulars(input);
    const found = await branchCatalogOf(catalog, actor.orgId, input.branchId);
    const services = requireServiceChoice(found.services, input.serviceIds);
    assertStartWithin(start, now(), horizonDays(found.branch, plannerOf(actor)), leadMinutes(found.branch, plannerOf(actor)));
    const plan = planJob(found.branch, services, start);
    assertOfferedStart(found.branch, start, plannerOf(actor));
    const bookingId = bookingIdFor(actor.orgId, input.idempotencyKey);
    const bookingStream = bookingStreamName(bookingId);
    const bays = spreadOver(capableBays(found.bays, services, { bayId: input.bayId }), bookingId);

    /** Whether the booking a key made is what this request asks: branch, services, start, bay asked and client. */
    const asked = async (booking: PlacedBooking): Promise<boolean> => {
      const sameServices =
        [...booking.serviceIds].sort().join() ===
        services
          .map((service) => service.id)
          .sort()
          .join();
      if (booking.branchId !== found.branch.id || Date.parse(booking.start) !== plan.start || !sameServices) return false;
      if (input.bayId !== undefined && booking.bayId !== input.bayId) return false;
      const client = aggregate(clientDecider, (await store.readStream(clientStreamName(booking.clientId))).events);
      return client.status === 'Active' && client.phoneHash === (await vault.phoneHash(actor.orgId, particulars.phone));
    };
    const existing = async (): Promise<BookingSummary | undefined> => {
      const stream = await store.readStream(bookingStream);
      if (stream.version === 0) return undefined;
      const booking = await loadBooking(actor, bookingId);
      if (input.callerKey && !(await asked(booking))) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another booking request', {
          field: 'Idempotency-Key',
        });
      }
      return summaryOf(booking, found.branch.timeZone);
    };
    if (input.idempotencyKey) {
      const earlier = await existing();
      if (earlier) return earlier;
    }

    // Who works the job does not depend on the bay: decided before the bay-days are read.
    const mechanic = await mechanicOnShift(actor, found, services, bays, plan);
    const client = await sealParticulars(vault, actor.orgId, particulars);
    const clientStream = clientStreamName(client.clientId);

    return handle(
      store,
      async (read) => {
        const nowIso = new Date(now()).toISOString();
        const metadata = { now: nowIso, userId: actor.userId };
        const bayIds = bays.map((bay) => bay.id);
        // The booking's id is new; so is the client's stream when the claim found nobody registered.
        const fresh = client.registered ? [bookingStream] : [bookingStream, clientStream];
        const batch = await read([...scheduleStreamsOf(bayIds, plan), clientStream, bookingStream], { fresh });
        const placement = reserveOnFirstFreeBay(batch, bayIds, plan, bookingId, nowIso);
        if (placement.status === 'Refused') {
          // Remembered bay-days may be stale: a time is refused only on what the database holds.
          if (batch.fromMemory()) throw new ReadAgain();
          const refused = await freeTimes.slotTaken(actor, found, services, bays, start, { staffed: mechanic.staffed });
          const { clientId, phoneHash } = client;
          // A refusal the KPIs count is a client's demand turned away; two rows of an imported diary
          // on one bay are the station's own clash, reported by the import, not lost demand.
          if (input.channel !== 'import') {
            await recordRefusal(actor, {
              branchId: found.branch.id,
              channel: input.channel,
              requestedStart: start,
              clientId,
              phoneHash,
            });
          }
          throw refused;
        }
        batch.decide(clientStream, clientDecider, {
          type: 'RegisterClient',
          data: {
            clientId: client.clientId,
            orgId: actor.orgId,
            phoneHash: client.phoneHash,
            profile: client.profile,
            channel: input.channel,
          },
          metadata,
        });
        // The staff member who books a client nobody answers for (a call, a walk-in) answers for them
        // from now on, so every client the panel books has someone responsible; the owner can hand over.
        const booked = batch.state(clientStream, clientDecider);
        if (actor.userId !== null && STAFF_CHANNELS.has(input.channel) && booked.status === 'Active' && !booked.managerId) {
          batch.decide(clientStream, clientDecider, {
            type: 'TakeClient',
            data: { clientId: client.clientId, managerId: actor.userId },
            metadata,
          });
        }
        if (client.car) {
          batch.decide(clientStream, clientDecider, {
            type: 'AddCar',
            data: { clientId: client.clientId, carId: client.car.carId, car: client.car.sealed },
            metadata,
          });
        }
        batch.decide(bookingStream, bookingDecider, {
          type: 'RequestBooking',
          data: {
            bookingId,
            orgId: actor.orgId,
            branchId: found.branch.id,
            bayId: placement.bayId,
            serviceIds: services.map((service) => service.id),
            start: new Date(plan.start).toISOString(),
            end: new Date(plan.end).toISOString(),
            segments: segmentsOf(plan),
            clientId: client.clientId,
            channel: input.channel,
            details: client.details,
            ...(input.source ? { source: input.source } : {}),
          },
          metadata,
        });
        if (mechanic.mechanicId) {
          batch.decide(bookingStream, bookingDecider, {
            type: 'AssignBooking',
            data: { bookingId, mechanicId: mechanic.mechanicId },
            metadata,
          });
        }
        return summaryOf(batch.state(bookingStream, bookingDecider), found.branch.timeZone);
      },
      {
        metadata: writtenBy(actor),
        retry: BOOKING_RETRY,
        fromMemory: true,
        // The same request (its idempotency key) won the race: answer with its booking.
        onConflict: async (conflict) => (conflict.stream === bookingStream ? existing() : undefined),
      },
    );
  };
};
