import path from 'node:path';
import { passwordProblem } from './core/staff/password-policy.ts';
import { isTelegramToken } from './domain/setup/bot-token.ts';
import { yookassaConfigOf } from './core/payments/yookassa-config.ts';
import type { YookassaConfig } from './core/payments/yookassa.ts';
import { photoS3ConfigOf } from './core/work-order/photo-s3-config.ts';
import type { PhotoS3Config } from './core/work-order/photo-s3.ts';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** A streaming replica the owner's reports read from (DATABASE_READ_URL); null: they read the primary. */
  readDatabaseUrl: string | null;
  jwtSecret: string | null;
  ownerEmail: string | null;
  ownerPassword: string | null;
  logLevel: string;
  telegramBotToken: string | null;
  telegramApiRoot: string | null;
  telegramWebhook: { url: string; secret: string } | null;
  /** The MAX bot (long polling); off without MAX_BOT_TOKEN. */
  maxBotToken: string | null;
  maxApiRoot: string | null;
  /** SMS.ru for status messages no messenger could take; off without SMSRU_API_ID. */
  smsRuApiId: string | null;
  smsRuFrom: string | null;
  /** An OpenAI-compatible endpoint for clients' free-form questions in the bots; off without ASSISTANT_URL. */
  assistant: { baseUrl: string; model: string; apiKey: string | null } | null;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  /** Fastify's trustProxy: false, a hop count, or addresses/CIDRs of the proxies (loopback, 10.0.0.0/8…). */
  trustProxy: boolean | number | string;
  /** Online payment links (YOOKASSA_*); null when not configured. */
  yookassa: YookassaConfig | null;
  /** Findings' photos in an S3-compatible bucket (PHOTOS_S3_*); null keeps them under DATA_DIR/photos. */
  photosS3: PhotoS3Config | null;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses the environment once and fails fast with a message that names the bad key. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got «${env.PORT}»`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  if (env.EVENTSTORE_URL) {
    throw new Error('EVENTSTORE_URL: the EventStoreDB/KurrentDB adapter is not in this build yet; unset it to use PostgreSQL');
  }
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  if ((env.OWNER_EMAIL === undefined) !== (env.OWNER_PASSWORD === undefined)) {
    throw new Error('OWNER_EMAIL and OWNER_PASSWORD go together');
  }
  const weakOwnerPassword = env.OWNER_PASSWORD === undefined ? null : passwordProblem(env.OWNER_PASSWORD, env.OWNER_EMAIL);
  if (weakOwnerPassword) throw new Error(`OWNER_PASSWORD: ${weakOwnerPassword}`);
  const telegramBotToken = env.TELEGRAM_BOT_TOKEN || null;
  if (telegramBotToken && !isTelegramToken(telegramBotToken)) {
    throw new Error('TELEGRAM_BOT_TOKEN must look like 123456789:AA… (the token BotFather gives)');
  }
  const telegramApiRoot = env.TELEGRAM_API_ROOT ? env.TELEGRAM_API_ROOT.replace(/\/+$/, '') : null;
  if (telegramApiRoot && !/^https?:\/\/[^/]+/.test(telegramApiRoot)) {
    throw new Error('TELEGRAM_API_ROOT must be an http(s) URL, e.g. https://api.telegram.org');
  }
  const webhookUrl = env.TELEGRAM_WEBHOOK_URL || null;
  const webhookSecret = env.TELEGRAM_WEBHOOK_SECRET || null;
  if (webhookUrl && !/^https?:\/\/[^/]+\/telegram\/webhook$/.test(webhookUrl)) {
    throw new Error(
      'TELEGRAM_WEBHOOK_URL must be the public URL of /telegram/webhook, e.g. https://crm.example.ru/telegram/webhook',
    );
  }
  if (webhookUrl && !(webhookSecret && /^[\w-]{16,256}$/.test(webhookSecret))) {
    throw new Error(
      'TELEGRAM_WEBHOOK_SECRET must be 16–256 characters of A–Z, a–z, 0–9, _ and - when TELEGRAM_WEBHOOK_URL is set',
    );
  }
  const maxBotToken = env.MAX_BOT_TOKEN || null;
  const smsRuApiId = env.SMSRU_API_ID || null;
  const smsRuFrom = env.SMSRU_FROM || null;
  const maxApiRoot = env.MAX_API_ROOT ? env.MAX_API_ROOT.replace(/\/+$/, '') : null;
  if (maxApiRoot && !/^https?:\/\/[^/]+/.test(maxApiRoot)) {
    throw new Error('MAX_API_ROOT must be an http(s) URL, e.g. https://platform-api2.max.ru');
  }
  const assistantUrl = env.ASSISTANT_URL ? env.ASSISTANT_URL.replace(/\/+$/, '') : null;
  if (assistantUrl && !/^https?:\/\/[^/]+/.test(assistantUrl)) {
    throw new Error('ASSISTANT_URL must be the http(s) base of an OpenAI-compatible API, e.g. https://llm.example.ru/v1');
  }
  if (assistantUrl && !env.ASSISTANT_MODEL) throw new Error('ASSISTANT_MODEL must name the model when ASSISTANT_URL is set');
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) throw new Error('SMTP_URL must look like smtp://user:pass@host:587');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) throw new Error('PUBLIC_URL must be an http(s) URL');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    readDatabaseUrl: env.DATABASE_READ_URL || null,
    jwtSecret: env.JWT_SECRET ?? null,
    ownerEmail: env.OWNER_EMAIL?.toLowerCase() ?? null,
    ownerPassword: env.OWNER_PASSWORD ?? null,
    logLevel,
    telegramBotToken,
    telegramApiRoot,
    telegramWebhook: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : null,
    maxBotToken,
    maxApiRoot,
    smsRuApiId,
    smsRuFrom,
    assistant: assistantUrl
      ? { baseUrl: assistantUrl, model: env.ASSISTANT_MODEL!, apiKey: env.ASSISTANT_API_KEY || null }
      : null,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Zero-CRM <noreply@localhost>',
    publicUrl,
    trustProxy,
    yookassa: yookassaConfigOf(env, publicUrl),
    photosS3: photoS3ConfigOf(env),
  };
};

const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;

/**
 * TRUST_PROXY names the reverse proxy whose X-Forwarded-For/-Proto/-Host are believed: empty for
 * none (the default: anyone could send those headers), a number of hops, or addresses and CIDRs
 * separated by commas. Only then does a request that reached the proxy over HTTPS count as HTTPS
 * (Secure cookie, HSTS) and carry the client's own address (throttling, logs).
 */
const parseTrustProxy = (value: string | undefined): boolean | number | string => {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => PROXY_ADDRESS.test(part))) return parts.join(',');
  throw new Error('TRUST_PROXY must be empty, a number of proxy hops, or proxy addresses/CIDRs, e.g. loopback or 10.0.0.0/8');
};
