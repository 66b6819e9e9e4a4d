import type { Pool } from 'pg';
import type { BookingChannel } from '../../domain/booking/booking.ts';
import { bookingStreamName } from '../../domain/booking/booking.ts';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import type { CarInput } from '../../domain/client/client-rules.ts';
import {
  maintenanceReminderDecider,
  maintenanceReminderStreamName,
  type DueBy,
  type MaintenanceReminder,
} from '../../domain/maintenance/reminder.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId, requireMinuteInstant } from '../../domain/shared/input-rules.ts';
import { Temporal } from '../../domain/shared/time.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { getCarsVisitedSince, type CarVisitRow } from '../../projections/clients/car-history.ts';
import type { BookingCommands } from '../booking/booking-commands.ts';
import type { BookingSummary } from '../booking/booking-summary.ts';
import { isFinished, periodicWorks, type PeriodicWork } from '../cars/car-maintenance.ts';
import type { CatalogRepository, BranchCatalog } from '../catalog/catalog-repository.ts';
import { createChatStore } from '../chats/chat-store.ts';
import type { ClientCommands } from '../client/client-commands.ts';
import { silencedAmong } from '../compliance/silenced.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import { derivedId } from '../shared/derived-id.ts';
import type { Vault } from '../vault/vault.ts';

const DAY_MS = 86_400_000;
/** A car not seen for three years has likely changed hands or left the road: no reminders for it. */
const LOOK_BACK_MS = 3 * 365 * DAY_MS;
/** How far ahead the one-tap booking looks for a free time. */
const OFFER_DAYS = 14;

/**
 * A visit the car is booked in for or at the station for: not cancelled, its work not done, and
 * either in progress or still ahead (a card left open after its time is not a booking).
 */
const bookedIn = (visit: CarVisitRow, nowMs: number) =>
  !isFinished(visit) &&
  (visit.status === 'InProgress' || (['New', 'Confirmed'].includes(visit.status) && Date.parse(visit.start) >= nowMs));

export type ReminderBooking = { summary: BookingSummary; already: boolean };

/**
 * Maintenance reminders: finds the cars whose periodic work is due again (by date, or by the
 * odometer estimated from their readings) and issues one reminder per work done at one visit,
 * with a free time for a one-tap booking; books from it; lets the client turn reminders off.
 * The messengers send what is issued (conversation/maintenance-messages.ts).
 */
export const createMaintenanceReminders = (deps: {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  commands: BookingCommands;
  clients: ClientCommands;
  now: () => number;
}) => {
  const { pool, store, vault, catalog, commands, clients, now } = deps;
  const chats = createChatStore(pool);

  /** The first free start of the service from the branch's next day on, within OFFER_DAYS. */
  const firstFree = async (found: BranchCatalog, serviceId: string): Promise<string | null> => {
    const actor = { orgId: found.branch.orgId, userId: null };
    const today = Temporal.Instant.fromEpochMilliseconds(now()).toZonedDateTimeISO(found.branch.timeZone).toPlainDate();
    for (let day = 1; day <= OFFER_DAYS; day++) {
      const free = await commands.availability(actor, found.branch.id, [serviceId], today.add({ days: day }).toString());
      if (free[0]) return free[0].start;
    }
    return null;
  };

  /** Whether a client can be reminded: active, not opted out, not blocked or withdrawn, with a messenger chat that works. */
  const reachable = async (orgId: string, clientId: string, silenced: ReadonlySet<string>) => {
    if (silenced.has(clientId)) return false;
    const state = aggregate(clientDecider, (await store.readStream(clientStreamName(clientId))).events);
    if (state.status !== 'Active' || state.orgId !== orgId || state.maintenanceOff) return false;
    return (await chats.byClient(orgId, clientId)).some((chat) => !chat.unreachable);
  };

  /** One reminder per periodic work done at one visit: its id is derived from the two. */
  const reminderIdOf = (orgId: string, work: PeriodicWork) =>
    derivedId(orgId, `maintenance:${work.last.bookingId}:${work.service.id}`);

  const notIssued = async (orgId: string, work: PeriodicWork) =>
    (await store.readStream(maintenanceReminderStreamName(reminderIdOf(orgId, work)))).version === 0;

  const issue = async (orgId: string, clientId: string, work: PeriodicWork, found: BranchCatalog) => {
    const reminderId = reminderIdOf(orgId, work);
    const stream = maintenanceReminderStreamName(reminderId);
    const { dueDate, dueKm, kmNow } = work.next;
    const dueBy: DueBy = dueKm !== null && kmNow !== null && kmNow >= dueKm ? 'km' : 'date';
    const offeredStart = await firstFree(found, work.service.id);
    const actor = { orgId, userId: null };
    const events = await handle(
      store,
      async (read) => {
        const batch = await read([stream]);
        return batch.decide(stream, maintenanceReminderDecider, {
          type: 'IssueMaintenanceReminder',
          data: {
            reminderId,
            orgId,
            branchId: found.branch.id,
            clientId,
            serviceId: work.service.id,
            lastBookingId: work.last.bookingId,
            dueBy,
            dueDate,
            dueKm,
            kmNow,
            offeredStart,
          },
          metadata: { now: new Date(now()).toISOString(), userId: null },
        });
      },
      { metadata: writtenBy(actor) },
    );
    return events.length > 0;
  };

  /**
   * One pass over an organization's cars: each due work whose reminder was not issued yet, for the
   * car's current owner, unless the car is already booked in.
   * Returns how many reminders it issued.
   */
  const scanOrganization = async (orgId: string, isStopped: () => boolean): Promise<number> => {
    const nowMs = now();
    const cars = await getCarsVisitedSince(pool, orgId, new Date(nowMs - LOOK_BACK_MS));
    const catalogs = new Map<string, BranchCatalog | null>();
    const catalogOf = async (branchId: string) => {
      if (!catalogs.has(branchId)) catalogs.set(branchId, await catalog.forBranch(orgId, branchId));
      return catalogs.get(branchId) ?? null;
    };
    // The car's current owner: whoever brought it last (a booking cancelled later says less).
    const ownerOf = (visits: readonly CarVisitRow[]) =>
      (visits.find((visit) => visit.status !== 'Cancelled') ?? visits[0]!).clientId;
    const silenced = await silencedAmong(pool, [...new Set(cars.map((car) => ownerOf(car.visits)))]);
    let issued = 0;
    for (const car of cars) {
      if (isStopped()) break;
      if (car.visits.some((visit) => bookedIn(visit, nowMs))) continue;
      const owner = ownerOf(car.visits);
      const branchIds = [...new Set(car.visits.map((visit) => visit.branchId))];
      const services = (await Promise.all(branchIds.map(catalogOf))).flatMap((found) => found?.services ?? []);
      // Works reminded of already are passed first: a car stays due until its next visit, and each
      // hourly pass would otherwise read its owner's stream and chats again for nothing.
      const due: PeriodicWork[] = [];
      for (const work of periodicWorks(car.visits, services, nowMs)) {
        if (work.next.due && (await notIssued(orgId, work))) due.push(work);
      }
      if (due.length === 0 || !(await reachable(orgId, owner, silenced))) continue;
      for (const work of due) {
        const found = await catalogOf(work.service.branchId);
        if (found && (await issue(orgId, owner, work, found))) issued++;
      }
    }
    return issued;
  };

  const scan = async (isStopped: () => boolean = () => false): Promise<number> => {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM organizations ORDER BY created_at');
    let issued = 0;
    for (const { id } of rows) issued += await scanOrganization(id, isStopped);
    return issued;
  };

  /** A reminder as its stream folds, when it is the client's in the organization; null otherwise. */
  const reminderOf = async (orgId: string, reminderId: string, clientId: string) => {
    requireId(reminderId, 'reminderId');
    const state = aggregate(
      maintenanceReminderDecider,
      (await store.readStream(maintenanceReminderStreamName(reminderId))).events,
    );
    return state.status !== 'None' && state.orgId === orgId && state.clientId === clientId ? state : null;
  };

  /** The car the work was last done on, as that visit's client gave it (sealed in the booking). */
  const carOf = async (reminder: Exclude<MaintenanceReminder, { status: 'None' }>): Promise<CarInput | undefined> => {
    const { events } = await store.readStream(bookingStreamName(reminder.lastBookingId));
    const details = events.find((event) => event.type === 'BookingRequested')?.data.details as Sealed | null | undefined;
    if (!details) return undefined;
    const opened = await vault.open<{ car?: CarInput }>(reminder.clientId, details);
    return opened?.car ?? undefined;
  };

  /**
   * Books the reminder's service at `start` for the client who tapped (one booking per reminder:
   * a second tap answers with the first booking), and records that the reminder led to it.
   */
  const book = async (
    actor: Actor,
    input: { reminderId: string; clientId: string; start: string; channel: BookingChannel },
  ): Promise<ReminderBooking> => {
    requireMinuteInstant(input.start, 'start');
    const reminder = await reminderOf(actor.orgId, input.reminderId, input.clientId);
    if (!reminder) throw new DomainError('NOT_FOUND', 'Reminder not found', { reminderId: input.reminderId });
    const profile = await clients.profileOf(input.clientId);
    if (!profile) throw new DomainError('NOT_FOUND', 'Client not found', { clientId: input.clientId });
    const summary = await commands.place(actor, {
      branchId: reminder.branchId,
      serviceIds: [reminder.serviceId],
      start: input.start,
      client: { name: profile.name, phone: profile.phone },
      car: await carOf(reminder),
      channel: input.channel,
      idempotencyKey: `maintenance:${input.reminderId}`,
    });
    const stream = maintenanceReminderStreamName(input.reminderId);
    await handle(
      store,
      async (read) => {
        const batch = await read([stream]);
        return batch.decide(stream, maintenanceReminderDecider, {
          type: 'RecordReminderBooking',
          data: { reminderId: input.reminderId, clientId: input.clientId, bookingId: summary.id, channel: input.channel },
          metadata: { now: new Date(now()).toISOString(), userId: actor.userId },
        });
      },
      { metadata: writtenBy(actor) },
    );
    return { summary, already: reminder.status === 'Booked' };
  };

  return { scan, book, reminderOf };
};

export type MaintenanceReminders = ReturnType<typeof createMaintenanceReminders>;
