import { timingSafeEqual } from 'node:crypto';
import { Bot, MaxError } from '@maxhub/max-bot-api';
import type { Update } from '@maxhub/max-bot-api/types';
import { decode } from '../../conversation/callback-data.ts';
import type { BotDeps } from '../../conversation/context.ts';
import { createConversation } from '../../conversation/conversation.ts';
import type { ChannelPort, Input, Say, Sender } from '../../conversation/port.ts';
import { contactOf } from './contact.ts';
import type { InboundKind, MessageBody } from '../../domain/inbox/inbox.ts';

export type MaxOptions = {
  token: string;
  /** The Bot API server (the test fake); MAX's own when absent. */
  baseUrl?: string | null;
  /** Long-poll timeout of GET /updates in seconds (MAX allows up to 90). */
  pollingTimeoutSeconds?: number;
  /** Webhook mode instead of long polling: MAX posts updates to `url` with `secret` in X-Max-Bot-Api-Secret. */
  webhook?: { url: string; secret: string } | null;
};

const UPDATE_TYPES = ['message_created', 'message_callback', 'bot_started'] as const;

/** Loggable facts of a MAX API error: never the request or the update, which carry personal data. */
export const describeMaxError = (error: unknown): Record<string, unknown> => {
  if (error instanceof MaxError) return { status: error.status, code: error.code, description: error.description };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { error: typeof error };
};

type ButtonJson =
  | { type: 'callback'; text: string; payload: string }
  | { type: 'message'; text: string }
  | { type: 'request_contact'; text: string };

/**
 * MAX draws everything as buttons under the message: the conversation's buttons as callback
 * buttons, the main menu as message buttons (a tap sends the label as text, like Telegram's reply
 * keyboard), the phone request as a request_contact button.
 */
export const keyboardOf = (say: Say) => {
  const rows: ButtonJson[][] = (say.buttons ?? [])
    .map((row) => row.map((button): ButtonJson => ({ type: 'callback', text: button.text, payload: button.data })))
    .filter((row) => row.length > 0);
  if (say.menu?.kind === 'main') rows.push(say.menu.labels.map((text): ButtonJson => ({ type: 'message', text })));
  if (say.menu?.kind === 'contact') rows.push([{ type: 'request_contact', text: say.menu.label }]);
  return rows.length > 0 ? [{ type: 'inline_keyboard' as const, payload: { buttons: rows } }] : [];
};

/** The conversation's input for a MAX update with the sender, or null for what it does not handle (groups, bots, other updates). */
export const inputOf = (
  update: Update,
  token: string,
  log: BotDeps['log'],
): { sender: Sender; input: Input; callbackId?: string } | null => {
  const nameOf = (user: { first_name?: string; last_name?: string | null }) =>
    [user.first_name, user.last_name].filter(Boolean).join(' ');
  switch (update.update_type) {
    case 'message_created': {
      const { message } = update;
      const from = message.sender;
      if (!from || from.is_bot || message.recipient.chat_type !== 'dialog' || message.recipient.chat_id == null) return null;
      const sender: Sender = { channel: 'max', userId: from.user_id, chatId: message.recipient.chat_id, name: nameOf(from) };
      const contact = contactOf(message, token);
      if (contact) {
        if (contact.verdict === 'unverified')
          log.warn({ channel: 'max' }, 'contact card refused: no account or its hash does not match');
        return { sender, input: { kind: 'contact', phone: contact.phone, verdict: contact.verdict, updateId: update.timestamp } };
      }
      const text = message.body.text;
      const attached = inboxMessageOf(message.body.attachments ?? [], text);
      if (attached) return { sender, input: { kind: 'other', message: attached } };
      if (!text) return { sender, input: { kind: 'other' } };
      const command = /^\/([a-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/i.exec(text);
      return {
        sender,
        input: command
          ? { kind: 'text', text, command: { name: command[1]!.toLowerCase(), args: (command[2] ?? '').trim() } }
          : { kind: 'text', text },
      };
    }
    case 'message_callback': {
      const { callback, message } = update;
      const chatId = message?.recipient.chat_id;
      if (callback.user.is_bot || chatId == null || message?.recipient.chat_type !== 'dialog') return null;
      return {
        sender: { channel: 'max', userId: callback.user.user_id, chatId, name: nameOf(callback.user) },
        input: {
          kind: 'button',
          data: decode(callback.payload),
          message: { id: message.body.mid, ...(message.body.text ? { text: message.body.text } : {}) },
          updateId: callback.timestamp,
          callbackId: callback.callback_id,
        },
        callbackId: callback.callback_id,
      };
    }
    case 'bot_started':
      // «Начать» in a new dialog is MAX's /start.
      if (update.user.is_bot) return null;
      return {
        sender: { channel: 'max', userId: update.user.user_id, chatId: update.chat_id, name: nameOf(update.user) },
        input: { kind: 'text', text: '/start', command: { name: 'start', args: update.payload ?? '' } },
      };
    default:
      return null;
  }
};

type AttachmentJson = {
  type: string;
  payload?: { url?: string; token?: string };
  latitude?: number;
  longitude?: number;
  filename?: string;
};

/** A photo, voice note, location or file with its caption, as the inbox keeps it; null for plain text or a sticker. */
export const inboxMessageOf = (
  attachments: readonly unknown[],
  text: string | null | undefined,
): { kind: InboundKind; body: MessageBody } | null => {
  const caption = text ? { text } : {};
  for (const attachment of attachments as AttachmentJson[]) {
    const fileRef = attachment.payload?.token ?? attachment.payload?.url;
    const file = fileRef ? { fileRef } : {};
    switch (attachment.type) {
      case 'image':
        return { kind: 'photo', body: { ...caption, ...file } };
      case 'audio':
        return { kind: 'voice', body: { ...caption, ...file } };
      case 'video':
        return { kind: 'video', body: { ...caption, ...file } };
      case 'location':
        if (attachment.latitude === undefined || attachment.longitude === undefined) continue;
        return { kind: 'location', body: { ...caption, latitude: attachment.latitude, longitude: attachment.longitude } };
      case 'file':
        return {
          kind: 'document',
          body: { ...caption, ...file, ...(attachment.filename ? { fileName: attachment.filename } : {}) },
        };
    }
  }
  return null;
};

const sameSecret = (given: string | undefined, expected: string) => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The station's bot in MAX: an adapter of the same conversation as Telegram's, on the official
 * SDK's API client. Updates come by long polling (GET /updates) or by webhook; either way one
 * chat's updates run in order and different chats side by side (the SDK's own polling runs a whole
 * batch at once, same chat included, so the loop here is ours).
 */
export const createMaxBot = (deps: BotDeps, options: MaxOptions) => {
  const bot = new Bot(options.token, options.baseUrl ? { clientOptions: { baseUrl: options.baseUrl } } : {});
  const { api } = bot;
  const conversation = createConversation(deps);
  const queues = new Map<number, Promise<void>>();
  const inFlight = new Set<Promise<void>>();

  const portOf = (chatId: number, callbackId: string | undefined): ChannelPort => ({
    say: async (say) => {
      const attachments = keyboardOf(say);
      const sent = await api.sendMessageToChat(chatId, say.text, attachments.length > 0 ? { attachments } : {});
      return sent.body.mid;
    },
    edit: async (id, say) => {
      await api.editMessage(String(id), { text: say.text, attachments: keyboardOf(say) });
    },
    clearButtons: async (id) => {
      await api.editMessage(String(id), { attachments: [] });
    },
    toast: async (text, _alert) => {
      if (!callbackId) return;
      // MAX has no alert: a notification is the toast either way.
      // The schema's CallbackAnswer has `notification`; the SDK's 0.3.1 type lists only `message`.
      const answer = text ? { notification: text } : {};
      await api.answerOnCallback(callbackId, answer as Parameters<typeof api.answerOnCallback>[1]);
    },
    describeError: describeMaxError,
  });

  /** Queues an update behind the same chat's earlier ones; resolves when it has been handled. */
  const dispatch = (update: Update): Promise<void> => {
    const found = inputOf(update, options.token, deps.log);
    if (!found) return Promise.resolve();
    const key = found.sender.chatId;
    const current = (queues.get(key) ?? Promise.resolve())
      .then(() => conversation.handle(found.sender, found.input, portOf(found.sender.chatId, found.callbackId)))
      .catch((error: unknown) => deps.log.error({ channel: 'max', ...describeMaxError(error) }, 'bot update failed'));
    queues.set(key, current);
    inFlight.add(current);
    void current.finally(() => {
      inFlight.delete(current);
      if (queues.get(key) === current) queues.delete(key);
    });
    return current;
  };

  let stopped = false;

  /** Long polling: hands each update to its chat's queue and asks for the next batch at once. */
  const poll = async () => {
    let marker: number | undefined;
    let backoffMs = 1_000;
    while (!stopped) {
      try {
        const batch = await api.getUpdates([...UPDATE_TYPES], {
          ...(marker !== undefined ? { marker } : {}),
          timeout: options.pollingTimeoutSeconds ?? 30,
        });
        marker = batch.marker ?? marker;
        for (const update of batch.updates) void dispatch(update);
        backoffMs = 1_000;
      } catch (error) {
        if (stopped) return;
        deps.log.error({ channel: 'max', ...describeMaxError(error) }, 'max polling failed');
        await new Promise((resolve) => setTimeout(resolve, backoffMs).unref());
        backoffMs = Math.min(60_000, backoffMs * 2);
      }
    }
  };

  /** Webhook mode: the secret header must match; the update is handled before MAX gets its 200. */
  const webhook = async (body: unknown, secret: string | undefined): Promise<{ status: 200 | 401 | 503 }> => {
    if (!options.webhook || !sameSecret(secret, options.webhook.secret)) return { status: 401 };
    if (stopped) return { status: 503 };
    await dispatch(body as Update);
    return { status: 200 };
  };

  const start = async () => {
    if (options.webhook) {
      const { url, secret } = options.webhook;
      await api.subscribe(url, secret, [...UPDATE_TYPES]);
      deps.log.info({ channel: 'max' }, 'max webhook subscribed');
      return;
    }
    // A webhook subscription turns /updates off: clear any left from webhook mode.
    for (const subscription of await api.getSubscriptions()) await api.unsubscribe(subscription.url);
    polling = poll();
    deps.log.info({ channel: 'max' }, 'max bot polling');
  };
  let polling: Promise<void> = Promise.resolve();

  return {
    api,
    start,
    webhook,
    /** Resolves when every update taken so far has been handled. */
    settled: async () => {
      await Promise.all([...inFlight]);
    },
    /** Ends polling (after the long poll in hand) and waits for the updates in hand. */
    stop: async () => {
      stopped = true;
      await polling.catch(() => undefined);
      await Promise.all([...inFlight]);
    },
  };
};

export type MaxBot = ReturnType<typeof createMaxBot>;
