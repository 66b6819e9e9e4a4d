import type { Pool } from 'pg';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import { createChatStore } from '../core/chats/chat-store.ts';
import { isClientSilenced } from '../core/compliance/silenced.ts';
import type { MaintenanceReminderIssued } from '../domain/maintenance/reminder.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { READ_MODEL_SCHEMA as rm } from '../projections/schema.ts';
import { encode } from './callback-data.ts';
import { shortWhen, whenLabel } from './format.ts';
import { longDate, maintenanceTexts } from './maintenance-texts.ts';
import type { MessageId, MessengerChannel, Say } from './port.ts';
import { textsFor } from './texts.ts';

/** The visit the work was last done at, as the read model has it: when, the car and its odometer. */
const lastVisitOf = async (pool: Pool, bookingId: string) =>
  (
    await pool.query<{ start_at: Date; car: string | null; plate: string | null; odometer_km: number | null }>(
      `SELECT b.start_at, b.car, b.plate, (w.state->>'odometerKm')::int AS odometer_km
         FROM ${rm}.bookings b LEFT JOIN ${rm}.work_orders w ON w.booking_id = b.id
        WHERE b.id = $1`,
      [bookingId],
    )
  ).rows[0];

/**
 * Sends an issued maintenance reminder to the client's chats on one messenger: which work is due and
 * why, when it was last done, and the buttons — book at the free time offered (one tap), another
 * time, no more reminders. A blocked client, or one who withdrew consent, gets nothing.
 */
export const createMaintenanceMessages = (
  deps: { pool: Pool; catalog: CatalogRepository },
  channel: MessengerChannel,
  say: (chatId: number, say: Say) => Promise<MessageId>,
  failed: (error: unknown, recorded: RecordedEvent, chatId: number) => void,
) => {
  const chats = createChatStore(deps.pool);

  return async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.type !== 'MaintenanceReminderIssued' || !recorded.streamName.startsWith('maintenance-')) return false;
    const reminder = recorded.data as MaintenanceReminderIssued['data'];
    if (await isClientSilenced(deps.pool, reminder.clientId)) return false;
    const targets = (await chats.byClient(reminder.orgId, reminder.clientId)).filter(
      (chat) => !chat.unreachable && chat.channel === channel,
    );
    const found = targets.length > 0 ? await deps.catalog.forBranch(reminder.orgId, reminder.branchId) : null;
    const service = found?.services.find((candidate) => candidate.id === reminder.serviceId);
    const last = await lastVisitOf(deps.pool, reminder.lastBookingId);
    if (!found || !service || !last) return false;
    const timeZone = found.branch.timeZone;
    const offered = reminder.offeredStart === null ? null : Date.parse(reminder.offeredStart);
    const car = [last.car, last.plate].filter(Boolean).join(' ') || null;
    const button = (action: 'book' | 'other' | 'stop', start?: number) =>
      encode({ kind: 'maintenance', action, reminderId: reminder.reminderId, start });

    for (const chat of targets) {
      const t = maintenanceTexts(chat.language);
      const text = [
        t.title(service.name),
        t.lastTime(car, longDate(chat.language, last.start_at.getTime(), timeZone), last.odometer_km),
        reminder.dueBy === 'km' && reminder.kmNow !== null ? t.byKm(reminder.kmNow) : t.byDate,
        '',
        offered === null ? t.chooseTime : t.offer(whenLabel(textsFor(chat.language), offered, timeZone)),
      ].join('\n');
      try {
        await say(chat.chatId, {
          text,
          buttons: [
            ...(offered === null ? [] : [[{ text: t.bookAt(shortWhen(offered, timeZone)), data: button('book', offered) }]]),
            [{ text: t.otherTime, data: button('other') }],
            [{ text: t.stop, data: button('stop') }],
          ],
        });
      } catch (error) {
        failed(error, recorded, chat.chatId);
      }
    }
    return true;
  };
};
