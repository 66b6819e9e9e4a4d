import { timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { Pool } from 'pg';
import type { Reactor, ReactorHandler, StartReactor } from '../core/followers/reactor.ts';
import { createBot, describeError, inline, type ZeroBot } from './bot.ts';
import { startConcurrentPolling } from './polling.ts';
import { messengerRoute, type ClientMessage, type DeliveryRoute } from '../conversation/status-cascade.ts';
import type { BotDeps, Organization } from '../conversation/context.ts';
import type { Mailer } from '../core/messaging/mailer.ts';
import { createManagerAlerts } from './managers.ts';
import { createNotifications } from './notifications.ts';
import { createReminderPlanner, startReminderSender } from '../conversation/booking-reminders.ts';
import { createSessionStore } from '../core/chats/chat-store.ts';

export type TelegramOptions = {
  token: string;
  apiRoot?: string | null;
  /** Long-poll timeout of getUpdates in seconds. */
  pollingTimeoutSeconds?: number;
  /** Largest retry_after waited for on 429. */
  maxWaitSeconds?: number;
  /** How often due reminders are looked for. */
  reminderIntervalMs?: number;
  /** Webhook mode instead of long polling: Telegram posts updates to `url` with `secret` in a header. */
  webhook?: { url: string; secret: string } | null;
};

export type WebhookResult = { status: 200 | 401 | 503 };

export type MessagingOptions = {
  /** The bot, its client notifications and reminders; null without TELEGRAM_BOT_TOKEN. */
  telegram: TelegramOptions | null;
  /** Staff e-mail alerts; null without SMTP_URL. */
  mailer: Mailer | null;
  /** Base of the panel links in staff alerts. */
  publicUrl: string;
  /** False when the composition root sends status messages through the delivery cascade. */
  statusMessages?: boolean;
  /** False when the composition root sends booking reminders through the delivery cascade. */
  reminders?: boolean;
};

export type MessagingDeps = Omit<BotDeps, 'organization'> & {
  organization?: BotDeps['organization'];
  /** The reactor runner (core/followers), injected by the composition root. */
  follow: StartReactor;
};

const PURGE_EVERY_MS = 10 * 60 * 1000;
const STOP_GRACE_MS = 5_000;

/** The station the bot serves: this build runs one bot per installation, for its first organization. */
export const firstOrganization = (pool: Pool): (() => Promise<Organization | null>) => {
  let found: Organization | null = null;
  return async () => {
    if (found) return found;
    const { rows } = await pool.query<Organization>('SELECT id, name FROM organizations ORDER BY created_at, id LIMIT 1');
    found = rows[0] ?? null;
    return found;
  };
};

/**
 * Starts what is configured: the bot with long polling, the client-notification reactor, the
 * reminder planner and sender, and the staff-alert reactor (Telegram and/or e-mail). `stop` ends
 * polling (confirming handled updates to Telegram), waits for the update in hand and stops every
 * reactor after the event in hand.
 */
export const startMessaging = async (deps: MessagingDeps, options: MessagingOptions) => {
  const organization = deps.organization ?? firstOrganization(deps.pool);
  const reactors: Reactor[] = [];
  const stops: (() => Promise<void>)[] = [];
  const follow = (name: string, handle: ReactorHandler, startFrom: 'beginning' | 'end') => {
    const reactor = deps.follow({
      pool: deps.pool,
      name,
      handle,
      startFrom,
      onError: (error, event) =>
        deps.log.error({ ...describeError(error), reactor: name, position: event?.globalPosition.toString() }, 'reactor failed'),
    });
    reactors.push(reactor);
    return reactor;
  };

  let bot: ZeroBot | null = null;
  let routeHere: DeliveryRoute | null = null;
  let checkReminders = () => {};
  let settled = async () => {};
  let webhook: ((update: unknown, secret: string | undefined) => Promise<WebhookResult>) | null = null;
  if (options.telegram) {
    const telegram = options.telegram;
    const created = createBot(
      telegram.token,
      { ...deps, organization },
      { apiRoot: telegram.apiRoot, maxWaitSeconds: telegram.maxWaitSeconds },
    );
    bot = created;
    follow(
      'telegram-notifications',
      createNotifications({ ...deps, api: created.api, statusMessages: options.statusMessages }).handle,
      'end',
    );
    const route = messengerRoute(deps.pool, 'telegram', telegramSend(created), (error) =>
      deps.log.warn({ channel: 'telegram', ...describeError(error) }, 'message not delivered'),
    );
    routeHere = route;
    // On its own (no delivery cascade around it), the bot reminds its clients itself.
    const sender =
      options.reminders === false
        ? null
        : startReminderSender({ ...deps, routes: () => [route], intervalMs: telegram.reminderIntervalMs });
    if (sender) {
      checkReminders = sender.poke;
      const planner = createReminderPlanner(deps.pool);
      // Planning is idempotent, so this reactor reads the whole log: bookings made before the bot
      // was switched on get their reminders too.
      follow(
        'telegram-reminders',
        async (event) => {
          if (await planner.handle(event)) sender.poke();
          return false;
        },
        'beginning',
      );
    }
    const sessions = createSessionStore(deps.pool);
    const purge = setInterval(() => void sessions.purgeExpired(deps.now()).catch(() => undefined), PURGE_EVERY_MS);
    purge.unref();
    if (telegram.webhook) {
      const handler = webhookHandler(deps, created, telegram.webhook);
      webhook = handler.handle;
      stops.push(async () => {
        clearInterval(purge);
        await handler.stop();
        await sender?.stop();
      });
    } else {
      const polling = startConcurrentPolling(created, {
        timeoutSeconds: telegram.pollingTimeoutSeconds ?? 30,
        allowedUpdates: ['message', 'callback_query'],
        onStart: (username) => deps.log.info({ username }, 'telegram bot polling'),
        onError: (error) => deps.log.error(describeError(error), 'telegram polling stopped'),
      });
      settled = polling.settled;
      stops.push(async () => {
        clearInterval(purge);
        // Waits for the updates in hand, but not for ever if Telegram is unreachable at shutdown.
        await Promise.race([polling.stop(), new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
        await sender?.stop();
      });
    }
  }

  const { mailer } = options;
  if (options.telegram || mailer) {
    const alerts = createManagerAlerts({
      ...deps,
      api: bot?.api ?? null,
      mailer,
      publicUrl: options.publicUrl,
    });
    follow('manager-alerts', alerts.handle, 'end');
  }

  return {
    bot,
    /** Telegram as a route of the delivery cascade (a 403 already marks the chat in the guard); null without the bot. */
    route: routeHere,
    /** Staff e-mail (alerts, the owner's digest); null without SMTP. */
    mailer,
    /** Webhook mode: handles one update Telegram posted; null with long polling. */
    webhook,
    poke: () => {
      for (const reactor of reactors) reactor.poke();
    },
    /** Resolves when every polled update taken so far has been handled (tests). */
    settled: () => settled(),
    /** Looks for due reminders now (tests move the clock). */
    checkReminders: () => checkReminders(),
    stop: async () => {
      for (const stop of stops) await stop();
      await Promise.all(reactors.map((reactor) => reactor.stop()));
    },
  };
};

const telegramSend = (bot: ZeroBot) => async (chatId: number, message: ClientMessage) => {
  await bot.api.sendMessage(chatId, message.text, message.buttons ? { reply_markup: inline(message.buttons) } : {});
};

export type Messaging = Awaited<ReturnType<typeof startMessaging>>;

const SEEN_KEEP_MS = 24 * 60 * 60 * 1000;

const sameSecret = (given: string | undefined, expected: string) => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Webhook mode: registers the webhook (retrying in the background until Telegram answers),
 * checks the secret-token header, handles each update_id once (Telegram redelivers on timeouts),
 * and runs one person's updates in order while different people's run side by side.
 */
const webhookHandler = (deps: MessagingDeps, bot: ZeroBot, webhook: { url: string; secret: string }) => {
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const queues = new Map<number, Promise<unknown>>();

  void (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ['message', 'callback_query'] });
        deps.log.info({}, 'telegram webhook set');
        return;
      } catch (error) {
        deps.log.error(describeError(error), 'telegram setWebhook failed');
        await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, 1_000 * 2 ** attempt)).unref());
      }
    }
  })();

  const purge = setInterval(
    () =>
      void deps.pool
        .query('DELETE FROM bot_updates_seen WHERE seen_at < $1', [new Date(deps.now() - SEEN_KEEP_MS)])
        .catch(() => undefined),
    10 * 60 * 1000,
  );
  purge.unref();

  const run = async (update: Update) => {
    if (!bot.isInited()) await bot.init();
    const from = update.message?.from?.id ?? update.callback_query?.from.id ?? 0;
    const previous = queues.get(from) ?? Promise.resolve();
    const current = previous
      .then(() => bot.handleUpdate(update))
      .catch((error: unknown) => {
        deps.log.error(describeError(error), 'bot update failed');
      });
    queues.set(from, current);
    inFlight.add(current);
    try {
      await current;
    } finally {
      inFlight.delete(current);
      if (queues.get(from) === current) queues.delete(from);
    }
  };

  const handle = async (body: unknown, secret: string | undefined): Promise<WebhookResult> => {
    if (!sameSecret(secret, webhook.secret)) return { status: 401 };
    if (stopped) return { status: 503 };
    const update = body as Update;
    const fresh = await deps.pool.query('INSERT INTO bot_updates_seen (update_id) VALUES ($1) ON CONFLICT DO NOTHING', [
      update.update_id,
    ]);
    if (fresh.rowCount === 0) return { status: 200 };
    await run(update);
    return { status: 200 };
  };

  return {
    handle,
    stop: async () => {
      stopped = true;
      clearInterval(purge);
      await Promise.all([...inFlight]);
    },
  };
};
