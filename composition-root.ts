import path from 'node:path';
import pg from 'pg';
import { firstOrganization, startMessaging, type Messaging, type TelegramOptions } from './bot/host.ts';
import { startMax, type MaxMessaging } from './channels/max/host.ts';
import type { MaxOptions } from './channels/max/max-bot.ts';
import { READ_MODEL_SCHEMA } from './projections/schema.ts';
import { startProjectionRunner } from './projections/runner.ts';
import { buildApp } from './api/app.ts';
import { createSessions } from './api/auth/live-sessions.ts';
import { createTokens } from './api/auth/tokens.ts';
import { createCatalogRepository } from './core/catalog/catalog-repository.ts';
import { createBookingCommands } from './core/booking/booking-commands.ts';
import { createClientCommands } from './core/client/client-commands.ts';
import { createCarRecords } from './core/cars/car-record.ts';
import { createComplianceServices } from './core/compliance/services.ts';
import { createRefusalLimiter } from './core/booking/refusal-limits.ts';
import { createAuditLog } from './core/compliance/audit-log.ts';
import { CLIENT_KEY_CHANGES_CHANNEL, createVault } from './core/vault/vault.ts';
import { migrate } from './core/database/migrations.ts';
import { installationSecret } from './core/database/secrets.ts';
import { startDigestSender } from './core/digest/sender.ts';
import type { AppDeps } from './api/deps.ts';
import { createEventStore } from './core/event-store/event-store.ts';
import { createLiveHub } from './api/live/hub.ts';
import { startReactor } from './core/followers/reactor.ts';
import { createPhotoStore } from './core/work-order/photos.ts';
import { createFilePhotoStorage } from './core/work-order/photo-files.ts';
import { createS3PhotoStorage, type PhotoS3Config } from './core/work-order/photo-s3.ts';
import { createVisitCommands } from './core/work-order/visit.ts';
import { telegramRoutes } from './api/routes/telegram.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import { createPasswords, type PasswordCost } from './core/staff/passwords.ts';
import { createStaffRoster } from './core/staff/staff-roster.ts';
import { createTasks, TASK_CHANGES_CHANNEL } from './core/tasks/tasks.ts';
import { startOverdueReminders } from './core/tasks/overdue-reminders.ts';
import { createMaintenanceReminders } from './core/maintenance/reminders.ts';
import { createOverrunHolds } from './core/booking/overrun-holds.ts';
import { startSingleSender } from './core/followers/single-sender.ts';
import { createStreamMemory } from './core/event-store/stream-memory.ts';
import { isScheduleStream } from './domain/schedule/schedule.ts';
import { createNotifications, SESSION_CHANGES_CHANNEL } from './core/database/notifications.ts';
import { SETTINGS_CHANGES_CHANNEL } from './core/database/settings-changes.ts';
import { LIVE_CHANGES_CHANNEL } from './projections/apply.ts';
import { plainJsonTypes } from './core/database/pool-types.ts';
import { createWorkOrderCommands } from './core/work-order/work-order-commands.ts';
import { createYookassa, type YookassaConfig } from './core/payments/yookassa.ts';
import { createTelegramBotSettings } from './core/setup/telegram-bot-settings.ts';
import { createInbox, INBOX_CHANGES_CHANNEL } from './core/inbox/inbox.ts';
import { createSmsRu, type SmsRuOptions } from './channels/sms/sms-ru.ts';
import { createOpenAiCompatible, type OpenAiCompatibleOptions } from './channels/assistant/openai-compatible.ts';
import { createStatusCascade, emailRoute, smsRoute, type DeliveryRoute } from './conversation/status-cascade.ts';
import { createReminderPlanner, startReminderSender } from './conversation/booking-reminders.ts';
import { createWebBookingService } from './conversation/web-booking/service.ts';

export type RuntimeOptions = {
  databaseUrl: string;
  /** A streaming replica of `databaseUrl` for the owner's reports (DATABASE_READ_URL). */
  readDatabaseUrl?: string | null;
  jwtSecret?: string | null;
  logLevel?: string;
  now?: () => number;
  poolSize?: number;
  /** Starts the Telegram bot (long polling), client notifications and reminders. */
  telegram?: TelegramOptions | null;
  /** The bot the owner connects in the panel (when `telegram` is not set): its API root and polling. */
  panelTelegram?: Omit<TelegramOptions, 'token' | 'webhook'>;
  /** Starts the MAX bot (long polling) and its client status messages. */
  max?: MaxOptions | null;
  /** Staff e-mail alerts through SMTP. */
  mail?: { smtpUrl: string; from: string } | null;
  /** Base of panel links in staff alerts; also an origin the panel is served from. */
  publicUrl?: string;
  /** Fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-* headers are believed. */
  trustProxy?: boolean | number | string;
  /** scrypt cost of new password hashes; production's (N=2^17) unless a test asks for less. */
  passwordCost?: PasswordCost;
  /** The booking page's proof-of-work difficulty (ALTCHA's max number); production's unless a test asks for less. */
  challengeMaxNumber?: number;
  /** Told of every HTTP answer whose response schema drops some of its properties (tests). */
  onDroppedFields?: (route: string, paths: string[]) => void;
  /** SMS through SMS.ru (SMSRU_API_ID), the cascade's step after the messengers; off when absent. */
  sms?: SmsRuOptions | null;
  /** A language model for clients' free-form questions in the bots (ASSISTANT_*); off when absent. */
  assistant?: OpenAiCompatibleOptions | null;
  /** Where findings' photos are kept, sealed (DATA_DIR/photos), when no bucket is given. */
  photosDir?: string;
  /** Findings' photos in an S3-compatible bucket (PHOTOS_S3_*) instead of files, sealed the same way. */
  photosS3?: PhotoS3Config | null;
  /** Online payment links through ЮKassa (YOOKASSA_*); off when absent. */
  yookassa?: YookassaConfig | null;
  /** How often one process looks for jobs under way past their booked end to hold their bays longer (a minute). */
  overrunCheckMs?: number;
};

/** Everything the server needs on one database: migrated schema, dependencies, projection runner, live hub, app. */
export const createRuntime = async (options: RuntimeOptions) => {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20, types: plainJsonTypes });
  // The owner's reports may read a streaming replica: its lag (well under a second) is nothing to a
  // report, and its queries (a year of KPIs) stay off the primary that takes the bookings.
  const reports = options.readDatabaseUrl
    ? new pg.Pool({ connectionString: options.readDatabaseUrl, max: 5, types: plainJsonTypes })
    : pool;
  reports.on('error', () => undefined);
  pool.on('error', () => undefined);
  await migrate(pool, options.databaseUrl);
  const now = options.now ?? Date.now;
  const jwtSecret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : await installationSecret(pool, 'jwt');
  let logError = (_message: string, _error: unknown) => {};
  // What other API processes on this database commit (live changes, ended sessions, settings, erased
  // clients' keys), heard at once.
  const notifications = createNotifications(
    options.databaseUrl,
    [
      LIVE_CHANGES_CHANNEL,
      SESSION_CHANGES_CHANNEL,
      SETTINGS_CHANGES_CHANNEL,
      TASK_CHANGES_CHANNEL,
      INBOX_CHANGES_CHANNEL,
      CLIENT_KEY_CHANGES_CHANNEL,
    ],
    (error) => logError('database notifications failed', error),
  );
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'), notifications);
  const catalog = createCatalogRepository(pool, notifications);
  const passwords = createPasswords(options.passwordCost);
  let poke = () => {};
  // Every booking reads each capable bay's day: kept in memory, so a booking reads only what is new.
  const baseStore = createEventStore(pool, { memory: createStreamMemory(isScheduleStream) });
  const store = {
    ...baseStore,
    appendMany: async (...args: Parameters<typeof baseStore.appendMany>) => {
      await baseStore.appendMany(...args);
      poke();
    },
  };
  const roster = createStaffRoster(pool, notifications, now);
  const commands = createBookingCommands({ store, vault, catalog, refusals: createRefusalLimiter(pool), roster, now });
  const tasks = createTasks({ pool, catalog, loadBooking: commands.loadBooking, now });
  const hub = createLiveHub(pool, (error) => logError('live hub failed', error), notifications, tasks);
  const audit = createAuditLog(pool, now);
  const clients = createClientCommands({ store, vault, pool, now });
  // The panel's bot is switched by closures set once messaging runs (below); TELEGRAM_BOT_TOKEN wins over it.
  let switchTelegram = async (_token: string | null) => {};
  let messaging: Messaging | null = null;
  const telegramBot = createTelegramBotSettings({
    pool,
    key: await installationSecret(pool, 'telegram-token'),
    apiRoot: options.panelTelegram?.apiRoot ?? 'https://api.telegram.org',
    now,
    environmentBot: options.telegram
      ? { username: () => (messaging?.bot?.isInited() ? messaging.bot.botInfo.username : null) }
      : null,
    apply: (token) => switchTelegram(token),
  });
  const compliance = createComplianceServices({ pool, store, vault, audit, catalog, changeStatus: commands.changeStatus, now });
  const photos = createPhotoStore({
    storage: options.photosS3
      ? createS3PhotoStorage(options.photosS3)
      : createFilePhotoStorage(options.photosDir ?? path.resolve('data', 'photos')),
    vault,
  });
  const visit = createVisitCommands({ store, vault, photos, now });
  const sms = options.sms ? createSmsRu(options.sms) : null;
  // One-time codes of the web page go to a known client's own messenger chat first (routes set below).
  let messengerRoutes: DeliveryRoute[] = [];
  const webBooking = await createWebBookingService({
    pool,
    vault,
    catalog,
    commands,
    clients,
    complianceTexts: compliance.texts,
    requests: compliance.requests,
    challengeMaxNumber: options.challengeMaxNumber,
    messengers: () => messengerRoutes,
    sms,
    // The app's logger, once it exists (codes are asked for only after the server listens).
    log: {
      error: (fields, message) => app.log.error(fields, message),
      warn: (fields, message) => app.log.warn(fields, message),
      info: (fields, message) => app.log.info(fields, message),
    },
    now,
  });
  const deps: AppDeps = {
    pool,
    reports,
    store,
    vault,
    catalog,
    commands,
    clients,
    cars: createCarRecords({ pool, store, vault, catalog, now }),
    compliance,
    hub,
    tokens: createSessions(createTokens(jwtSecret), pool, { notifications }),
    audit,
    passwords,
    connectedChannels: [...(options.telegram ? ['telegram'] : []), ...(options.max ? ['max'] : [])],
    roster,
    tasks,
    telegramBot,
    workOrders: createWorkOrderCommands({
      store,
      vault,
      pool,
      now,
      yookassa: options.yookassa ? createYookassa(options.yookassa) : null,
    }),
    inbox: createInbox({
      pool,
      store,
      vault,
      now,
      nameOf: async (clientId) => (await clients.profileOf(clientId))?.name ?? null,
    }),
    visit,
    webBooking,
    now,
  };
  const app = await buildApp(deps, {
    logLevel: options.logLevel,
    trustProxy: options.trustProxy,
    publicUrl: options.publicUrl,
    onDroppedFields: options.onDroppedFields,
  });
  // Messages only: errors from pg can quote row values, which may be personal data.
  logError = (message, error) => app.log.error({ err: { message: (error as Error).message } }, message);
  await hub.start();
  await notifications.start();
  const runner = startProjectionRunner({
    pool,
    schema: READ_MODEL_SCHEMA,
    open: vault.open,
    onCommitted: hub.notify,
    onError: (error) => logError('projection batch failed', error),
  });
  const mailer = options.mail ? createSmtpMailer(options.mail.smtpUrl, options.mail.from) : null;
  // What every messenger adapter is built on: the same services, whichever channel asks.
  const channelServices = {
    pool,
    store,
    vault,
    catalog,
    commands,
    clients,
    compliance,
    visit,
    now,
    log: app.log,
    follow: startReactor,
    assistant: options.assistant ? createOpenAiCompatible(options.assistant) : null,
  };
  const panelToken = options.telegram ? null : await telegramBot.storedToken();
  const startChannels = async (telegram: TelegramOptions | null) =>
    telegram || mailer
      ? startMessaging(channelServices, {
          telegram,
          mailer,
          publicUrl: options.publicUrl ?? 'http://localhost:3000',
          statusMessages: false,
          reminders: false,
        })
      : null;
  messaging = await startChannels(options.telegram ?? (panelToken ? { ...options.panelTelegram, token: panelToken } : null));
  const max: MaxMessaging | null = options.max
    ? await startMax({ ...channelServices, organization: firstOrganization(pool) }, options.max, { statusMessages: false })
    : null;
  // Always: a bot connected later in the panel takes managers' /link codes too (webhook mode is the environment's only).
  const webhook = messaging?.webhook ?? null;
  await app.register(async (scope) => telegramRoutes(scope, { webhook, pool, now }));
  // Status messages go through the first channel that works, in the station's order. Telegram is
  // asked through whichever bot runs now: the owner may connect or replace it in the panel.
  const telegramRoute: DeliveryRoute = {
    channel: 'telegram',
    deliver: (to, textFor) => messaging?.route?.deliver(to, textFor) ?? Promise.resolve('none'),
  };
  const routes: DeliveryRoute[] = [
    telegramRoute,
    ...(max ? [max.route] : []),
    ...(sms ? [smsRoute(sms, async (clientId) => (await clients.profileOf(clientId))?.phone || null)] : []),
    // The last resort: the client's e-mail on their card, when this installation has SMTP.
    ...(mailer ? [emailRoute(mailer, async (clientId) => (await clients.profileOf(clientId))?.email || null)] : []),
  ];
  messengerRoutes = [telegramRoute, ...(max ? [max.route] : [])];
  const cascade = startReactor({
    pool,
    name: 'client-status-cascade',
    handle: createStatusCascade({ pool, store, catalog, log: app.log }, routes),
    startFrom: 'end',
    onError: (error) => logError('status message cascade failed', error),
  });
  // Booking reminders take the same way, so a client in MAX, or with only a phone or an e-mail, is
  // reminded too. Planning is idempotent: the planner reads the whole log, and bookings made before
  // a channel was connected get their reminders as well.
  const reminders = startReminderSender({
    pool,
    catalog,
    routes: () => routes.filter((route) => route !== telegramRoute || messaging?.route),
    now,
    log: app.log,
  });
  const reminderPlanner = createReminderPlanner(pool);
  const reminderPlanning = startReactor({
    pool,
    name: 'booking-reminders',
    handle: async (event) => {
      if (await reminderPlanner.handle(event)) reminders.poke();
      return false;
    },
    startFrom: 'beginning',
    onError: (error) => logError('booking reminder planning failed', error),
  });
  // The owner's daily digest goes out through whatever channel this process has.
  const startDigest = (running: Messaging | null) =>
    running ? startDigestSender({ pool, catalog, now, log: app.log, telegram: running.bot?.api ?? null, mailer }) : null;
  let digest = startDigest(messaging);
  // A token pasted or removed in the panel: the old bot stops (its update in hand finished), the new one starts.
  let switching = Promise.resolve();
  switchTelegram = (token) => {
    // After the previous switch, failed or not: one failure must not block every later change.
    const next = switching
      .catch(() => undefined)
      .then(async () => {
        await digest?.stop();
        await messaging?.stop();
        messaging = await startChannels(token ? { ...options.panelTelegram, token } : null);
        digest = startDigest(messaging);
      });
    switching = next;
    return next;
  };
  // Overdue tasks are reminded once each: in the assignee's linked Telegram chat (through whichever
  // bot runs at the time) and by e-mail, when this installation has SMTP or a bot at start (one
  // process of the installation sends: one without either would hold the turn and send nothing).
  const taskReminders =
    mailer || messaging
      ? startOverdueReminders({
          pool,
          mailer,
          telegram: () => messaging?.bot?.api ?? null,
          now,
          publicUrl: options.publicUrl ?? 'http://localhost:3000',
          log: app.log,
        })
      : null;
  // Maintenance reminders: one process of the installation looks for due cars every hour and issues
  // each reminder once; the messengers' reactors send them (a client without a chat gets none).
  const maintenanceReminders = createMaintenanceReminders({ pool, store, vault, catalog, commands, clients, now });
  const maintenance = startSingleSender({
    pool,
    lockName: 'maintenance-reminders',
    tick: (isStopped) => maintenanceReminders.scan(isStopped),
    onError: (error) => logError('maintenance reminders failed', error),
    idleMs: 60 * 60_000,
  });
  // A job under way past its booked end keeps its bay: one process of the installation looks every minute.
  const overrunHolds = createOverrunHolds({
    pool,
    store,
    catalog,
    now,
    onError: (error) => logError('holding an overrunning job failed', error),
  });
  const overruns = startSingleSender({
    pool,
    lockName: 'overrun-holds',
    tick: (isStopped) => overrunHolds.scan(isStopped),
    onError: (error) => logError('overrun holds failed', error),
    idleMs: options.overrunCheckMs ?? 60_000,
  });
  // The nightly retention run: checked every 10 minutes, run once a night per organization.
  const stopRetention = compliance.retention.schedule((error) => logError('retention run failed', error));
  poke = () => {
    runner.poke();
    messaging?.poke();
    max?.poke();
    cascade.poke();
  };

  return {
    app,
    deps,
    pool,
    passwords,
    /** The running messaging (it changes when the owner connects or removes the bot in the panel). */
    get messaging() {
      return messaging;
    },
    get digest() {
      return digest;
    },
    max,
    /** Looks for due booking reminders now (tests move the clock). */
    checkReminders: () => reminders.poke(),
    taskReminders,
    maintenance,
    /** Holds the bays of jobs under way past their booked end longer (tests move the clock). */
    overruns,
    close: async () => {
      stopRetention();
      await maintenance.stop();
      await overruns.stop();
      await taskReminders?.stop();
      await switching.catch(() => undefined);
      await digest?.stop();
      await messaging?.stop();
      await max?.stop();
      await cascade.stop();
      await reminderPlanning.stop();
      await reminders.stop();
      await app.close();
      hub.stop();
      await notifications.stop();
      await runner.stop();
      if (reports !== pool) await reports.end();
      await pool.end();
    },
  };
};

export type Runtime = Awaited<ReturnType<typeof createRuntime>>;
