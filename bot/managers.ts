import { createHash, randomInt } from 'node:crypto';
import type { Api } from 'grammy';
import nodemailer from 'nodemailer';
import type { Pool } from 'pg';
import type { CatalogRepository } from '../api/catalog/catalog-repository.ts';
import type { EventStore } from '../api/event-store/event-store.ts';
import type { BookingEvent, PlacedBooking } from '../domain/booking/booking.ts';
import { bookingDecider } from '../domain/booking/business-logic.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { describeError } from './bot.ts';
import type { BotLog } from './context.ts';
import { whenLabel } from './format.ts';
import { textsFor } from './texts.ts';

const CODE_TTL_MS = 15 * 60 * 1000;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/**
 * A one-time code that links a staff member's Telegram chat to their user (shown in the panel or
 * returned by the API; only its hash is stored). Sent to the bot as `/link CODE`.
 */
export const createManagerLinkCode = async (pool: Pool, user: { orgId: string; userId: string }, nowMs: number) => {
  const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  await pool.query('INSERT INTO bot_manager_codes (code_hash, org_id, user_id, expires_at) VALUES ($1, $2, $3, $4)', [
    hashCode(code),
    user.orgId,
    user.userId,
    new Date(nowMs + CODE_TTL_MS),
  ]);
  return { code, expiresAt: new Date(nowMs + CODE_TTL_MS).toISOString() };
};

/** Redeems a code once: the chat is linked to the code's user. Returns false for a bad, used or stale code. */
export const redeemManagerLinkCode = async (pool: Pool, code: string, chatId: number, nowMs: number): Promise<boolean> => {
  const { rows } = await pool.query<{ org_id: string; user_id: string }>(
    `UPDATE bot_manager_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING org_id, user_id`,
    [hashCode(code), new Date(nowMs)],
  );
  const row = rows[0];
  if (!row) return false;
  await pool.query(
    `INSERT INTO bot_manager_chats (user_id, org_id, chat_id) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, org_id = EXCLUDED.org_id, unreachable_at = NULL, linked_at = now()`,
    [row.user_id, row.org_id, chatId],
  );
  return true;
};

export type Mailer = { send: (message: { to: string[]; subject: string; text: string }) => Promise<void> };

/** E-mail through nodemailer's SMTP transport (SMTP_URL, e.g. smtp://user:pass@host:587). */
export const createMailer = (smtpUrl: string, from: string): Mailer => {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async ({ to, subject, text }) => {
      await transport.sendMail({ from, to, subject, text });
    },
  };
};

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
    const state = (stream.events.slice(0, event.streamPosition) as BookingEvent[]).reduce(
      bookingDecider.evolve,
      bookingDecider.initialState(),
    );
    return state.status === 'Empty' ? null : state;
  };

  const staffOf = async (orgId: string, branchId: string) =>
    (
      await deps.pool.query<{ id: string; email: string; chat_id: string | null }>(
        `SELECT u.id, u.email, m.chat_id::text FROM users u
           LEFT JOIN bot_manager_chats m ON m.user_id = u.id AND m.unreachable_at IS NULL
          WHERE u.org_id = $1 AND u.active AND u.role IN ('owner', 'manager')
            AND (cardinality(u.branch_ids) = 0 OR $2 = ANY(u.branch_ids))
          ORDER BY u.email`,
        [orgId, branchId],
      )
    ).rows;

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
    const link = `${deps.publicUrl}/bookings/${booking.bookingId}`;
    const channel = event.type === 'BookingRequested' ? (channelLabel[event.data.channel] ?? event.data.channel) : '';
    const text = isNew ? t.alertNew(number, service, when, channel, link) : t.alertCancelled(number, service, when, link);
    const subject = isNew ? t.alertSubjectNew(number) : t.alertSubjectCancelled(number);
    const staff = await staffOf(booking.orgId, booking.branchId);
    if (deps.api) {
      for (const member of staff.filter((m) => m.chat_id !== null)) {
        await deps.api.sendMessage(Number(member.chat_id), text).catch((error: unknown) => {
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
