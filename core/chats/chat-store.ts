import type { Pool } from 'pg';
import type { Sealed } from '../../domain/shared/sealed.ts';
import type { DayWindow } from '../../domain/booking/typed-visit.ts';
import type { Lang } from '../../domain/shared/lang.ts';

/**
 * The bot's own rows in our PostgreSQL: wizard sessions with a TTL and the chats of linked
 * clients. Both are keyed by the keyed hash of the Telegram user id and carry the client id,
 * so erasing a client deletes them (see eraseBotData).
 */

/** A consent given by tapping «Согласен», kept until the phone arrives and the client exists. */
export type PendingConsent = {
  noticeVersion: string;
  textHash: string;
  givenAt: string;
  updateId: number;
  callbackQueryId: string;
};

export type WizardStep =
  | 'branch'
  | 'service'
  | 'date'
  | 'time'
  | 'car'
  | 'carModel'
  | 'plate'
  | 'comment'
  | 'summary'
  /** The nearest free times over the coming days at once (a returning client's repeat). */
  | 'soonest';

export type Car = { make?: string; model?: string; plate?: string };

export type Wizard = {
  id: string;
  mode: 'new' | 'move';
  step: WizardStep;
  /** The wizard's message: a number in Telegram, a string in MAX. */
  messageId?: number | string;
  bookingId?: string;
  branchId?: string;
  serviceIds?: string[];
  date?: string;
  /** Epoch milliseconds of the chosen start. */
  start?: number;
  car?: Car;
  carTyped?: boolean;
  comment?: string;
  /** The summary was shown once: a new time goes straight back to it. */
  reviewed?: boolean;
  /** A returning client's last services, offered first as «like last time». */
  repeat?: string[];
  /** Booking «like last time»: the saved car is taken and the car and comment questions skipped. */
  quick?: boolean;
  /** The day and part of it the client typed («в субботу утром»): that day's times in that window come first. */
  wanted?: { date: string; window?: DayWindow };
};

export type SessionData = {
  lang?: Lang;
  consent?: PendingConsent;
  wizard?: Wizard;
  /**
   * The last finished wizard, so its old confirm button can say what it did: booked, or moved
   * (`moved`) a visit (`bookingId`) that may have been cancelled since. Both are absent in sessions
   * saved before them, which read as a booking with nothing to look up.
   */
  done?: { wizard: string; start: number; timeZone: string; moved?: boolean; bookingId?: string };
  /** The deep link the chat was opened with (a QR at the counter, the site's button): the bookings' lead source. */
  source?: string;
  /** Free-form questions put to the assistant in the current clock hour (epoch hours): a client's quota. */
  assistant?: { hour: number; asked: number };
  /** The privacy request the chat was just asked to confirm: only its «yes» files it. */
  privacyAsked?: 'eraseYes' | 'stopYes' | 'withdrawYes';
};

export const createSessionStore = (pool: Pool) => ({
  load: async (userKey: string, nowMs: number): Promise<SessionData> => {
    const { rows } = await pool.query<{ data: SessionData }>(
      'SELECT data FROM bot_sessions WHERE user_key = $1 AND expires_at > $2',
      [userKey, new Date(nowMs)],
    );
    return rows[0]?.data ?? {};
  },

  save: async (row: { userKey: string; orgId: string; clientId: string | null; data: SessionData; expiresAt: number }) => {
    if (Object.keys(row.data).length === 0) {
      await pool.query('DELETE FROM bot_sessions WHERE user_key = $1', [row.userKey]);
      return;
    }
    await pool.query(
      `INSERT INTO bot_sessions (user_key, org_id, client_id, data, expires_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (user_key) DO UPDATE SET client_id = EXCLUDED.client_id, data = EXCLUDED.data,
         expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [row.userKey, row.orgId, row.clientId, JSON.stringify(row.data), new Date(row.expiresAt)],
    );
  },

  purgeExpired: async (nowMs: number): Promise<number> =>
    (await pool.query('DELETE FROM bot_sessions WHERE expires_at <= $1', [new Date(nowMs)])).rowCount ?? 0,
});

export type SessionStore = ReturnType<typeof createSessionStore>;

export type LinkedChat = {
  userKey: string;
  orgId: string;
  clientId: string;
  /** The messenger the chat is in; its adapter alone may write there. */
  channel: 'telegram' | 'max';
  chatId: number;
  language: Lang;
  profile: Sealed;
  car: Sealed | null;
  unreachable: boolean;
};

type ChatRow = {
  user_key: string;
  org_id: string;
  client_id: string;
  channel: 'telegram' | 'max';
  chat_id: string;
  language: Lang;
  profile: Sealed;
  car: Sealed | null;
  unreachable_at: Date | null;
};

const toChat = (row: ChatRow): LinkedChat => ({
  userKey: row.user_key,
  orgId: row.org_id,
  clientId: row.client_id,
  channel: row.channel,
  chatId: Number(row.chat_id),
  language: row.language,
  profile: row.profile,
  car: row.car,
  unreachable: row.unreachable_at !== null,
});

export const createChatStore = (pool: Pool) => ({
  byKey: async (userKey: string): Promise<LinkedChat | null> => {
    const { rows } = await pool.query<ChatRow>('SELECT * FROM bot_chats WHERE user_key = $1', [userKey]);
    return rows[0] ? toChat(rows[0]) : null;
  },

  byClient: async (orgId: string, clientId: string): Promise<LinkedChat[]> =>
    (
      await pool.query<ChatRow>('SELECT * FROM bot_chats WHERE org_id = $1 AND client_id = $2 ORDER BY linked_at', [
        orgId,
        clientId,
      ])
    ).rows.map(toChat),

  link: async (chat: Omit<LinkedChat, 'unreachable' | 'car'>) => {
    await pool.query(
      `INSERT INTO bot_chats (user_key, org_id, client_id, chat_id, language, profile, channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_key) DO UPDATE SET client_id = EXCLUDED.client_id, chat_id = EXCLUDED.chat_id, channel = EXCLUDED.channel,
         language = EXCLUDED.language, profile = EXCLUDED.profile, unreachable_at = NULL,
         car = CASE WHEN bot_chats.client_id = EXCLUDED.client_id THEN bot_chats.car END, linked_at = now()`,
      [chat.userKey, chat.orgId, chat.clientId, chat.chatId, chat.language, JSON.stringify(chat.profile), chat.channel],
    );
  },

  setLanguage: async (userKey: string, language: Lang) => {
    await pool.query('UPDATE bot_chats SET language = $2 WHERE user_key = $1', [userKey, language]);
  },

  setCar: async (userKey: string, car: Sealed) => {
    await pool.query('UPDATE bot_chats SET car = $2 WHERE user_key = $1', [userKey, JSON.stringify(car)]);
  },

  /** The person blocked the bot (a 403). Nothing is sent there until they write again. */
  markUnreachable: async (chatId: number, channel: 'telegram' | 'max' = 'telegram') => {
    await pool.query(
      'UPDATE bot_chats SET unreachable_at = now() WHERE chat_id = $1 AND channel = $2 AND unreachable_at IS NULL',
      [chatId, channel],
    );
    if (channel !== 'telegram') return;
    await pool.query('UPDATE bot_manager_chats SET unreachable_at = now() WHERE chat_id = $1 AND unreachable_at IS NULL', [
      chatId,
    ]);
  },

  markReachable: async (userKey: string) => {
    await pool.query('UPDATE bot_chats SET unreachable_at = NULL WHERE user_key = $1', [userKey]);
  },

  unlink: async (userKey: string) => {
    await pool.query('WITH s AS (DELETE FROM bot_sessions WHERE user_key = $1) DELETE FROM bot_chats WHERE user_key = $1', [
      userKey,
    ]);
  },
});

export type ChatStore = ReturnType<typeof createChatStore>;

type Queryable = { query: (text: string, values?: unknown[]) => Promise<unknown> };

/**
 * Deletes everything the bot keeps about a client: sessions, chat links, planned reminders.
 * Called for ClientErased and for a withdrawn personal-data consent. The delivery records stay:
 * channel, outcome and time under the pseudonymous id, as the bookings keep it, so the owner's
 * delivery rates of past days do not change.
 */
export const eraseBotData = async (db: Queryable, clientId: string): Promise<void> => {
  await db.query(
    `WITH s AS (DELETE FROM bot_sessions WHERE client_id = $1),
          r AS (DELETE FROM bot_reminders WHERE client_id = $1),
          i AS (DELETE FROM inbox_threads WHERE client_id = $1)
     DELETE FROM bot_chats WHERE client_id = $1`,
    [clientId],
  );
};
