import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestText } from './request-text.ts';

/**
 * A loopback MAX Bot API speaking the documented JSON (schema.yaml of max-messenger/api-schema):
 * the token in `Authorization`, GET /updates as a long poll with a marker, POST /messages?chat_id=,
 * PUT /messages?message_id=, POST /answers?callback_id=, inline_keyboard attachments with callback,
 * message and request_contact buttons, contact cards with vcf_info, hash and max_info.
 */

export type MaxUser = { user_id: number; first_name: string; last_name?: string; username: null; is_bot: false };
export type MaxButton = { type: string; text: string; payload?: string };
export type MaxMessage = { mid: string; chatId: number; text: string | null; attachments: any[]; fromBot: boolean };

const BOT = { user_id: 9_000_001, first_name: 'СТО бот', username: 'sto_bot', is_bot: true, last_activity_time: 0 };

export const buttonsOf = (message: MaxMessage | undefined): MaxButton[] =>
  (message?.attachments ?? []).filter((a) => a.type === 'inline_keyboard').flatMap((a) => a.payload.buttons.flat());

export const maxButtonOf = (message: MaxMessage | undefined, label: string | RegExp) =>
  buttonsOf(message).find((button) => (typeof label === 'string' ? button.text === label : label.test(button.text)));

export const startFakeMax = async () => {
  const token = 'max-test-token-0123456789';
  const updates: any[] = [];
  let polledMarker = 0;
  let waiting: (() => void)[] = [];
  const chats = new Map<number, MaxMessage[]>();
  const answers = new Map<string, any>();
  const requests: { method: string; path: string; at: number }[] = [];
  const blockedChats = new Set<number>();
  let mids = 0;
  let callbacks = 0;

  const chatOf = (chatId: number) => {
    if (!chats.has(chatId)) chats.set(chatId, []);
    return chats.get(chatId)!;
  };

  const snapshot = (message: MaxMessage, sender: object, userId: number) => ({
    sender,
    recipient: { chat_id: message.chatId, chat_type: 'dialog', user_id: userId },
    timestamp: Date.now(),
    body: {
      mid: message.mid,
      seq: mids,
      text: message.text,
      attachments: message.attachments.length > 0 ? message.attachments : null,
    },
  });

  const push = (update: object) => {
    updates.push(update);
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
    return updates.length;
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage) => {
    const text = await requestText(req);
    return text ? JSON.parse(text) : {};
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, 'http://fake');
      requests.push({ method: req.method!, path: url.pathname, at: Date.now() });
      if (req.headers.authorization !== token) return json(res, 401, { code: 'verify.token', message: 'Invalid access_token' });
      const route = `${req.method} ${url.pathname}`;
      if (route === 'GET /me') return json(res, 200, BOT);
      if (route === 'GET /subscriptions') return json(res, 200, { subscriptions: [] });
      if (route === 'POST /subscriptions' || route === 'DELETE /subscriptions') return json(res, 200, { success: true });
      if (route === 'GET /updates') {
        const marker = Number(url.searchParams.get('marker') ?? polledMarker);
        polledMarker = Math.max(polledMarker, marker);
        const timeoutMs = Number(url.searchParams.get('timeout') ?? 30) * 1000;
        if (updates.length <= marker) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs);
            waiting.push(() => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        return json(res, 200, { updates: updates.slice(marker), marker: updates.length });
      }
      if (route === 'POST /messages') {
        const chatId = Number(url.searchParams.get('chat_id'));
        const body = await readBody(req);
        if (blockedChats.has(chatId)) return json(res, 403, { code: 'chat.denied', message: 'bot was stopped by the user' });
        if (typeof body.text === 'string' && body.text.length > 4000) {
          return json(res, 400, { code: 'text.too.long', message: 'text must be at most 4000 characters' });
        }
        const message: MaxMessage = {
          mid: `mid.${++mids}`,
          chatId,
          text: body.text ?? null,
          attachments: body.attachments ?? [],
          fromBot: true,
        };
        chatOf(chatId).push(message);
        return json(res, 200, { message: snapshot(message, BOT, chatId) });
      }
      if (route === 'PUT /messages') {
        const mid = url.searchParams.get('message_id');
        const body = await readBody(req);
        const message = [...chats.values()].flat().find((candidate) => candidate.mid === mid);
        if (!message) return json(res, 404, { code: 'not.found', message: 'message not found' });
        if (typeof body.text === 'string') message.text = body.text;
        if (Array.isArray(body.attachments)) message.attachments = body.attachments;
        return json(res, 200, { success: true });
      }
      if (route === 'POST /answers') {
        answers.set(url.searchParams.get('callback_id')!, await readBody(req));
        return json(res, 200, { success: true });
      }
      return json(res, 404, { code: 'not.found', message: `no route ${route}` });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const chatIdOf = (user: MaxUser) => user.user_id + 100_000_000;

  const userMessage = (user: MaxUser, text: string | null, attachments: any[] = [], link?: object) => {
    const message: MaxMessage = { mid: `mid.${++mids}`, chatId: chatIdOf(user), text, attachments, fromBot: false };
    chatOf(message.chatId).push(message);
    return push({
      update_type: 'message_created',
      timestamp: Date.now(),
      user_locale: 'ru',
      message: { ...snapshot(message, user, BOT.user_id), ...(link ? { link } : {}) },
    });
  };

  return {
    token,
    baseUrl,
    requests,
    answers,
    blockedChats,
    chatIdOf,
    /** How far the bot has polled: every update below it has been taken. */
    polledMarker: () => polledMarker,
    messagesIn: (chatId: number) => chatOf(chatId).filter((message) => message.fromBot),
    chat: (user: MaxUser) => chatOf(chatIdOf(user)).filter((message) => message.fromBot),
    lastMessage: (user: MaxUser) =>
      chatOf(chatIdOf(user))
        .filter((message) => message.fromBot)
        .at(-1),
    sendText: (user: MaxUser, text: string) => userMessage(user, text),
    /** A message with attachments (image, audio, location, file), with or without text. */
    sendAttachments: (user: MaxUser, text: string | null, attachments: any[]) => userMessage(user, text, attachments),
    botStarted: (user: MaxUser) =>
      push({ update_type: 'bot_started', timestamp: Date.now(), chat_id: chatIdOf(user), user, user_locale: 'ru' }),
    /** The card request_contact sends: the owner's account in max_info, the phone in the vCard, the hash under the token. */
    sendContact: (
      user: MaxUser,
      card: { owner: MaxUser | null; phone: string },
      /** `hash`: a forged card's own (a wrong one, or null for none) instead of MAX's. */
      options: { forwarded?: boolean; hash?: string | null } = {},
    ) => {
      const name = card.owner ? card.owner.first_name : 'Контакт';
      const vcf = `BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:ez-vcard 0.10.3\r\nTEL;TYPE=cell:${card.phone}\r\nFN:${name}\r\nEND:VCARD\r\n`;
      const hash = options.hash === undefined ? createHmac('sha256', token).update(vcf).digest('hex') : options.hash;
      const payload = { vcf_info: vcf, ...(hash === null ? {} : { hash }), max_info: card.owner };
      return userMessage(
        user,
        null,
        [{ type: 'contact', payload }],
        options.forwarded ? { type: 'forward', message: {} } : undefined,
      );
    },
    /** A tap on a callback button of a bot message; returns the update number and the callback id. */
    press: (user: MaxUser, message: MaxMessage, payload: string) => {
      const callbackId = `cb-${++callbacks}`;
      const update = push({
        update_type: 'message_callback',
        timestamp: Date.now(),
        user_locale: 'ru',
        callback: { timestamp: Date.now(), callback_id: callbackId, payload, user },
        message: snapshot(message, BOT, user.user_id),
      });
      return { update, callbackId };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of waiting) wake();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

export type FakeMax = Awaited<ReturnType<typeof startFakeMax>>;
