import { quarantineColumns } from '../../projections/quarantine.ts';

/**
 * Tables of the Telegram bot and the reactors. Additive and idempotent; run by migrate() after
 * the settings tables. Everything about one client here carries `client_id`, so erasure can
 * delete it (eraseBotData in core/chats/chat-store.ts); Telegram users are keyed by the keyed hash of their id, the
 * same hash that TelegramLinked events carry.
 */
export const botMigrationSql = /* sql */ `
-- Wizard state of one Telegram user; expires, never holds raw updates.
CREATE TABLE IF NOT EXISTS bot_sessions (
  user_key text PRIMARY KEY,
  org_id uuid NOT NULL,
  client_id uuid,
  data jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS bot_sessions_client ON bot_sessions (client_id);
CREATE INDEX IF NOT EXISTS bot_sessions_expiry ON bot_sessions (expires_at);

-- Where to reach a client who consented and shared their own contact. The profile (name, phone)
-- and the remembered car are sealed under the client's key.
CREATE TABLE IF NOT EXISTS bot_chats (
  user_key text PRIMARY KEY,
  org_id uuid NOT NULL,
  client_id uuid NOT NULL,
  chat_id bigint NOT NULL,
  language text NOT NULL DEFAULT 'ru',
  profile jsonb NOT NULL,
  car jsonb,
  unreachable_at timestamptz,
  linked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS bot_chats_client ON bot_chats (client_id);
-- The messenger of the chat (chat ids of different messengers may coincide).
ALTER TABLE bot_chats ADD COLUMN IF NOT EXISTS channel text NOT NULL DEFAULT 'telegram';

-- Reactors follow the global log like the projections do, each with its own checkpoint.
CREATE TABLE IF NOT EXISTS reactor_checkpoints (
  reactor text PRIMARY KEY,
  transaction_id xid8 NOT NULL,
  global_position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Events a reactor could not handle after a few tries, set aside beside its checkpoint (which moved
-- past them). npm run replay asks for them to be tried again (retry_requested_at).
CREATE TABLE IF NOT EXISTS reactor_quarantine (
  reactor text NOT NULL,${quarantineColumns},
  retry_requested_at timestamptz,
  PRIMARY KEY (reactor, global_position)
);
CREATE INDEX IF NOT EXISTS reactor_quarantine_retry ON reactor_quarantine (reactor) WHERE retry_requested_at IS NOT NULL;

-- Reminders planned from booking events; sent_at makes each one go out once.
CREATE TABLE IF NOT EXISTS bot_reminders (
  booking_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('day_before', 'two_hours')),
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  client_id uuid NOT NULL,
  service_ids uuid[] NOT NULL,
  due_at timestamptz NOT NULL,
  starts_at timestamptz NOT NULL,
  sent_at timestamptz,
  PRIMARY KEY (booking_id, kind)
);
CREATE INDEX IF NOT EXISTS bot_reminders_due ON bot_reminders (due_at) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS bot_reminders_client ON bot_reminders (client_id);

-- Managers who linked a Telegram chat with a one-time code from the panel or API.
CREATE TABLE IF NOT EXISTS bot_manager_codes (
  code_hash text PRIMARY KEY,
  org_id uuid NOT NULL,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE TABLE IF NOT EXISTS bot_manager_chats (
  user_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  chat_id bigint NOT NULL,
  unreachable_at timestamptz,
  linked_at timestamptz NOT NULL DEFAULT now()
);

-- Webhook deliveries seen, so a redelivered update is handled once.
CREATE TABLE IF NOT EXISTS bot_updates_seen (
  update_id bigint PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
`;
