import { createHash, randomUUID } from 'node:crypto';
import { canBayDo, type Bay, type Service } from '../../domain/catalog/catalog.ts';
import {
  bookingStreamName,
  type BookedSegment,
  type BookingChannel,
  type BookingStatus,
  type CallOutcome,
  type CancelReason,
  type PlacedBooking,
} from '../../domain/booking/booking.ts';
import {
  assertReschedulable,
  assertResizable,
  bookingDecider,
  type BookingCommand,
} from '../../domain/booking/business-logic.ts';
import { requireParticulars } from '../../domain/booking/booking-rules.ts';
import { refusalStreamName, type BookingRefused } from '../../domain/booking/refusal.ts';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import type { CarInput } from '../../domain/client/client-rules.ts';
import { scheduleDecider } from '../../domain/schedule/business-logic.ts';
import { freeStarts, planJob, workingMinutesBetween, type JobPlan, type ReservationLookup } from '../../domain/schedule/plan.ts';
import { scheduleStreamName } from '../../domain/schedule/schedule.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import {
  assertEndWithin,
  assertStartWithin,
  horizonDays,
  requireDate,
  requireId,
  requireInstant,
  type Planner,
} from '../../domain/shared/input-rules.ts';
import { addDays, dateOf, MINUTE, toIso, type Interval } from '../../domain/shared/time.ts';
import type { BranchCatalog, CatalogRepository } from '../catalog/catalog-repository.ts';
import type { Vault } from '../vault/vault.ts';
import { VersionConflict, type EventStore } from '../event-store/event-store.ts';
import type { RefusalLimiter } from './refusal-limits.ts';
import { createStreamBatch, type StreamBatch } from '../event-store/stream-batch.ts';

export type Actor = { orgId: string; userId: string | null };

export type PlaceBookingInput = {
  branchId: string;
  serviceIds: string[];
  start: string;
  bayId?: string;
  client: { name: string; phone: string };
  car?: CarInput;
  comment?: string;
  channel: BookingChannel;
  idempotencyKey?: string;
};

export type BookingSummary = { id: string; bayId: string; start: string; end: string; status: BookingStatus };

export type Alternative = { start: string; bayIds: string[] };

const MAX_ATTEMPTS = 12;
const ALTERNATIVES = 5;
const ALTERNATIVE_DAYS = 7;

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));

/** A client acting for themselves (a messenger, the web page) has no user id; staff do. */
const plannerOf = (actor: Actor): Planner => (actor.userId === null ? 'client' : 'staff');

/** A retried request with the same key maps to the same booking id, so it cannot book twice. */
const bookingIdFor = (orgId: string, idempotencyKey: string | undefined): string => {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash('sha256').update(`${orgId}:${idempotencyKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/**
 * Any free bay will do when none is named; starting the search at a different bay per booking keeps
 * concurrent bookings of one day off the same bay-day stream, where they would only retry each other.
 */
const spreadOver = (bays: Bay[], bookingId: string): Bay[] => {
  const offset = parseInt(bookingId.slice(0, 8), 16) % bays.length;
  return [...bays.slice(offset), ...bays.slice(0, offset)];
};

const carIdFor = (clientId: string, plate: string) =>
  createHash('sha256').update(`${clientId}:${plate}`).digest('hex').slice(0, 32);

const segmentsOf = (plan: JobPlan): BookedSegment[] =>
  plan.segments.map((segment) => ({
    date: segment.date,
    from: new Date(segment.from).toISOString(),
    to: new Date(segment.to).toISOString(),
  }));

const heldIntervals = (batch: StreamBatch, bayId: string, date: string): Interval[] => [
  ...batch.state(scheduleStreamName(bayId, date), scheduleDecider).held.values(),
];

export const createBookingCommands = (deps: {
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  refusals: RefusalLimiter;
  now: () => number;
}) => {
  const { store, vault, catalog, refusals, now } = deps;

  const branchCatalog = async (orgId: string, branchId: string): Promise<BranchCatalog> => {
    const found = await catalog.forBranch(orgId, branchId);
    if (!found) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
    return found;
  };

  const servicesOf = (found: BranchCatalog, serviceIds: readonly string[]): Service[] => {
    if (serviceIds.length === 0) throw new DomainError('VALIDATION', 'Choose at least one service');
    return serviceIds.map((id) => {
      const service = found.services.find((candidate) => candidate.id === id);
      if (!service) throw new DomainError('NOT_FOUND', 'Service not found', { serviceId: id });
      return service;
    });
  };

  const capableBays = (found: BranchCatalog, services: Service[], bayId?: string, preferred?: string): Bay[] => {
    if (bayId) {
      const bay = found.bays.find((candidate) => candidate.id === bayId);
      if (!bay) throw new DomainError('NOT_FOUND', 'Bay not found', { bayId });
      if (!canBayDo(bay, services)) {
        throw new DomainError('BAY_CANNOT_DO_SERVICE', `Bay «${bay.name}» cannot do this service`, { bayId });
      }
      return [bay];
    }
    const bays = found.bays.filter((bay) => canBayDo(bay, services));
    if (bays.length === 0) throw new DomainError('BAY_CANNOT_DO_SERVICE', 'No bay of this branch can do this service');
    return preferred ? [...bays].sort((a, b) => Number(b.id === preferred) - Number(a.id === preferred)) : bays;
  };

  const lookupFrom =
    (loaded: StreamBatch): ReservationLookup =>
    (bayId, date) =>
      heldIntervals(loaded, bayId, date);

  const loadDays = async (bays: readonly Bay[], firstDate: string, days: number): Promise<StreamBatch> => {
    const names = bays.flatMap((bay) =>
      Array.from({ length: days }, (_, i) => scheduleStreamName(bay.id, addDays(firstDate, i))),
    );
    return createStreamBatch(await store.readStreams(names));
  };

  const spanDays = (services: readonly Service[]) => (services.some((service) => service.multiDay) ? 31 : 1);

  /** Free start times of one date, read from the schedule streams themselves, not a read model. */
  const availability = async (actor: Actor, branchId: string, serviceIds: string[], date: string) => {
    requireId(branchId, 'branchId');
    for (const id of serviceIds) requireId(id, 'serviceIds');
    requireDate(date, 'date');
    const found = await branchCatalog(actor.orgId, branchId);
    const services = servicesOf(found, serviceIds);
    const bays = capableBays(found, services);
    const loaded = await loadDays(bays, date, spanDays(services));
    return freeStarts({ branch: found.branch, services, bays, date, now: now(), reserved: lookupFrom(loaded) }).map(
      (free): Alternative => ({ start: toIso(free.start, found.branch.timeZone), bayIds: [...free.bayIds] }),
    );
  };

  const alternatives = async (
    found: BranchCatalog,
    services: Service[],
    bays: Bay[],
    near: number,
    workMinutes?: number,
  ): Promise<Alternative[]> => {
    const firstDate = dateOf(Math.max(near, now()), found.branch.timeZone);
    const loaded = await loadDays(bays, firstDate, ALTERNATIVE_DAYS + spanDays(services));
    const candidates: { start: number; bayIds: readonly string[] }[] = [];
    for (let day = 0; day < ALTERNATIVE_DAYS && candidates.length < ALTERNATIVES * 2; day++) {
      candidates.push(
        ...freeStarts({
          branch: found.branch,
          services,
          bays,
          date: addDays(firstDate, day),
          now: now(),
          reserved: lookupFrom(loaded),
          workMinutes,
        }),
      );
    }
    return candidates
      .sort((a, b) => Math.abs(a.start - near) - Math.abs(b.start - near) || a.start - b.start)
      .slice(0, ALTERNATIVES)
      .sort((a, b) => a.start - b.start)
      .map((free) => ({ start: toIso(free.start, found.branch.timeZone), bayIds: [...free.bayIds] }));
  };

  const slotTaken = async (found: BranchCatalog, services: Service[], bays: Bay[], near: number, workMinutes?: number) =>
    new DomainError('SLOT_TAKEN', 'This time is already taken', {
      alternatives: await alternatives(found, services, bays, near, workMinutes),
    });

  /**
   * A placement refused because the time was taken is a failure event the owner's KPIs count. It is
   * written before the refusal is answered; its stream is new, so it cannot conflict. The same asker
   * asking for the same time again, or asking too often, adds no further event (refusal-limits.ts).
   */
  const recordRefusal = async (
    actor: Actor,
    branchId: string,
    channel: BookingChannel,
    requestedStart: number,
    client: { clientId: string; phoneHash: string },
  ) => {
    const asker =
      actor.userId === null ? { kind: 'client' as const, id: client.clientId } : { kind: 'user' as const, id: actor.userId };
    const nowMs = now();
    if (!(await refusals.admit({ actor: asker, branchId, requestedStart, phoneHash: client.phoneHash }, nowMs))) return;
    const refusalId = randomUUID();
    const refused: BookingRefused = {
      type: 'BookingRefused',
      data: {
        refusalId,
        orgId: actor.orgId,
        branchId,
        channel,
        reason: 'slot_taken',
        requestedStart: new Date(requestedStart).toISOString(),
        refusedBy: actor.userId,
        refusedAt: new Date(nowMs).toISOString(),
      },
    };
    await store.appendMany([
      {
        stream: refusalStreamName(refusalId),
        expected: 0,
        events: [refused],
        metadata: { orgId: actor.orgId, userId: actor.userId },
      },
    ]);
  };

  /** Reserves every bay-day of the plan on the first bay that has them all free. */
  const reserveOnFirstFreeBay = (batch: StreamBatch, bays: Bay[], plan: JobPlan, bookingId: string, nowIso: string) => {
    for (const bay of bays) {
      const free = plan.segments.every((segment) => {
        try {
          scheduleDecider.decide(
            { type: 'ReserveSlots', data: { bayId: bay.id, bookingId, segment }, metadata: { now: nowIso } },
            batch.state(scheduleStreamName(bay.id, segment.date), scheduleDecider),
          );
          return true;
        } catch (error) {
          if (isDomainError(error) && error.code === 'SLOT_TAKEN') return false;
          throw error;
        }
      });
      if (!free) continue;
      for (const segment of plan.segments) {
        batch.decide(scheduleStreamName(bay.id, segment.date), scheduleDecider, {
          type: 'ReserveSlots',
          data: { bayId: bay.id, bookingId, segment },
          metadata: { now: nowIso },
        });
      }
      return bay;
    }
    return null;
  };

  const summaryOf = (booking: PlacedBooking, timeZone: string): BookingSummary => ({
    id: booking.bookingId,
    bayId: booking.bayId,
    start: toIso(Date.parse(booking.start), timeZone),
    end: toIso(Date.parse(booking.end), timeZone),
    status: booking.status,
  });

  const loadBooking = async (actor: Actor, bookingId: string) => {
    requireId(bookingId, 'bookingId');
    const stream = await store.readStream(bookingStreamName(bookingId));
    const state = stream.events.reduce(
      (current, event) => bookingDecider.evolve(current, event as never),
      bookingDecider.initialState(),
    );
    if (state.status === 'Empty' || state.orgId !== actor.orgId) {
      throw new DomainError('NOT_FOUND', 'Booking not found', { bookingId });
    }
    return state;
  };

  /** Runs `attempt` again when another writer changed one of its streams in between. */
  const withRetry = async <T>(attempt: () => Promise<T>, onConflict?: (conflict: VersionConflict) => Promise<T | undefined>) => {
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
        const resolved = await onConflict?.(error);
        if (resolved !== undefined) return resolved;
        if (i >= MAX_ATTEMPTS) throw new DomainError('SLOT_TAKEN', 'The schedule is too busy right now, try again');
        await pause(i);
      }
    }
  };

  const place = async (actor: Actor, input: PlaceBookingInput): Promise<BookingSummary> => {
    requireId(input.branchId, 'branchId');
    for (const id of input.serviceIds) requireId(id, 'serviceIds');
    if (input.bayId !== undefined) requireId(input.bayId, 'bayId');
    const start = requireInstant(input.start, 'start');
    const { name, phone, car, comment } = requireParticulars(input);
    const found = await branchCatalog(actor.orgId, input.branchId);
    const services = servicesOf(found, input.serviceIds);
    assertStartWithin(start, now(), horizonDays(found.branch, plannerOf(actor)));
    const plan = planJob(found.branch, services, start);
    const bookingId = bookingIdFor(actor.orgId, input.idempotencyKey);
    const bookingStream = bookingStreamName(bookingId);
    const plate = car?.plate;
    const bays = spreadOver(capableBays(found, services, input.bayId), bookingId);

    const existing = async (): Promise<BookingSummary | undefined> => {
      const stream = await store.readStream(bookingStream);
      if (stream.version === 0) return undefined;
      return summaryOf(await loadBooking(actor, bookingId), found.branch.timeZone);
    };
    if (input.idempotencyKey) {
      const earlier = await existing();
      if (earlier) return earlier;
    }

    const phoneHash = await vault.phoneHash(actor.orgId, phone);
    const claimed = await vault.claimClient(actor.orgId, phoneHash);
    const clientStream = clientStreamName(claimed.clientId);
    const details = car || comment ? await vault.seal(claimed.clientId, { car, comment }) : null;
    const profile = await vault.seal(claimed.clientId, { name, phone });
    const carSealed = car ? await vault.seal(claimed.clientId, car) : null;

    return withRetry(
      async () => {
        const nowIso = new Date(now()).toISOString();
        const metadata = { now: nowIso, userId: actor.userId };
        const scheduleNames = bays.flatMap((bay) => plan.segments.map((segment) => scheduleStreamName(bay.id, segment.date)));
        const batch = createStreamBatch(await store.readStreams([...scheduleNames, clientStream, bookingStream]));
        const bay = reserveOnFirstFreeBay(batch, bays, plan, bookingId, nowIso);
        if (!bay) {
          const refused = await slotTaken(found, services, bays, start);
          await recordRefusal(actor, found.branch.id, input.channel, start, { clientId: claimed.clientId, phoneHash });
          throw refused;
        }
        batch.decide(clientStream, clientDecider, {
          type: 'RegisterClient',
          data: { clientId: claimed.clientId, orgId: actor.orgId, phoneHash, profile, channel: input.channel },
          metadata,
        });
        if (carSealed && plate) {
          batch.decide(clientStream, clientDecider, {
            type: 'AddCar',
            data: { clientId: claimed.clientId, carId: carIdFor(claimed.clientId, plate), car: carSealed },
            metadata,
          });
        }
        batch.decide(bookingStream, bookingDecider, {
          type: 'RequestBooking',
          data: {
            bookingId,
            orgId: actor.orgId,
            branchId: found.branch.id,
            bayId: bay.id,
            serviceIds: services.map((service) => service.id),
            start: new Date(plan.start).toISOString(),
            end: new Date(plan.end).toISOString(),
            segments: segmentsOf(plan),
            clientId: claimed.clientId,
            channel: input.channel,
            details,
          },
          metadata,
        });
        await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
        return {
          id: bookingId,
          bayId: bay.id,
          start: toIso(plan.start, found.branch.timeZone),
          end: toIso(plan.end, found.branch.timeZone),
          status: 'New' as const,
        };
      },
      async (conflict) => (conflict.stream === bookingStream ? existing() : undefined),
    );
  };

  const statusCommand = (
    status: BookingStatus,
    bookingId: string,
    reason: CancelReason | undefined,
    metadata: { now: string; userId: string | null },
  ): BookingCommand => {
    switch (status) {
      case 'Confirmed':
        return { type: 'ConfirmBooking', data: { bookingId }, metadata };
      case 'InProgress':
        return { type: 'StartBooking', data: { bookingId }, metadata };
      case 'Done':
        return { type: 'CompleteBooking', data: { bookingId }, metadata };
      case 'Cancelled':
        if (!reason) throw new DomainError('VALIDATION', 'Say why the booking is cancelled', { field: 'reason' });
        return { type: 'CancelBooking', data: { bookingId, reason }, metadata };
      case 'New':
        throw new DomainError('ILLEGAL_TRANSITION', 'A booking cannot move back to New', { to: 'New' });
    }
  };

  const releaseAll = (batch: StreamBatch, booking: PlacedBooking, keep: ReadonlySet<string>, reason: string, nowIso: string) => {
    for (const segment of booking.segments) {
      const stream = scheduleStreamName(booking.bayId, segment.date);
      if (keep.has(stream)) continue;
      batch.decide(stream, scheduleDecider, {
        type: 'ReleaseSlots',
        data: { bayId: booking.bayId, date: segment.date, bookingId: booking.bookingId, reason },
        metadata: { now: nowIso },
      });
    }
  };

  const changeStatus = async (actor: Actor, bookingId: string, status: BookingStatus, reason?: CancelReason) => {
    requireId(bookingId, 'bookingId');
    return withRetry(async () => {
      const booking = await loadBooking(actor, bookingId);
      const found = await branchCatalog(actor.orgId, booking.branchId);
      const nowIso = new Date(now()).toISOString();
      const bookingStream = bookingStreamName(bookingId);
      const releases =
        status === 'Cancelled' ? booking.segments.map((segment) => scheduleStreamName(booking.bayId, segment.date)) : [];
      const batch = createStreamBatch(await store.readStreams([bookingStream, ...releases]));
      const events = batch.decide(
        bookingStream,
        bookingDecider,
        statusCommand(status, bookingId, reason, { now: nowIso, userId: actor.userId }),
      );
      if (events.some((event) => event.type === 'BookingCancelled')) releaseAll(batch, booking, new Set(), 'cancelled', nowIso);
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      const state = batch.state(bookingStream, bookingDecider);
      return summaryOf(state as PlacedBooking, found.branch.timeZone);
    });
  };

  /**
   * The streams a re-plan touches, with the booking as it stands in them: it must be the booking the
   * plan was made from, or the old bay-days to release would be the wrong ones, so a change in between retries.
   */
  const loadForReplan = async (booking: PlacedBooking, plan: JobPlan, bays: readonly Bay[]) => {
    const bookingStream = bookingStreamName(booking.bookingId);
    const names = [
      bookingStream,
      ...bays.flatMap((bay) => plan.segments.map((segment) => scheduleStreamName(bay.id, segment.date))),
      ...booking.segments.map((segment) => scheduleStreamName(booking.bayId, segment.date)),
    ];
    const batch = createStreamBatch(await store.readStreams([...new Set(names)]));
    const current = batch.state(bookingStream, bookingDecider);
    const moved =
      current.status !== 'Empty' &&
      (current.bayId !== booking.bayId || current.start !== booking.start || current.end !== booking.end);
    if (moved) throw new VersionConflict(bookingStream);
    return { batch, bookingStream, current };
  };

  /** The job's length for a requested end: its working minutes, refused unless it ends exactly there. */
  const workUntil = (found: BranchCatalog, services: Service[], start: number, end: number) => {
    if (end <= start) throw new DomainError('VALIDATION', 'The end must be after the start', { field: 'end' });
    if (end % MINUTE !== 0) throw new DomainError('VALIDATION', 'The end must fall on a whole minute', { field: 'end' });
    const workMinutes = workingMinutesBetween(found.branch, start, end);
    const plan = planJob(found.branch, services, start, workMinutes);
    if (plan.end !== end) {
      throw new DomainError('OUTSIDE_WORKING_HOURS', 'The new end falls outside the working hours of the branch', {
        date: dateOf(end, found.branch.timeZone),
      });
    }
    return { workMinutes, plan };
  };

  /** Same start and bay, a new end: re-planned on the booking's own bay only, never moved elsewhere. */
  const changeDuration = async (actor: Actor, booking: PlacedBooking, found: BranchCatalog, services: Service[], end: number) => {
    const start = Date.parse(booking.start);
    const { workMinutes, plan } = workUntil(found, services, start, end);
    const ownBay = capableBays(found, services, booking.bayId);
    const nowIso = new Date(now()).toISOString();
    const { batch, bookingStream, current } = await loadForReplan(booking, plan, ownBay);
    assertResizable(current);
    if (!reserveOnFirstFreeBay(batch, ownBay, plan, booking.bookingId, nowIso)) {
      throw new DomainError('SLOT_TAKEN', 'The bay is booked by someone else within the new time', { bayId: booking.bayId });
    }
    const kept = new Set(plan.segments.map((segment) => scheduleStreamName(booking.bayId, segment.date)));
    releaseAll(batch, booking, kept, 'resized', nowIso);
    batch.decide(bookingStream, bookingDecider, {
      type: 'ChangeBookingDuration',
      data: { bookingId: booking.bookingId, end: new Date(plan.end).toISOString(), segments: segmentsOf(plan), workMinutes },
      metadata: { now: nowIso, userId: actor.userId },
    });
    await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
    return summaryOf(batch.state(bookingStream, bookingDecider) as PlacedBooking, found.branch.timeZone);
  };

  /**
   * A new start (and bay) moves the booking; a new end alone with the same start and bay resizes it.
   * A move keeps a length the manager set earlier, unless it names a new end too.
   */
  const reschedule = async (actor: Actor, bookingId: string, input: { start: string; end?: string; bayId?: string }) => {
    requireId(bookingId, 'bookingId');
    if (input.bayId !== undefined) requireId(input.bayId, 'bayId');
    const start = requireInstant(input.start, 'start');
    const end = input.end === undefined ? undefined : requireInstant(input.end, 'end');
    if (end !== undefined) assertEndWithin(start, end);
    return withRetry(async () => {
      const booking = await loadBooking(actor, bookingId);
      const found = await branchCatalog(actor.orgId, booking.branchId);
      const services = servicesOf(found, booking.serviceIds);
      const sameBay = input.bayId === undefined || input.bayId === booking.bayId;
      if (end !== undefined && sameBay && start === Date.parse(booking.start)) {
        return changeDuration(actor, booking, found, services, end);
      }
      assertStartWithin(start, now(), horizonDays(found.branch, plannerOf(actor)));
      const resized = end === undefined ? undefined : workUntil(found, services, start, end);
      const workMinutes = resized?.workMinutes ?? booking.workMinutes ?? undefined;
      const plan = resized?.plan ?? planJob(found.branch, services, start, workMinutes);
      const bays = capableBays(found, services, input.bayId, booking.bayId);
      const nowIso = new Date(now()).toISOString();
      const { batch, bookingStream, current } = await loadForReplan(booking, plan, bays);
      assertReschedulable(current);
      const bay = reserveOnFirstFreeBay(batch, bays, plan, bookingId, nowIso);
      if (!bay) throw await slotTaken(found, services, bays, start, workMinutes);
      const kept = new Set(plan.segments.map((segment) => scheduleStreamName(bay.id, segment.date)));
      releaseAll(batch, booking, kept, 'rescheduled', nowIso);
      batch.decide(bookingStream, bookingDecider, {
        type: 'RescheduleBooking',
        data: {
          bookingId,
          bayId: bay.id,
          start: new Date(plan.start).toISOString(),
          end: new Date(plan.end).toISOString(),
          segments: segmentsOf(plan),
          ...(workMinutes === undefined ? {} : { workMinutes }),
        },
        metadata: { now: nowIso, userId: actor.userId },
      });
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      return summaryOf(batch.state(bookingStream, bookingDecider) as PlacedBooking, found.branch.timeZone);
    });
  };

  const recordCall = async (actor: Actor, bookingId: string, outcome: CallOutcome) => {
    requireId(bookingId, 'bookingId');
    return withRetry(async () => {
      const bookingStream = bookingStreamName(bookingId);
      const batch = createStreamBatch(await store.readStreams([bookingStream]));
      const state = batch.state(bookingStream, bookingDecider);
      if (state.status !== 'Empty' && state.orgId !== actor.orgId) {
        throw new DomainError('NOT_FOUND', 'Booking not found', { bookingId });
      }
      const at = new Date(now()).toISOString();
      batch.decide(bookingStream, bookingDecider, {
        type: 'RecordCallOutcome',
        data: { bookingId, outcome },
        metadata: { now: at, userId: actor.userId },
      });
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      return { id: bookingId, outcome, at };
    });
  };

  const assign = async (actor: Actor, bookingId: string, mechanicId: string) => {
    requireId(bookingId, 'bookingId');
    requireId(mechanicId, 'mechanicId');
    return withRetry(async () => {
      const booking = await loadBooking(actor, bookingId);
      const found = await branchCatalog(actor.orgId, booking.branchId);
      const bookingStream = bookingStreamName(bookingId);
      const batch = createStreamBatch(await store.readStreams([bookingStream]));
      batch.decide(bookingStream, bookingDecider, {
        type: 'AssignBooking',
        data: { bookingId, mechanicId },
        metadata: { now: new Date(now()).toISOString(), userId: actor.userId },
      });
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      return summaryOf(batch.state(bookingStream, bookingDecider) as PlacedBooking, found.branch.timeZone);
    });
  };

  return { place, changeStatus, reschedule, assign, recordCall, availability, loadBooking };
};

export type BookingCommands = ReturnType<typeof createBookingCommands>;
