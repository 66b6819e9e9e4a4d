import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Telegram Bot API: the real JSON shapes at /bot<token>/<method>,
 * long-polling getUpdates with offset confirmation, a record of every call, and per-chat faults
 * (403 blocked, 429 with retry_after). Tests talk to it as users; the real grammY bot talks to it
 * through `apiRoot`.
 */

export type FakeUser = { id: number; first_name: string; last_name?: string; language_code?: string };

export type InlineButton = { text: string; callback_data?: string; url?: string };
export type ReplyMarkup = {
  inline_keyboard?: InlineButton[][];
  keyboard?: ({ text: string; request_contact?: boolean } | string)[][];
  remove_keyboard?: boolean;
  [key: string]: unknown;
};

/** A message the bot sent, as the chat shows it now (edits applied, deletions flagged). */
export type BotMessage = {
  message_id: number;
  chatId: number;
  text: string;
  reply_markup?: ReplyMarkup;
  deleted: boolean;
  edits: number;
  date: number;
  /** An uploaded file; `content` is its text, so tests can read what the person received. */
  document?: { file_name: string; size: number; content?: string };
  /** A photo sent with sendPhoto; `base64` holds its bytes exactly. */
  photo?: { file_name: string; size: number; base64?: string };
};

export type ApiCall = { method: string; payload: Record<string, unknown>; at: number; status: number };

type Update = { update_id: number; [key: string]: unknown };

type Poller = { resolve: (updates: Update[]) => void; timer: NodeJS.Timeout; limit: number };

type Fault =
  | { kind: 'blocked' }
  | { kind: 'rateLimited'; remaining: number; retryAfter: number }
  | { kind: 'serverError'; remaining: number };

const BOT_USER = { id: 7_000_000_001, is_bot: true, first_name: 'Zero CRM', username: 'zero_crm_test_bot' };

const ok = (result: unknown) => ({ ok: true, result });
const fail = (error_code: number, description: string, parameters?: Record<string, unknown>) => ({
  ok: false,
  error_code,
  description,
  ...(parameters ? { parameters } : {}),
});

const sameMarkup = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const fieldValue = (value: string): unknown => {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/**
 * Multipart as grammY writes it (`content-disposition:form-data;name="x"`, unquoted file names),
 * which the platform's strict FormData parser refuses. A file is referenced from its field as
 * `attach://<part>`, as the Bot API allows; the reference is resolved to the file itself.
 */
const parseMultipart = (raw: Buffer, type: string): Record<string, unknown> => {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  const marker = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  // latin1 keeps every byte as one character, so a file's bytes survive the split.
  const parts = raw.toString('latin1').split(marker).slice(1);
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const body = Buffer.from(part.slice(headerEnd + 4).replace(/\r\n$/, ''), 'latin1');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    const fileName = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
    fields[name] = fileName
      ? {
          file_name: fileName[1] ?? fileName[2],
          size: body.length,
          content: body.toString('utf8'),
          base64: body.toString('base64'),
        }
      : fieldValue(body.toString('utf8'));
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || !value.startsWith('attach://')) continue;
    const part = value.slice('attach://'.length);
    fields[key] = fields[part];
    delete fields[part];
  }
  return fields;
};

const readBody = async (request: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  const query = Object.fromEntries(new URL(request.url ?? '/', 'http://fake').searchParams);
  if (raw.length === 0) return query;
  if (type.includes('application/json')) return { ...query, ...(JSON.parse(raw.toString('utf8')) as Record<string, unknown>) };
  // Uploads (sendDocument with a file) arrive as multipart; let the platform's parser read them.
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData().catch(() => null);
    if (!form) return { ...query, ...parseMultipart(raw, type) };
    const result: Record<string, unknown> = { ...query };
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        try {
          result[key] = JSON.parse(value) as unknown;
        } catch {
          result[key] = value;
        }
      } else {
        const bytes = Buffer.from(await value.arrayBuffer());
        result[key] = {
          file_name: value.name,
          size: value.size,
          content: bytes.toString('utf8'),
          base64: bytes.toString('base64'),
        };
      }
    }
    return result;
  }
  return query;
};

export const startFakeTelegram = async (options: { token?: string } = {}) => {
  const token = options.token ?? '123456:TEST-token_for-fake-telegram';
  const calls: ApiCall[] = [];
  const messages: BotMessage[] = [];
  const queue: Update[] = [];
  const faults = new Map<number, Fault>();
  const openQueries = new Map<string, { answered: boolean; answer?: Record<string, unknown> }>();
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  let nextQueryId = 1;
  let confirmedOffset = 0;
  let poller: Poller | null = null;
  const holds = new Map<number, { promise: Promise<void>; release: () => void }>();
  const dropped = new Set<number>();
  let webhook: { url: string; secret_token?: string } | null = null;
  const listeners = new Set<() => void>();

  const changed = () => {
    for (const listener of listeners) listener();
  };

  const pending = () => queue.filter((update) => update.update_id >= confirmedOffset);

  const deliver = () => {
    if (!poller) return;
    const available = pending();
    if (available.length === 0) return;
    const current = poller;
    poller = null;
    clearTimeout(current.timer);
    current.resolve(available.slice(0, current.limit));
  };

  const deliveries = new Map<number, Promise<number>>();

  /** Webhook mode: POSTs the update to the registered URL with the secret header, as Telegram does. */
  const post = (update: Update, secret = webhook?.secret_token): Promise<number> =>
    fetch(webhook!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );

  const push = (update: Omit<Update, 'update_id'>): number => {
    const update_id = nextUpdateId++;
    const full = { update_id, ...update };
    sentUpdates.set(update_id, full);
    if (webhook) {
      deliveries.set(update_id, post(full));
      return update_id;
    }
    queue.push(full);
    deliver();
    return update_id;
  };
  const sentUpdates = new Map<number, Update>();

  const now = () => Math.floor(Date.now() / 1000);
  const chatOf = (user: FakeUser) => ({ id: user.id, type: 'private', first_name: user.first_name });
  const fromOf = (user: FakeUser) => ({ ...user, is_bot: false });

  const findMessage = (chatId: unknown, messageId: unknown) =>
    messages.find((message) => message.chatId === Number(chatId) && message.message_id === Number(messageId));

  const toTelegramMessage = (message: BotMessage) => ({
    message_id: message.message_id,
    date: message.date,
    chat: { id: message.chatId, type: 'private' },
    from: BOT_USER,
    text: message.text,
    ...(message.reply_markup?.inline_keyboard ? { reply_markup: { inline_keyboard: message.reply_markup.inline_keyboard } } : {}),
  });

  const faultFor = (chatId: number): ReturnType<typeof fail> | null => {
    const fault = faults.get(chatId);
    if (!fault) return null;
    if (fault.kind === 'blocked') return fail(403, 'Forbidden: bot was blocked by the user');
    if (fault.remaining <= 0) return null;
    fault.remaining -= 1;
    if (fault.kind === 'serverError') return fail(502, 'Bad Gateway');
    return fail(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter });
  };

  const getUpdates = (payload: Record<string, unknown>): Promise<unknown> => {
    const offset = Number(payload.offset ?? 0);
    if (offset > confirmedOffset) {
      confirmedOffset = offset;
      changed();
    }
    const limit = Math.min(Math.max(Number(payload.limit ?? 100), 1), 100);
    const timeout = Number(payload.timeout ?? 0);
    const available = pending();
    if (available.length > 0 || timeout <= 0) return Promise.resolve(ok(available.slice(0, limit)));
    // Telegram lets one long poll run at a time and ends the older one with 409.
    if (poller) {
      const older = poller;
      poller = null;
      clearTimeout(older.timer);
      older.resolve([]);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          if (poller?.timer === timer) poller = null;
          resolve(ok([]));
        },
        Math.min(timeout, 50) * 1000,
      );
      poller = { resolve: (updates) => resolve(ok(updates)), timer, limit };
    });
  };

  const handle = async (method: string, payload: Record<string, unknown>): Promise<unknown> => {
    const chatId = payload.chat_id === undefined ? null : Number(payload.chat_id);
    if (chatId !== null) {
      const fault = faultFor(chatId);
      if (fault) return fault;
    }
    switch (method) {
      case 'getMe':
        return ok({ ...BOT_USER, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'getUpdates':
        if (webhook)
          return fail(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        return getUpdates(payload);
      case 'setWebhook':
        webhook = { url: String(payload.url), secret_token: payload.secret_token as string | undefined };
        return ok(true);
      case 'deleteWebhook':
        webhook = null;
        if (payload.drop_pending_updates) confirmedOffset = nextUpdateId;
        return ok(true);
      case 'getWebhookInfo':
        return ok({ url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: pending().length });
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'sendChatAction':
        return ok(true);
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument': {
        if (chatId === null) return fail(400, 'Bad Request: chat_id is empty');
        const text = typeof payload.text === 'string' ? payload.text : typeof payload.caption === 'string' ? payload.caption : '';
        if (method === 'sendMessage' && text.trim() === '') return fail(400, 'Bad Request: message text is empty');
        if (text.length > 4096) return fail(400, 'Bad Request: message is too long');
        const message: BotMessage = {
          message_id: nextMessageId++,
          chatId,
          text,
          reply_markup: payload.reply_markup as ReplyMarkup | undefined,
          deleted: false,
          edits: 0,
          date: now(),
          ...(method === 'sendDocument' ? { document: payload.document as BotMessage['document'] } : {}),
          ...(method === 'sendPhoto' ? { photo: payload.photo as BotMessage['photo'] } : {}),
        };
        messages.push(message);
        return ok(toTelegramMessage(message));
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const message = findMessage(payload.chat_id, payload.message_id);
        if (!message || message.deleted) return fail(400, 'Bad Request: message to edit not found');
        const text = method === 'editMessageText' ? (typeof payload.text === 'string' ? payload.text : '') : message.text;
        if (method === 'editMessageText' && text.trim() === '') return fail(400, 'Bad Request: message text is empty');
        const markup = payload.reply_markup as ReplyMarkup | undefined;
        if (text === message.text && sameMarkup(markup, message.reply_markup)) {
          return fail(
            400,
            'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
        }
        message.text = text;
        message.reply_markup = markup;
        message.edits += 1;
        return ok(toTelegramMessage(message));
      }
      case 'deleteMessage': {
        const message = findMessage(payload.chat_id, payload.message_id);
        if (!message || message.deleted) return fail(400, 'Bad Request: message to delete not found');
        message.deleted = true;
        return ok(true);
      }
      case 'answerCallbackQuery': {
        const query = openQueries.get(String(payload.callback_query_id));
        if (!query || query.answered)
          return fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        query.answered = true;
        query.answer = payload;
        return ok(true);
      }
      default:
        return fail(404, 'Not Found: method not found');
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(new URL(request.url ?? '/', 'http://fake').pathname);
    const send = (body: unknown) => {
      const result = body as { ok: boolean; error_code?: number };
      const status = result.ok ? 200 : (result.error_code ?? 500);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return status;
    };
    if (!match) {
      send(fail(404, 'Not Found'));
      return;
    }
    const [, requestToken, method] = match as unknown as [string, string, string];
    void (async () => {
      const payload = await readBody(request);
      if (requestToken !== token) {
        send(fail(401, 'Unauthorized'));
        return;
      }
      const call: ApiCall = { method, payload, at: Date.now(), status: 0 };
      if (method !== 'getUpdates') calls.push(call);
      let closed = false;
      response.once('close', () => {
        if (!response.writableFinished) closed = true;
      });
      const chatId = Number(payload.chat_id);
      // A held chat's calls wait (a slow round trip to one client); a dropped one's never get an answer.
      await holds.get(chatId)?.promise;
      if (dropped.has(chatId) && method !== 'getUpdates') {
        request.socket.destroy();
        return;
      }
      const body = await handle(method, payload);
      if (closed && method === 'getUpdates') return;
      call.status = send(body);
      changed();
    })().catch(() => {
      if (!response.headersSent) send(fail(500, 'Internal Server Error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const withCommand = (text: string) => {
    const command = /^\/\w+/.exec(text)?.[0];
    return command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {};
  };

  const visible = (chatId: number) => messages.filter((message) => message.chatId === chatId && !message.deleted);

  const api = {
    token,
    apiRoot: `http://127.0.0.1:${port}`,
    botUser: BOT_USER,
    calls,
    messages,

    /** A text message (a command when it starts with `/`) from the user. */
    sendText: (user: FakeUser, text: string): number =>
      push({
        message: { message_id: nextMessageId++, date: now(), chat: chatOf(user), from: fromOf(user), text, ...withCommand(text) },
      }),

    /** A message with other content than text (photo with caption, voice, location, document), as Telegram sends it. */
    sendMessage: (user: FakeUser, content: Record<string, unknown>): number =>
      push({ message: { message_id: nextMessageId++, date: now(), chat: chatOf(user), from: fromOf(user), ...content } }),

    /** A contact message; `forwardedFrom` makes it a forwarded one. */
    sendContact: (
      user: FakeUser,
      contact: { phone_number: string; first_name: string; last_name?: string; user_id?: number },
      options: { forwardedFrom?: FakeUser } = {},
    ): number =>
      push({
        message: {
          message_id: nextMessageId++,
          date: now(),
          chat: chatOf(user),
          from: fromOf(user),
          contact,
          ...(options.forwardedFrom
            ? {
                forward_origin: { type: 'user', sender_user: fromOf(options.forwardedFrom), date: now() - 60 },
                forward_date: now() - 60,
              }
            : {}),
        },
      }),

    /** Presses an inline button by its exact callback data on the given bot message. */
    pressData: (user: FakeUser, message: BotMessage, data: string): { updateId: number; queryId: string } => {
      const id = String(nextQueryId++);
      openQueries.set(id, { answered: false });
      const updateId = push({
        callback_query: {
          id,
          from: fromOf(user),
          chat_instance: `ci-${user.id}`,
          message: toTelegramMessage(message),
          data,
        },
      });
      return { updateId, queryId: id };
    },

    /** The answer the bot gave to a callback query, once it gave one. */
    answerOf: (queryId: string) => openQueries.get(queryId)?.answer,

    /** Every message the bot has sent to the chat and not deleted, oldest first. */
    chat: (chatId: number) => visible(chatId),

    lastMessage: (chatId: number): BotMessage | undefined => visible(chatId).at(-1),

    /** Calls the bot made for one chat (by chat_id), optionally of one method. */
    callsFor: (chatId: number, method?: string) =>
      calls.filter((call) => Number(call.payload.chat_id) === chatId && (!method || call.method === method)),

    block: (chatId: number) => faults.set(chatId, { kind: 'blocked' }),
    rateLimit: (chatId: number, times: number, retryAfter: number) =>
      faults.set(chatId, { kind: 'rateLimited', remaining: times, retryAfter }),
    /** The next `times` calls for the chat answer 502, as Telegram does while its servers are in trouble. */
    serverError: (chatId: number, times: number) => faults.set(chatId, { kind: 'serverError', remaining: times }),
    heal: (chatId: number) => faults.delete(chatId),
    /** Every call for the chat waits until the returned function is called. */
    hold: (chatId: number) => {
      let release = () => {};
      const promise = new Promise<void>((resolve) => (release = resolve));
      holds.set(chatId, { promise, release });
      return () => {
        holds.delete(chatId);
        release();
      };
    },
    /** Every call for the chat fails as a network error (the connection is dropped). */
    drop: (chatId: number) => dropped.add(chatId),

    webhook: () => webhook,
    /** Webhook mode: the HTTP status the bot's server answered for an update's delivery. */
    delivery: (updateId: number): Promise<number> =>
      deliveries.get(updateId) ?? Promise.reject(new Error(`update ${updateId} was not posted`)),
    /** Webhook mode: posts an update again (Telegram does after a timeout), optionally with another secret. */
    redeliver: (updateId: number, secret?: string): Promise<number> => post(sentUpdates.get(updateId)!, secret),
    pendingUpdates: () => pending().length,
    /** The highest offset the bot has confirmed; every update below it was handled. */
    confirmedOffset: () => confirmedOffset,

    /** Resolves when `check` returns a value other than undefined/false, re-checking after every API call. */
    waitFor: <T>(check: () => T | undefined | false | null, timeoutMs = 10_000, what = 'condition'): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const attempt = () => {
          const value = check();
          if (value !== undefined && value !== false && value !== null) {
            cleanup();
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Telegram: timed out waiting for ${what}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(attempt);
        };
        listeners.add(attempt);
        attempt();
      }),

    close: async () => {
      if (poller) {
        clearTimeout(poller.timer);
        poller.resolve([]);
        poller = null;
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
};

export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;

/** Every inline button of a message, flattened. */
export const buttonsOf = (message: BotMessage | undefined): InlineButton[] =>
  message?.reply_markup?.inline_keyboard?.flat() ?? [];

/** The inline button whose label contains `label`. */
export const buttonOf = (message: BotMessage | undefined, label: string | RegExp): InlineButton | undefined =>
  buttonsOf(message).find((button) => (typeof label === 'string' ? button.text.includes(label) : label.test(button.text)));
