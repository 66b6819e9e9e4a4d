import type { Api } from 'grammy';
import type { Pool } from 'pg';
import type { Mailer } from '../core/messaging/mailer.ts';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import { alertRecipients } from '../core/staff/alert-recipients.ts';
import { aggregate } from '../core/event-store/aggregate.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { BookingEvent, PlacedBooking } from '../domain/booking/booking.ts';
import { bookingDecider } from '../domain/booking/business-logic.ts';
import { dateOf } from '../domain/shared/time.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { describeError } from './bot.ts';
import type { BotLog } from '../conversation/context.ts';
import { whenLabel } from '../conversation/format.ts';
import { textsFor } from '../conversation/texts.ts';

const channelLabel: Record<string, string> = {
  telegram: 'Telegram',
  web: 'сайт',
  phone: 'телефон',
  panel: 'панель',
  import: 'импорт',
};

/**
 * Tells the station's staff about client-made bookings and client cancellations: in the Telegram
 * chats they linked and by e-mail. An alert carries the booking number, what and when, and a panel
 * link — never the client's name or phone.
 */
export const createManagerAlerts = (deps: {
  pool: Pool;
  store: EventStore;
  catalog: CatalogRepository;
  api: Api | null;
  mailer: Mailer | null;
  publicUrl: string;
  log: BotLog;
}) => {
  const t = textsFor('ru');

  const bookingAt = async (event: RecordedEvent): Promise<PlacedBooking | null> => {
    const stream = await deps.store.readStream(event.streamName);
    const state = aggregate(bookingDecider, stream.events.slice(0, event.streamPosition));
    return state.status === 'Empty' ? null : state;
  };

  const handle = async (recorded: RecordedEvent): Promise<boolean> => {
    if (!recorded.streamName.startsWith('booking-')) return false;
    const event = { type: recorded.type, data: recorded.data } as BookingEvent;
    const isNew = event.type === 'BookingRequested' && (event.data.channel === 'telegram' || event.data.channel === 'web');
    const isClientCancel = event.type === 'BookingCancelled' && event.data.cancelledBy === null;
    if (!isNew && !isClientCancel) return false;
    const booking = await bookingAt(recorded);
    if (!booking) return false;
    const found = await deps.catalog.forBranch(booking.orgId, booking.branchId);
    if (!found) return false;
    const number = booking.bookingId.slice(0, 8).toUpperCase();
    const service = booking.serviceIds.map((id) => found.services.find((s) => s.id === id)?.name ?? '').join(', ');
    const when = whenLabel(t, Date.parse(booking.start), found.branch.timeZone);
    // The board of the branch on the visit's day: the panel has no page of its own for one booking.
    const day = dateOf(Date.parse(booking.start), found.branch.timeZone);
    const link = `${deps.publicUrl}/board?branch=${booking.branchId}&date=${day}`;
    const channel = event.type === 'BookingRequested' ? (channelLabel[event.data.channel] ?? event.data.channel) : '';
    const text = isNew ? t.alertNew(number, service, when, channel, link) : t.alertCancelled(number, service, when, link);
    const subject = isNew ? t.alertSubjectNew(number) : t.alertSubjectCancelled(number);
    const staff = await alertRecipients(deps.pool, booking.orgId, booking.branchId);
    if (deps.api) {
      for (const { chatId } of staff) {
        if (chatId === null) continue;
        await deps.api.sendMessage(chatId, text).catch((error: unknown) => {
          deps.log.warn(describeError(error), 'manager alert not delivered');
        });
      }
    }
    if (deps.mailer && staff.length > 0) {
      await deps.mailer.send({ to: staff.map((member) => member.email), subject, text }).catch((error: unknown) => {
        deps.log.warn({ message: (error as Error).message }, 'manager e-mail not delivered');
      });
    }
    return true;
  };

  return { handle };
};
