import { Bot, BotError, GrammyError, HttpError, InlineKeyboard, Keyboard, type Context } from 'grammy';
import type { Message, UserFromGetMe } from 'grammy/types';
import { decode } from '../conversation/callback-data.ts';
import type { BotDeps } from '../conversation/context.ts';
import { createConversation } from '../conversation/conversation.ts';
import type { ChannelPort, ContactVerdict, Input, Say } from '../conversation/port.ts';
import { createChatStore } from '../core/chats/chat-store.ts';
import { apiGuard } from './api-guard.ts';
import { oneChatAtATime } from './polling.ts';

export { SESSION_TTL_MS } from '../conversation/conversation.ts';

export type BotOptions = {
  /** The Bot API server, e.g. a local one or the test fake; Telegram's own when absent. */
  apiRoot?: string | null;
  /** Skips getMe at start (tests, webhooks). */
  botInfo?: UserFromGetMe;
  /** Bounded retries on 429. */
  maxAttempts?: number;
  maxWaitSeconds?: number;
};

/** Loggable facts of an error: never the request payload or the update, which carry personal data. */
export const describeError = (error: unknown): Record<string, unknown> => {
  const cause: unknown = error instanceof BotError ? error.error : error;
  const updateId = error instanceof BotError ? (error as BotError<Context>).ctx.update.update_id : undefined;
  if (cause instanceof GrammyError) {
    return { updateId, method: cause.method, errorCode: cause.error_code, description: cause.description };
  }
  if (cause instanceof HttpError) return { updateId, name: cause.name, message: cause.message };
  if (cause instanceof Error)
    return { updateId, name: cause.name, message: cause.message, code: (cause as { code?: unknown }).code };
  return { updateId, error: typeof cause };
};

/** Telegram's inline keyboard for the conversation's buttons; rows left empty by the builder are dropped. */
export const inline = (buttons: NonNullable<Say['buttons']>) =>
  new InlineKeyboard(
    buttons
      .filter((row) => row.length > 0)
      .map((row) => row.map((button) => ({ text: button.text, callback_data: button.data }))),
  );

/** Telegram's markup for a message: inline buttons under it, or a reply keyboard for a menu. */
const markupOf = (say: Say) => {
  if (say.buttons) return inline(say.buttons);
  switch (say.menu?.kind) {
    case undefined:
      return undefined;
    case 'main':
      return say.menu.labels
        .reduce((keyboard, label) => keyboard.text(label), new Keyboard())
        .resized()
        .persistent();
    case 'contact':
      return new Keyboard().requestContact(say.menu.label).resized().oneTime();
    case 'remove':
      return { remove_keyboard: true as const };
  }
};

/** How Telegram says whose a contact is: only the sender's own, not forwarded, is `own`. */
const verdictOf = (message: Message, senderId: number): ContactVerdict => {
  if (message.forward_origin !== undefined || 'forward_date' in message) return 'forwarded';
  const userId = message.contact?.user_id;
  if (userId === undefined) return 'unverified';
  return userId === senderId ? 'own' : 'notOwn';
};

/** A photo, voice note, location or file, as the inbox keeps it (the largest photo size; Telegram's file id). */
const inboxMessageOf = (message: Message): Pick<Extract<Input, { kind: 'other' }>, 'message'> => {
  const caption = message.caption ? { text: message.caption } : {};
  if (message.photo?.length) {
    return { message: { kind: 'photo', body: { ...caption, fileRef: message.photo.at(-1)!.file_id } } };
  }
  if (message.voice) return { message: { kind: 'voice', body: { ...caption, fileRef: message.voice.file_id } } };
  // A video of a knock, a round video note, a GIF: what a client shows the station moving.
  const video = message.video ?? message.video_note ?? message.animation;
  if (video) return { message: { kind: 'video', body: { ...caption, fileRef: video.file_id } } };
  if (message.audio) return { message: { kind: 'audio', body: { ...caption, fileRef: message.audio.file_id } } };
  if (message.location) {
    return {
      message: { kind: 'location', body: { latitude: message.location.latitude, longitude: message.location.longitude } },
    };
  }
  if (message.document) {
    const fileName = message.document.file_name ? { fileName: message.document.file_name } : {};
    return { message: { kind: 'document', body: { ...caption, ...fileName, fileRef: message.document.file_id } } };
  }
  return {};
};

/** The conversation's input for a Telegram update, or null when there is nothing to hand it. */
const inputOf = (ctx: Context): Input | null => {
  const query = ctx.callbackQuery;
  if (query) {
    const message = query.message;
    return {
      kind: 'button',
      data: decode(query.data),
      ...(message ? { message: { id: message.message_id, ...('text' in message ? { text: message.text } : {}) } } : {}),
      updateId: ctx.update.update_id,
      callbackId: query.id,
    };
  }
  const message = ctx.message;
  if (!message) return null;
  if (message.contact) {
    return {
      kind: 'contact',
      phone: message.contact.phone_number,
      verdict: verdictOf(message, ctx.from!.id),
      updateId: ctx.update.update_id,
    };
  }
  if (message.text === undefined) return { kind: 'other', ...inboxMessageOf(message) };
  const command = message.entities?.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
  if (!command) return { kind: 'text', text: message.text };
  const name = message.text.slice(1, command.length).split('@')[0]!.toLowerCase();
  return { kind: 'text', text: message.text, command: { name, args: message.text.slice(command.length).trim() } };
};

/** The conversation's way back, in Bot API calls. */
const portOf = (ctx: Context): ChannelPort => {
  const chatId = ctx.chat!.id;
  return {
    say: async (say) => (await ctx.api.sendMessage(chatId, say.text, { reply_markup: markupOf(say) })).message_id,
    edit: async (id, say) => {
      await ctx.api.editMessageText(chatId, Number(id), say.text, say.buttons ? { reply_markup: inline(say.buttons) } : {});
    },
    clearButtons: async (id) => {
      await ctx.api.editMessageReplyMarkup(chatId, Number(id));
    },
    toast: async (text, alert) => {
      await ctx.answerCallbackQuery(text ? { text, show_alert: alert } : undefined);
    },
    describeError: (error) => ({ updateId: ctx.update.update_id, ...describeError(error) }),
  };
};

/**
 * The station's Telegram bot: an adapter of the conversation (conversation/) for private chats,
 * every Telegram call through the guard (bounded 429 retries, 403 marks the chat unreachable).
 */
export const createBot = (token: string, deps: BotDeps, options: BotOptions = {}) => {
  const chats = createChatStore(deps.pool);
  const bot = new Bot(token, {
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(
    apiGuard({
      maxAttempts: options.maxAttempts,
      maxWaitSeconds: options.maxWaitSeconds,
      onBlocked: (chatId) => chats.markUnreachable(chatId),
      onGiveUp: (fields) => deps.log.warn(fields, 'telegram call gave up after retries'),
    }),
  );
  bot.catch((error) => deps.log.error(describeError(error), 'bot update failed'));

  const conversation = createConversation(deps);
  bot.use(oneChatAtATime());
  bot.chatType('private').use(async (ctx) => {
    const from = ctx.from;
    if (!from || from.is_bot) return;
    const input = inputOf(ctx);
    if (!input) return;
    const sender = {
      channel: 'telegram' as const,
      userId: from.id,
      chatId: ctx.chat.id,
      name: [from.first_name, from.last_name].filter(Boolean).join(' '),
    };
    await conversation.handle(sender, input, portOf(ctx));
  });
  return bot;
};

export type ZeroBot = ReturnType<typeof createBot>;
