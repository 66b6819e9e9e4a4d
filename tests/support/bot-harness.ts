import type { Assistant } from '../../core/assistant/assistant.ts';
import { createSmtpMailer } from '../../mail/smtp-mailer.ts';
import { Temporal } from 'temporal-polyfill';
import { startReactor } from '../../core/followers/reactor.ts';
import { startMessaging, type Messaging, type MessagingDeps } from '../../bot/host.ts';
import { buttonOf, startFakeTelegram, type BotMessage, type FakeTelegram, type FakeUser } from './fake-telegram.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export type LogLine = { level: string; fields: Record<string, unknown>; message: string };

/** Polls `check` until it returns something truthy; for conditions outside the fake server (rows, events). */
export const until = async <T>(
  check: () => Promise<T | null | undefined | false> | T,
  what = 'condition',
  timeoutMs = 15_000,
) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/**
 * The real runtime on a fresh database, the fake Bot API on loopback and the real grammY bot
 * between them, started through the same `startMessaging` the composition root uses.
 */
export const startBotHarness = async (
  options: {
    server?: TestServer;
    maxWaitSeconds?: number;
    reminderIntervalMs?: number;
    smtpUrl?: string;
    assistant?: Assistant;
  } = {},
) => {
  const server = options.server ?? (await startTestServer());
  const telegram = await startFakeTelegram();
  const logs: LogLine[] = [];
  const log = (level: string) => (fields: Record<string, unknown>, message: string) => logs.push({ level, fields, message });
  const deps = server.runtime.deps;
  const hostDeps: MessagingDeps = {
    pool: deps.pool,
    store: deps.store,
    vault: deps.vault,
    catalog: deps.catalog,
    commands: deps.commands,
    clients: deps.clients,
    compliance: deps.compliance,
    visit: deps.visit,
    now: deps.now,
    log: { error: log('error'), warn: log('warn'), info: log('info') },
    follow: startReactor,
    assistant: options.assistant ?? null,
  };
  const messagingOptions = {
    telegram: {
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      pollingTimeoutSeconds: 1,
      maxWaitSeconds: options.maxWaitSeconds,
      reminderIntervalMs: options.reminderIntervalMs,
    },
    mailer: options.smtpUrl ? createSmtpMailer(options.smtpUrl, 'Zero-CRM <crm@test.local>') : null,
    publicUrl: 'http://panel.test',
  };
  let host: Messaging = await startMessaging(hostDeps, messagingOptions);

  /** Waits until the bot has taken the update (confirmed with the next getUpdates offset) and handled it. */
  const handled = async (updateId: number) => {
    await telegram.waitFor(() => telegram.confirmedOffset() > updateId, 15_000, `update ${updateId} to be taken`);
    // Chats are handled side by side: a confirmed update may still be in hand.
    await host.settled();
  };

  const send = async (user: FakeUser, text: string) => {
    await handled(telegram.sendText(user, text));
    return telegram.lastMessage(user.id);
  };

  /** Shares a contact; returns the bot's answer to it (a linked client is then shown the services too). */
  const contact = async (user: FakeUser, contact: Parameters<FakeTelegram['sendContact']>[1], forwardedFrom?: FakeUser) => {
    const before = telegram.chat(user.id).length;
    await handled(telegram.sendContact(user, contact, { forwardedFrom }));
    return telegram.chat(user.id)[before];
  };

  /** The newest message in the chat that has a button labelled `label`. */
  const withButton = (user: FakeUser, label: string | RegExp): BotMessage => {
    const message = [...telegram.chat(user.id)].reverse().find((candidate) => buttonOf(candidate, label));
    if (!message) throw new Error(`no message with a button ${String(label)} in chat ${user.id}`);
    return message;
  };

  const pressData = async (user: FakeUser, message: BotMessage, data: string) => {
    const { updateId, queryId } = telegram.pressData(user, message, data);
    await handled(updateId);
    return { answer: telegram.answerOf(queryId), message: telegram.lastMessage(user.id) };
  };

  const press = async (user: FakeUser, label: string | RegExp) => {
    const message = withButton(user, label);
    return pressData(user, message, buttonOf(message, label)!.callback_data!);
  };

  /** /start → consent → own contact: a linked client. */
  const link = async (user: FakeUser, phone: string) => {
    await send(user, '/start');
    await press(user, 'Согласен');
    return contact(user, { phone_number: phone, first_name: user.first_name, user_id: user.id });
  };

  /** A date `days` ahead in the branch's zone, as the wizard's date buttons carry it. */
  const dateData = (days: number) =>
    Temporal.Now.plainDateISO(server.branch.timeZone).add({ days }).toString().replaceAll('-', '');

  /** Walks the wizard to the summary: service, date `days` ahead, time, the car (and plate) typed in one answer. */
  const toSummary = async (user: FakeUser, o: { service: string; days: number; time: string; car?: string; plate?: string }) => {
    await send(user, '📅 Записаться');
    await press(user, serviceButton(o.service));
    const dates = withButton(user, /\d\d\.\d\d/);
    const date = dates
      .reply_markup!.inline_keyboard!.flat()
      .find((button) => button.callback_data?.includes(`:${dateData(o.days)}:`))!;
    await pressData(user, dates, date.callback_data!);
    await press(user, o.time);
    const last = telegram.lastMessage(user.id)!;
    if (buttonOf(last, 'Другой автомобиль')) await press(user, 'Другой автомобиль');
    await send(user, [o.car ?? 'Kia Rio', o.plate].filter(Boolean).join(' '));
    return telegram.lastMessage(user.id)!;
  };

  const eventsOf = async (type: string) =>
    (
      await server.runtime.pool.query<{ stream_id: string; data: Record<string, any>; position: string }>(
        `SELECT stream_id, message_data AS data, global_position::text AS position FROM emt_messages
          WHERE message_type = $1 ORDER BY global_position`,
        [type],
      )
    ).rows;

  /** Waits until the notification reactor has passed every event in the log. */
  const reactorCaughtUp = () =>
    until(async () => {
      const { rows } = await server.runtime.pool.query<{ behind: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM emt_messages m WHERE (m.transaction_id, m.global_position) > coalesce(
           (SELECT (transaction_id, global_position) FROM reactor_checkpoints WHERE reactor = 'telegram-notifications'),
           ('0'::xid8, 0::bigint))) AS behind`,
      );
      return !rows[0]!.behind;
    }, 'the notification reactor');

  return {
    server,
    telegram,
    logs,
    hostDeps,
    host: () => host,
    restart: async () => {
      await host.stop();
      host = await startMessaging(hostDeps, messagingOptions);
    },
    handled,
    send,
    contact,
    press,
    pressData,
    withButton,
    link,
    toSummary,
    dateData,
    eventsOf,
    reactorCaughtUp,
    stop: async () => {
      await host.stop();
      await telegram.close();
      if (!options.server) await server.stop();
    },
  };
};

export type BotHarness = Awaited<ReturnType<typeof startBotHarness>>;

let nextUserId = 5_000_000;
export const newUser = (first_name = 'Иван', last_name?: string): FakeUser => ({
  id: nextUserId++,
  first_name,
  ...(last_name ? { last_name } : {}),
  language_code: 'ru',
});

/** A service's own button in the wizard («Диагностика ходовой · 30 мин · 1 000 ₽»), not the «🔁 Как в прошлый раз» one that also names it. */
export const serviceButton = (name: string) => new RegExp(`^${name}[^·]* · `);

export const phoneFor = (user: FakeUser) => `7916${String(user.id).slice(-7)}`;
