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
import { createComplianceServices } from './core/compliance/services.ts';
import { createRefusalLimiter } from './core/booking/refusal-limits.ts';
import { createAuditLog } from './core/compliance/audit-log.ts';
import { createVault } from './core/vault/vault.ts';
import { migrate } from './core/database/migrations.ts';
import { installationSecret } from './core/database/secrets.ts';
import { startDigestSender } from './core/digest/sender.ts';
import type { AppDeps } from './api/deps.ts';
import { createEventStore } from './core/event-store/event-store.ts';
import { createLiveHub } from './api/live/hub.ts';
import { startReactor } from './core/followers/reactor.ts';
import { createPhotoStore } from './core/work-order/photos.ts';
import { createVisitCommands } from './core/work-order/visit.ts';
import { telegramRoutes } from './api/routes/telegram.ts';
import { createSmtpMailer } from './mail/smtp-mailer.ts';
import { createPasswords, type PasswordCost } from './core/staff/passwords.ts';
import { createStaffRoster } from './core/staff/staff-roster.ts';
import { createTasks, TASK_CHANGES_CHANNEL } from './core/tasks/tasks.ts';
import { startOverdueReminders } from './core/tasks/overdue-reminders.ts';
import { createNotifications, SESSION_CHANGES_CHANNEL } from './core/database/notifications.ts';
import { LIVE_CHANGES_CHANNEL } from './projections/apply.ts';
import { plainJsonTypes } from './core/database/pool-types.ts';
import { createWorkOrderCommands } from './core/work-order/work-order-commands.ts';
import { createYookassa, type YookassaConfig } from './core/payments/yookassa.ts';

export type RuntimeOptions = {
  databaseUrl: string;
  jwtSecret?: string | null;
  logLevel?: string;
  now?: () => number;
  poolSize?: number;
  /** Starts the Telegram bot (long polling), client notifications and reminders. */
  telegram?: TelegramOptions | null;
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
  /** Told of every HTTP answer whose response schema drops some of its properties (tests). */
  onDroppedFields?: (route: string, paths: string[]) => void;
  /** Where findings' photos are kept, sealed (DATA_DIR/photos). */
  photosDir?: string;
  /** Online payment links through ЮKassa (YOOKASSA_*); off when absent. */
  yookassa?: YookassaConfig | null;
};

/** Everything the server needs on one database: migrated schema, dependencies, projection runner, live hub, app. */
export const createRuntime = async (options: RuntimeOptions) => {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 20, types: plainJsonTypes });
  pool.on('error', () => undefined);
  await migrate(pool, options.databaseUrl);
  const now = options.now ?? Date.now;
  const jwtSecret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : await installationSecret(pool, 'jwt');
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  const catalog = createCatalogRepository(pool);
  const passwords = createPasswords(options.passwordCost);
  let poke = () => {};
  const baseStore = createEventStore(pool);
  const store = {
    ...baseStore,
    appendMany: async (...args: Parameters<typeof baseStore.appendMany>) => {
      await baseStore.appendMany(...args);
      poke();
    },
  };
  const roster = createStaffRoster(pool);
  const commands = createBookingCommands({ store, vault, catalog, refusals: createRefusalLimiter(pool), roster, now });
  let logError = (_message: string, _error: unknown) => {};
  // What other API processes on this database commit (live changes, ended sessions), heard at once.
  const notifications = createNotifications(
    options.databaseUrl,
    [LIVE_CHANGES_CHANNEL, SESSION_CHANGES_CHANNEL, TASK_CHANGES_CHANNEL],
    (error) => logError('database notifications failed', error),
  );
  const tasks = createTasks({ pool, catalog, loadBooking: commands.loadBooking, now });
  const hub = createLiveHub(pool, (error) => logError('live hub failed', error), notifications, tasks);
  const audit = createAuditLog(pool, now);
  const clients = createClientCommands({ store, vault, now });
  const compliance = createComplianceServices({ pool, store, vault, audit, catalog, now });
  const photos = createPhotoStore({ dir: options.photosDir ?? path.resolve('data', 'photos'), vault });
  const visit = createVisitCommands({ store, vault, photos, now });
  const deps: AppDeps = {
    pool,
    store,
    vault,
    catalog,
    commands,
    clients,
    compliance,
    hub,
    tokens: createSessions(createTokens(jwtSecret), pool, { notifications }),
    audit,
    passwords,
    connectedChannels: [...(options.telegram ? ['telegram'] : []), ...(options.max ? ['max'] : [])],
    roster,
    tasks,
    workOrders: createWorkOrderCommands({
      store,
      vault,
      pool,
      now,
      yookassa: options.yookassa ? createYookassa(options.yookassa) : null,
    }),
    visit,
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
  };
  const messaging: Messaging | null =
    options.telegram || mailer
      ? await startMessaging(channelServices, {
          telegram: options.telegram ?? null,
          mailer,
          publicUrl: options.publicUrl ?? 'http://localhost:3000',
        })
      : null;
  const max: MaxMessaging | null = options.max
    ? await startMax({ ...channelServices, organization: firstOrganization(pool) }, options.max)
    : null;
  if (messaging?.bot) await app.register(async (scope) => telegramRoutes(scope, { webhook: messaging.webhook, pool, now }));
  // The owner's daily digest goes out through whatever channel this process has.
  const digest = messaging
    ? startDigestSender({
        pool,
        catalog,
        now,
        log: app.log,
        telegram: messaging.bot?.api ?? null,
        mailer,
      })
    : null;
  // Overdue tasks are reminded by e-mail, once each, when this installation has SMTP.
  const taskReminders = mailer
    ? startOverdueReminders({ pool, mailer, now, publicUrl: options.publicUrl ?? 'http://localhost:3000', log: app.log })
    : null;
  // The nightly retention run: checked every 10 minutes, run once a night per organization.
  const stopRetention = compliance.retention.schedule((error) => logError('retention run failed', error));
  poke = () => {
    runner.poke();
    messaging?.poke();
    max?.poke();
  };

  return {
    app,
    deps,
    pool,
    passwords,
    messaging,
    digest,
    taskReminders,
    close: async () => {
      stopRetention();
      await taskReminders?.stop();
      await digest?.stop();
      await messaging?.stop();
      await max?.stop();
      await app.close();
      hub.stop();
      await notifications.stop();
      await runner.stop();
      await pool.end();
    },
  };
};

export type Runtime = Awaited<ReturnType<typeof createRuntime>>;
