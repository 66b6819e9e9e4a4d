import type { Pool } from 'pg';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import { createChatStore } from '../core/chats/chat-store.ts';
import { isClientSilenced } from '../core/compliance/silenced.ts';
import { aggregate } from '../core/event-store/aggregate.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { BookingEvent, PlacedBooking } from '../domain/booking/booking.ts';
import { bookingDecider } from '../domain/booking/business-logic.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { whenLabel } from './format.ts';
import { placeOf, stationContacts } from './station-facts.ts';
import type { MessengerChannel } from './port.ts';
import { textsFor, type Texts } from './texts.ts';
import type { Lang } from '../domain/shared/lang.ts';

/** The field that names who made a change; null means the client did it in a bot. */
const actorField: Partial<Record<BookingEvent['type'], string>> = {
  BookingConfirmed: 'confirmedBy',
  BookingStarted: 'startedBy',
  BookingCompleted: 'completedBy',
  BookingCancelled: 'cancelledBy',
  BookingRescheduled: 'rescheduledBy',
};

export type StatusMessageDeps = { pool: Pool; store: EventStore; catalog: CatalogRepository };

/** Sends one text to one chat of the messenger; throws when it could not. */
export type SendText = (chatId: number, text: string) => Promise<void>;

const message = (t: Texts, event: BookingEvent, booking: PlacedBooking, service: string, place: string, timeZone: string) => {
  const when = whenLabel(t, Date.parse(booking.start), timeZone);
  switch (event.type) {
    case 'BookingConfirmed':
      return t.notifyConfirmed(service, when, place);
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

/** A status message about to go out: whose, which branch's booking, and its words in a language. */
export type StatusText = { orgId: string; branchId: string; clientId: string; textFor: (lang: Lang) => string | null };

/**
 * The status message an event calls for, in any language: a manager confirmed, started, finished,
 * cancelled (with the reason) or moved a booking. Null for changes the client made in a bot (not
 * echoed back), for a blocked client (their data is being checked) or one who withdrew consent,
 * and for every other event.
 */
export const createStatusTexts = (deps: StatusMessageDeps) => {
  /** The booking as it stood right after `event`, folded from its own stream. */
  const bookingAt = async (event: RecordedEvent): Promise<PlacedBooking | null> => {
    const stream = await deps.store.readStream(event.streamName);
    const state = aggregate(bookingDecider, stream.events.slice(0, event.streamPosition));
    return state.status === 'Empty' ? null : state;
  };

  return async (recorded: RecordedEvent): Promise<StatusText | null> => {
    if (!recorded.streamName.startsWith('booking-')) return null;
    const event = { type: recorded.type, data: recorded.data } as BookingEvent;
    const field = actorField[event.type];
    if (!field || (event.data as Record<string, unknown>)[field] == null) return null;
    const booking = await bookingAt(recorded);
    if (!booking || (await isClientSilenced(deps.pool, booking.clientId))) return null;
    const found = await deps.catalog.forBranch(booking.orgId, booking.branchId);
    if (!found) return null;
    const service = booking.serviceIds
      .map((id) => found.services.find((candidate) => candidate.id === id)?.name)
      .filter(Boolean)
      .join(', ');
    const place = placeOf(found.branch.name, await stationContacts(deps.pool, booking.orgId, booking.branchId));
    return {
      orgId: booking.orgId,
      branchId: booking.branchId,
      clientId: booking.clientId,
      textFor: (lang) => message(textsFor(lang), event, booking, service, place, found.branch.timeZone),
    };
  };
};

/**
 * Turns booking events into the client's status messages on one messenger, in the client's
 * language (see createStatusTexts for which). Returns whether the event was one to tell about; a
 * chat that fails is reported through `failed` and the others still get theirs.
 */
export const createStatusMessages = (
  deps: StatusMessageDeps,
  channel: MessengerChannel,
  send: SendText,
  failed: (error: unknown, recorded: RecordedEvent, chatId: number) => void,
) => {
  const chats = createChatStore(deps.pool);
  const statusText = createStatusTexts(deps);

  return async (recorded: RecordedEvent): Promise<boolean> => {
    const status = await statusText(recorded);
    if (!status) return false;
    const targets = (await chats.byClient(status.orgId, status.clientId)).filter(
      (chat) => !chat.unreachable && chat.channel === channel,
    );
    if (targets.length === 0) return false;
    for (const chat of targets) {
      const text = status.textFor(chat.language);
      if (!text) continue;
      try {
        await send(chat.chatId, text);
      } catch (error) {
        failed(error, recorded, chat.chatId);
      }
    }
    return true;
  };
};
