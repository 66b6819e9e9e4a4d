import { Bot, BotError, GrammyError, HttpError, type Middleware } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { apiGuard } from './api-guard.ts';
import { decode } from './callback-data.ts';
import type { BotContext, BotDeps, BotServices } from './context.ts';
import { bookingFeature } from './features/booking.ts';
import { contactFeature } from './features/contact.ts';
import { fallbackFeature } from './features/fallback.ts';
import { languageFeature } from './features/language.ts';
import { managerLinkFeature } from './features/manager-link.ts';
import { myBookingsFeature } from './features/my-bookings.ts';
import { privacyFeature } from './features/privacy.ts';
import { startFeature } from './features/start.ts';
import { createChatStore, createSessionStore } from '../core/chats/chat-store.ts';
import { textsFor } from './texts.ts';

/** A wizard left alone this long is forgotten (with the car and comment typed into it). */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;

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
  const updateId = error instanceof BotError ? (error as BotError<BotContext>).ctx.update.update_id : undefined;
  if (cause instanceof GrammyError) {
    return { updateId, method: cause.method, errorCode: cause.error_code, description: cause.description };
  }
  if (cause instanceof HttpError) return { updateId, name: cause.name, message: cause.message };
  if (cause instanceof Error)
    return { updateId, name: cause.name, message: cause.message, code: (cause as { code?: unknown }).code };
  return { updateId, error: typeof cause };
};

/** Loads who is writing, their session and language; saves the session after the update. */
const requestState =
  (s: BotServices): Middleware<BotContext> =>
  async (ctx, next) => {
    const from = ctx.from;
    if (!from || from.is_bot) return;
    const org = await s.organization();
    if (!org) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      else await ctx.reply(textsFor('ru').notConfigured);
      return;
    }
    const userKey = await s.clients.telegramHash(org.id, from.id);
    const nowMs = s.now();
    const [session, linked] = await Promise.all([s.sessions.load(userKey, nowMs), s.chats.byKey(userKey)]);
    // Writing to the bot again means the person unblocked it.
    if (linked?.unreachable) await s.chats.markReachable(userKey);
    const lang = linked?.language ?? session.lang ?? 'ru';
    const before = JSON.stringify(session);
    let answered = !ctx.callbackQuery;
    ctx.z = {
      org,
      userKey,
      telegramUserId: from.id,
      session,
      linked,
      lang,
      t: textsFor(lang),
      callback: ctx.callbackQuery ? decode(ctx.callbackQuery.data) : undefined,
      answer: async (text, alert) => {
        if (answered) return;
        answered = true;
        await ctx.answerCallbackQuery(text ? { text, show_alert: alert ?? false } : undefined).catch(() => undefined);
      },
    };
    try {
      await next();
    } finally {
      // A tap always stops the spinner, whatever happened after.
      await ctx.z.answer();
    }
    if (JSON.stringify(ctx.z.session) !== before) {
      await s.sessions.save({
        userKey,
        orgId: org.id,
        clientId: ctx.z.linked?.clientId ?? null,
        data: ctx.z.session,
        expiresAt: nowMs + SESSION_TTL_MS,
      });
    }
  };

/**
 * The station's bot: private chats only, one composer per feature, every Telegram call through
 * the guard (bounded 429 retries, 403 marks the chat unreachable). An error in one update is
 * logged without payloads and answered with an apology; it never stops the bot for others.
 */
export const createBot = (token: string, deps: BotDeps, options: BotOptions = {}) => {
  const services: BotServices = { ...deps, sessions: createSessionStore(deps.pool), chats: createChatStore(deps.pool) };
  const bot = new Bot<BotContext>(token, {
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(
    apiGuard({
      maxAttempts: options.maxAttempts,
      maxWaitSeconds: options.maxWaitSeconds,
      onBlocked: (chatId) => services.chats.markUnreachable(chatId),
      onGiveUp: (fields) => deps.log.warn(fields, 'telegram call gave up after retries'),
    }),
  );
  bot.catch((error) => deps.log.error(describeError(error), 'bot update failed'));

  const guarded = bot.errorBoundary(async (error) => {
    deps.log.error(describeError(error), 'bot update failed');
    const ctx = error.ctx;
    const t = ctx.z?.t ?? textsFor('ru');
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t.somethingWrong, show_alert: true }).catch(() => undefined);
    else if (ctx.chat) await ctx.reply(t.somethingWrong).catch(() => undefined);
  });
  const chats = guarded.chatType('private');
  chats.use(requestState(services));
  const booking = bookingFeature(services);
  chats.use(languageFeature(services));
  chats.use(managerLinkFeature(services));
  chats.use(privacyFeature(services));
  chats.use(startFeature(services));
  chats.use(contactFeature(services));
  chats.use(myBookingsFeature(services, booking.startMove));
  chats.use(booking.composer);
  chats.use(fallbackFeature());
  return bot;
};

export type ZeroBot = ReturnType<typeof createBot>;
