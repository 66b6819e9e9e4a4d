import type { Api } from 'grammy';
import type { Pool } from 'pg';
import type { CatalogRepository } from '../api/catalog/catalog-repository.ts';
import type { EventStore } from '../api/event-store/event-store.ts';
import type { BookingEvent, PlacedBooking } from '../domain/booking/booking.ts';
import { bookingDecider } from '../domain/booking/business-logic.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { describeError } from './bot.ts';
import { PERSONAL_DATA } from './consent.ts';
import type { BotLog } from './context.ts';
import { whenLabel } from './format.ts';
import { createChatStore, eraseBotData } from './storage.ts';
import { textsFor, type Texts } from './texts.ts';

/** The field that names who made a change; null means the client did it through the bot. */
const actorField: Partial<Record<BookingEvent['type'], string>> = {
  BookingConfirmed: 'confirmedBy',
  BookingStarted: 'startedBy',
  BookingCompleted: 'completedBy',
  BookingCancelled: 'cancelledBy',
  BookingRescheduled: 'rescheduledBy',
};

export type NotificationDeps = {
  pool: Pool;
  store: EventStore;
  catalog: CatalogRepository;
  api: Api;
  log: BotLog;
};

/**
 * Turns booking events into the client's Telegram messages, in the client's language: a manager
 * confirmed, started, finished, cancelled (with the reason) or moved a booking. Changes the client
 * made in the bot are not echoed back. Erasure and a withdrawn consent delete the bot's rows.
 * Runs inside a checkpointed reactor; never throws for one client's failure.
 */
export const createNotifications = (deps: NotificationDeps) => {
  const chats = createChatStore(deps.pool);

  /** The booking as it stood right after `event`, folded from its own stream. */
  const bookingAt = async (event: RecordedEvent): Promise<PlacedBooking | null> => {
    const stream = await deps.store.readStream(event.streamName);
    const state = (stream.events.slice(0, event.streamPosition) as BookingEvent[]).reduce(
      bookingDecider.evolve,
      bookingDecider.initialState(),
    );
    return state.status === 'Empty' ? null : state;
  };

  const message = (t: Texts, event: BookingEvent, booking: PlacedBooking, service: string, branch: string, timeZone: string) => {
    const when = whenLabel(t, Date.parse(booking.start), timeZone);
    switch (event.type) {
      case 'BookingConfirmed':
        return t.notifyConfirmed(service, when, branch);
      case 'BookingStarted':
        return t.notifyStarted(service);
      case 'BookingCompleted':
        return t.notifyCompleted(service);
      case 'BookingCancelled':
        return t.notifyCancelled(service, when, t.reason[event.data.reason] ?? t.reason.other);
      case 'BookingRescheduled':
        return t.notifyRescheduled(service, when);
      default:
        return null;
    }
  };

  const onClientEvent = async (event: RecordedEvent): Promise<boolean> => {
    const clientId = event.data.clientId as string | undefined;
    if (!clientId) return false;
    if (event.type === 'ClientErased' || (event.type === 'ConsentWithdrawn' && event.data.purpose === PERSONAL_DATA)) {
      await eraseBotData(deps.pool, clientId);
    }
    return false;
  };

  const handle = async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.streamName.startsWith('client-')) return onClientEvent(recorded);
    if (!recorded.streamName.startsWith('booking-')) return false;
    const event = { type: recorded.type, data: recorded.data } as BookingEvent;
    const field = actorField[event.type];
    if (!field || (event.data as Record<string, unknown>)[field] == null) return false;
    const booking = await bookingAt(recorded);
    if (!booking) return false;
    const targets = (await chats.byClient(booking.orgId, booking.clientId)).filter((chat) => !chat.unreachable);
    if (targets.length === 0) return false;
    const found = await deps.catalog.forBranch(booking.orgId, booking.branchId);
    if (!found) return false;
    const service = booking.serviceIds
      .map((id) => found.services.find((candidate) => candidate.id === id)?.name)
      .filter(Boolean)
      .join(', ');
    for (const chat of targets) {
      const t = textsFor(chat.language);
      const text = message(t, event, booking, service, found.branch.name, found.branch.timeZone);
      if (!text) continue;
      try {
        await deps.api.sendMessage(chat.chatId, text);
      } catch (error) {
        // 403 already marked the chat unreachable in the guard; 429 was retried within bounds.
        deps.log.warn({ ...describeError(error), position: recorded.globalPosition.toString() }, 'notification not delivered');
      }
    }
    return true;
  };

  return { handle };
};
