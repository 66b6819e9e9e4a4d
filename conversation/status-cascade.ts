import type { Pool } from 'pg';
import { createChatStore } from '../core/chats/chat-store.ts';
import type { Mailer } from '../core/messaging/mailer.ts';
import type { SmsGateway } from '../core/messaging/sms-gateway.ts';
import type { Lang } from '../domain/shared/lang.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import type { MessengerChannel, Say } from './port.ts';
import { createStatusTexts, type StatusMessageDeps } from './status-messages.ts';

/** Channels a status message can take, in the station's order. */
export type DeliveryChannel = MessengerChannel | 'sms' | 'email';

/** `none`: the client has no way in on this channel (no chat, no phone); `failed`: tried and it did not go. */
export type DeliveryOutcome = 'sent' | 'failed' | 'none';

/** A message to a client: its text, and the buttons a messenger shows under it (SMS and e-mail carry the text alone). */
export type ClientMessage = Pick<Say, 'text' | 'buttons'>;

/** The message in a language; null when there is nothing to say in it. */
export type MessageFor = (lang: Lang) => ClientMessage | null;

/** Just a text, in every language it is asked in. */
export const textOnly =
  (textFor: (lang: Lang) => string | null): MessageFor =>
  (lang) => {
    const text = textFor(lang);
    return text === null ? null : { text };
  };

export type DeliveryRoute = {
  channel: DeliveryChannel;
  deliver: (to: { orgId: string; clientId: string }, messageFor: MessageFor) => Promise<DeliveryOutcome>;
};

/** Sends one message (with its buttons) to one chat of a messenger; throws when it could not. */
export type SendMessage = (chatId: number, message: ClientMessage) => Promise<unknown>;

/**
 * A messenger as a route: every reachable chat of the client there, in the chat's language; sent
 * when one took it. `failed` hears each refusal (a 403 marks the chat unreachable there).
 */
export const messengerRoute = (
  pool: Pool,
  channel: MessengerChannel,
  send: SendMessage,
  failed: (error: unknown, chatId: number) => void,
): DeliveryRoute => {
  const chats = createChatStore(pool);
  return {
    channel,
    deliver: async ({ orgId, clientId }, messageFor) => {
      const targets = (await chats.byClient(orgId, clientId)).filter((chat) => chat.channel === channel && !chat.unreachable);
      if (targets.length === 0) return 'none';
      let sent = false;
      for (const chat of targets) {
        const message = messageFor(chat.language);
        if (!message) continue;
        try {
          await send(chat.chatId, message);
          sent = true;
        } catch (error) {
          failed(error, chat.chatId);
        }
      }
      return sent ? 'sent' : 'failed';
    },
  };
};

/** SMS to the client's own phone (opened from their sealed profile), in Russian. */
export const smsRoute = (gateway: SmsGateway, phoneOf: (clientId: string) => Promise<string | null>): DeliveryRoute => ({
  channel: 'sms',
  deliver: async ({ clientId }, messageFor) => {
    const phone = await phoneOf(clientId);
    const text = messageFor('ru')?.text;
    if (!phone || !text) return 'none';
    return (await gateway.send(phone, text)).accepted ? 'sent' : 'failed';
  },
});

/** The subject of a status message by e-mail: the text itself says which booking and what changed. */
export const STATUS_EMAIL_SUBJECT = 'Ваша запись в автосервис';

/**
 * E-mail to the client's own address (opened from their sealed profile), in Russian, the last resort
 * after the messengers and SMS. A client without an address has no way in here; an SMTP server that
 * refuses or cannot be reached throws, which the cascade records as failed.
 */
export const emailRoute = (mailer: Mailer, emailOf: (clientId: string) => Promise<string | null>): DeliveryRoute => ({
  channel: 'email',
  deliver: async ({ clientId }, messageFor) => {
    const email = await emailOf(clientId);
    const text = messageFor('ru')?.text;
    if (!email || !text) return 'none';
    await mailer.send({ to: [email], subject: STATUS_EMAIL_SUBJECT, text });
    return 'sent';
  },
});

export type CascadeDeps = StatusMessageDeps & {
  log: { warn: (fields: Record<string, unknown>, message: string) => void };
};

/**
 * Status messages through the first channel that works, in the station's order (Telegram → MAX →
 * SMS → e-mail): a channel the client has no way in on is skipped, one that fails (blocked, network
 * down, the gateway refused) falls through to the next. Each attempt is recorded (channel, outcome,
 * branch, no content), and so is each message's end (sent, every way failed, or no way in at all),
 * for the owner's delivery rates; a message handled again after a crash keeps one end.
 */
export const createStatusCascade = (deps: CascadeDeps, routes: readonly DeliveryRoute[]) => {
  const statusText = createStatusTexts(deps);
  return async (recorded: RecordedEvent): Promise<boolean> => {
    const status = await statusText(recorded);
    if (!status) return false;
    const position = recorded.globalPosition.toString();
    let end: DeliveryOutcome = 'none';
    for (const route of routes) {
      const outcome = await route.deliver(status, textOnly(status.textFor)).catch((error: unknown) => {
        deps.log.warn({ channel: route.channel, name: (error as Error).name }, 'status message route failed');
        return 'failed' as const;
      });
      if (outcome === 'none') continue;
      end = outcome;
      await deps.pool.query(
        `INSERT INTO delivery_attempts (org_id, branch_id, client_id, channel, outcome, global_position)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [status.orgId, status.branchId, status.clientId, route.channel, outcome, position],
      );
      if (outcome === 'sent') break;
    }
    await deps.pool.query(
      `INSERT INTO status_deliveries (global_position, org_id, branch_id, client_id, outcome) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (global_position) DO UPDATE SET outcome = EXCLUDED.outcome, at = now()`,
      [position, status.orgId, status.branchId, status.clientId, end],
    );
    return true;
  };
};
