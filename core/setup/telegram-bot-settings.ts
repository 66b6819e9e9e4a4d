import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { isTelegramToken, telegramBotLink } from '../../domain/setup/bot-token.ts';
import { Refusal } from '../shared/refusal.ts';
import { decrypt, encrypt } from '../vault/vault.ts';

// The station's Telegram bot set from the panel: the owner pastes BotFather's token, Telegram's
// getMe says whose bot it is, the token is kept sealed (AES-256-GCM under an installation key that
// lives in app_secrets, never beside it in this table) and the running bot is switched without a
// restart. TELEGRAM_BOT_TOKEN, when set, wins: the panel shows that bot and changes nothing.

export const telegramBotMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS telegram_bot_settings (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  token_iv bytea NOT NULL,
  token_sealed bytea NOT NULL,
  bot_id bigint NOT NULL,
  username text NOT NULL,
  set_by uuid,
  set_at timestamptz NOT NULL
);
`;

export type TelegramBotStatus = {
  /** Where the running bot's token comes from: nowhere, the panel, or TELEGRAM_BOT_TOKEN. */
  source: 'none' | 'panel' | 'environment';
  username: string | null;
  link: string | null;
};

type BotIdentity = { id: number; username: string };

const GET_ME_TIMEOUT_MS = 10_000;

/**
 * Asks Telegram whose token this is. The token is part of the URL, so neither the URL nor the
 * fetch error (which may quote it) is ever logged or passed on: only a code leaves this function.
 */
export const askTelegramGetMe = async (apiRoot: string, token: string): Promise<BotIdentity> => {
  let response: Response;
  try {
    response = await fetch(`${apiRoot}/bot${token}/getMe`, { signal: AbortSignal.timeout(GET_ME_TIMEOUT_MS) });
  } catch {
    throw new Refusal('upstream', 'TELEGRAM_UNREACHABLE', 'Telegram did not answer; the token was not saved. Try again later');
  }
  // Telegram answers an unknown or revoked token with 401 (and a malformed one with 404).
  if (response.status === 401 || response.status === 404) {
    throw new Refusal('invalid', 'BOT_TOKEN_REJECTED', 'Telegram does not know this token: copy it from BotFather again', {
      field: 'token',
    });
  }
  const body = (await response.json().catch(() => null)) as {
    ok?: boolean;
    result?: { id?: unknown; username?: unknown };
  } | null;
  const id = body?.result?.id;
  const username = body?.result?.username;
  if (!response.ok || !body?.ok || typeof id !== 'number' || typeof username !== 'string') {
    throw new Refusal('upstream', 'TELEGRAM_UNREACHABLE', 'Telegram did not answer; the token was not saved. Try again later');
  }
  return { id, username };
};

export type TelegramBotSettingsDeps = {
  pool: Pool;
  /** The installation key the token is sealed with (app_secrets, 32 bytes). */
  key: Uint8Array;
  apiRoot: string;
  now: () => number;
  /** The bot of TELEGRAM_BOT_TOKEN, when set: its username once known (null before its first getMe). */
  environmentBot: { username: () => string | null } | null;
  /** Starts the bot with this token (stopping the one running), or stops it (null). */
  apply: (token: string | null) => Promise<void>;
};

export const createTelegramBotSettings = (deps: TelegramBotSettingsDeps) => {
  const { pool } = deps;
  const key = Buffer.from(deps.key);

  /** One bot per installation, serving its first organization: only that organization's owner sets it. */
  const refuseWhenNotSettable = async (orgId: string) => {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM organizations ORDER BY created_at, id LIMIT 1');
    if (rows[0]?.id !== orgId) {
      throw new Refusal('conflict', 'BOT_OTHER_ORGANIZATION', 'This installation’s bot serves another organization');
    }
    if (deps.environmentBot) {
      throw new Refusal(
        'conflict',
        'BOT_SET_BY_ENVIRONMENT',
        'The bot is set by TELEGRAM_BOT_TOKEN on the server; change it there',
      );
    }
  };

  const status = async (orgId: string): Promise<TelegramBotStatus> => {
    if (deps.environmentBot) {
      const username = deps.environmentBot.username();
      return { source: 'environment', username, link: username ? telegramBotLink(username) : null };
    }
    const { rows } = await pool.query<{ username: string }>('SELECT username FROM telegram_bot_settings WHERE org_id = $1', [
      orgId,
    ]);
    const username = rows[0]?.username ?? null;
    return { source: username ? 'panel' : 'none', username, link: username ? telegramBotLink(username) : null };
  };

  /** Checks the token with Telegram, keeps it sealed and starts its bot; a refused token writes nothing. */
  const connect = async (actor: { orgId: string; userId: string }, pasted: string): Promise<TelegramBotStatus> => {
    await refuseWhenNotSettable(actor.orgId);
    const token = pasted.trim();
    if (!isTelegramToken(token)) {
      throw new Refusal('invalid', 'BOT_TOKEN_FORMAT', 'This is not a bot token: it looks like 123456789:AA… in BotFather', {
        field: 'token',
      });
    }
    const bot = await askTelegramGetMe(deps.apiRoot, token);
    const iv = randomBytes(12);
    await deps.apply(token);
    await pool.query(
      `INSERT INTO telegram_bot_settings (org_id, token_iv, token_sealed, bot_id, username, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (org_id) DO UPDATE SET token_iv = $2, token_sealed = $3, bot_id = $4, username = $5, set_by = $6, set_at = $7`,
      [actor.orgId, iv, encrypt(key, iv, Buffer.from(token, 'utf8')), bot.id, bot.username, actor.userId, new Date(deps.now())],
    );
    return status(actor.orgId);
  };

  /** Forgets the token and stops its bot. */
  const disconnect = async (orgId: string): Promise<TelegramBotStatus> => {
    await refuseWhenNotSettable(orgId);
    const removed = await pool.query('DELETE FROM telegram_bot_settings WHERE org_id = $1', [orgId]);
    if (removed.rowCount) await deps.apply(null);
    return status(orgId);
  };

  /** The token kept for the installation's first organization (the one its bot serves), opened. */
  const storedToken = async (): Promise<string | null> => {
    const { rows } = await pool.query<{ token_iv: Buffer; token_sealed: Buffer }>(
      `SELECT s.token_iv, s.token_sealed FROM telegram_bot_settings s
         JOIN organizations o ON o.id = s.org_id ORDER BY o.created_at, o.id LIMIT 1`,
    );
    const row = rows[0];
    return row ? decrypt(key, row.token_iv, row.token_sealed).toString('utf8') : null;
  };

  return { status, connect, disconnect, storedToken };
};

export type TelegramBotSettings = ReturnType<typeof createTelegramBotSettings>;
