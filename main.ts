import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { createDemoOrganization } from './core/database/demo-organization.ts';
import { startEmbeddedPostgres, type RunningPostgres } from './core/database/embedded-postgres.ts';
import { createRuntime } from './composition-root.ts';

const config = loadConfig();
let embedded: RunningPostgres | null = null;
if (!config.databaseUrl) {
  console.log(`Starting embedded PostgreSQL in ${path.join(config.dataDir, 'pg')} …`);
  embedded = await startEmbeddedPostgres(config.dataDir);
}
const runtime = await createRuntime({
  databaseUrl: config.databaseUrl ?? embedded!.url,
  readDatabaseUrl: config.readDatabaseUrl,
  jwtSecret: config.jwtSecret,
  logLevel: config.logLevel,
  max: config.maxBotToken ? { token: config.maxBotToken, baseUrl: config.maxApiRoot } : null,
  sms: config.smsRuApiId ? { apiId: config.smsRuApiId, from: config.smsRuFrom } : null,
  assistant: config.assistant,
  telegram: config.telegramBotToken
    ? { token: config.telegramBotToken, apiRoot: config.telegramApiRoot, webhook: config.telegramWebhook }
    : null,
  panelTelegram: { apiRoot: config.telegramApiRoot },
  mail: config.smtpUrl ? { smtpUrl: config.smtpUrl, from: config.mailFrom } : null,
  publicUrl: config.publicUrl,
  trustProxy: config.trustProxy,
  yookassa: config.yookassa,
  photosDir: path.join(config.dataDir, 'photos'),
  photosS3: config.photosS3,
});

const login = await createDemoOrganization(
  runtime.pool,
  { email: config.ownerEmail, password: config.ownerPassword },
  runtime.passwords,
);
if (login) {
  console.log(`Demo organization created. Owner login: ${login.email}${login.generated ? ` / ${login.password}` : ''}`);
  if (login.generated) {
    const file = path.join(config.dataDir, 'demo-owner.txt');
    await writeFile(file, `${login.email}\n${login.password}\n`, { mode: 0o600 }).catch(() => undefined);
  }
} else if (!config.ownerEmail) {
  console.log(`Owner login of the demo organization: see ${path.join(config.dataDir, 'demo-owner.txt')}`);
}

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  runtime.app.log.info(`${signal}: shutting down`);
  await runtime.close().catch(() => undefined);
  await embedded?.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await runtime.app.listen({ port: config.port, host: config.host });
console.log(`Zero-CRM is ready on http://localhost:${config.port} (API docs: /api/docs)`);
