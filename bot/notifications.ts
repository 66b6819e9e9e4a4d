import { InputFile, type Api } from 'grammy';
import type { Pool } from 'pg';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import { isClientBlocked } from '../core/compliance/blocks.ts';
import { markTrailDelivery, pendingTrailDelivery } from '../core/compliance/trail-export-store.ts';
import type { Vault } from '../core/vault/vault.ts';
import { aggregate } from '../core/event-store/aggregate.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { BookingEvent, PlacedBooking } from '../domain/booking/booking.ts';
import { bookingDecider } from '../domain/booking/business-logic.ts';
import type { TrailReleased } from '../domain/compliance/trail-release.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { describeError } from './bot.ts';
import { PERSONAL_DATA } from '../conversation/consent.ts';
import type { BotLog } from '../conversation/context.ts';
import { whenLabel } from '../conversation/format.ts';
import { createChatStore, eraseBotData } from '../core/chats/chat-store.ts';
import { textsFor, type Texts } from '../conversation/texts.ts';

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
  vault: Vault;
  catalog: CatalogRepository;
  api: Api;
  log: BotLog;
  now: () => number;
};

/**
 * Turns booking events into the client's Telegram messages, in the client's language: a manager
 * confirmed, started, finished, cancelled (with the reason) or moved a booking. Changes the client
 * made in the bot are not echoed back, and a blocked client (their data is being checked) gets
 * nothing. Erasure and a withdrawn consent delete the bot's rows. A released answer to a bot
 * request goes to the client's chat as a document. Runs inside a checkpointed reactor; never
 * throws for one client's failure.
 */
export const createNotifications = (deps: NotificationDeps) => {
  const chats = createChatStore(deps.pool);

  /** The booking as it stood right after `event`, folded from its own stream. */
  const bookingAt = async (event: RecordedEvent): Promise<PlacedBooking | null> => {
    const stream = await deps.store.readStream(event.streamName);
    const state = aggregate(bookingDecider, stream.events.slice(0, event.streamPosition));
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

  /** The answer to the client's access request, as an HTML file; the delivery's outcome is recorded for the officer. */
  const deliverTrail = async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.type !== 'TrailReleased') return false;
    const { exportId, delivery } = recorded.data as TrailReleased['data'];
    if (delivery !== 'telegram') return false;
    const pending = await pendingTrailDelivery(deps.pool, exportId);
    if (!pending) return false;
    const failed = (error: string) => markTrailDelivery(deps.pool, exportId, { status: 'failed', error }, deps.now());
    const opened = pending.content
      ? await deps.vault.open<{ html: string }>(pending.clientId, pending.content).catch(() => null)
      : null;
    if (!opened) {
      await failed('erased');
      return false;
    }
    const targets = (await chats.byClient(pending.orgId, pending.clientId)).filter(
      (chat) => !chat.unreachable && chat.channel === 'telegram',
    );
    if (targets.length === 0) {
      await failed('no-chat');
      return false;
    }
    let sent = false;
    for (const chat of targets) {
      try {
        const file = new InputFile(Buffer.from(opened.html, 'utf8'), `personal-data-${exportId.slice(0, 8)}.html`);
        await deps.api.sendDocument(chat.chatId, file, { caption: textsFor(chat.language).subject.trailCaption });
        sent = true;
      } catch (error) {
        deps.log.warn({ ...describeError(error), position: recorded.globalPosition.toString() }, 'trail answer not delivered');
      }
    }
    if (sent) await markTrailDelivery(deps.pool, exportId, { status: 'sent' }, deps.now());
    else await failed('telegram-error');
    return true;
  };

  const handle = async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.streamName.startsWith('client-')) return onClientEvent(recorded);
    if (recorded.streamName.startsWith('trailrelease-')) return deliverTrail(recorded);
    if (!recorded.streamName.startsWith('booking-')) return false;
    const event = { type: recorded.type, data: recorded.data } as BookingEvent;
    const field = actorField[event.type];
    if (!field || (event.data as Record<string, unknown>)[field] == null) return false;
    const booking = await bookingAt(recorded);
    if (!booking || (await isClientBlocked(deps.pool, booking.clientId))) return false;
    const targets = (await chats.byClient(booking.orgId, booking.clientId)).filter(
      (chat) => !chat.unreachable && chat.channel === 'telegram',
    );
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
