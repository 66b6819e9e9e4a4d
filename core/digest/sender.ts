import type { Pool } from 'pg';
import type { Mailer } from '../messaging/mailer.ts';
import { dueDigestDay } from '../../domain/kpi/digest-schedule.ts';
import { formatDigest, splitMessage } from '../../domain/kpi/digest-text.ts';
import { describeFailure } from '../../projections/quarantine.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import { startSingleSender } from '../followers/single-sender.ts';
import { buildDigest } from './figures.ts';
import { createDigestSettings, type DigestChannel } from './settings.ts';

/** The part of grammY's Api the digest uses. */
export type DigestTelegram = { sendMessage: (chatId: number, text: string) => Promise<unknown> };
type Log = (fields: Record<string, unknown>, message: string) => void;

export type DigestSenderDeps = {
  pool: Pool;
  catalog: CatalogRepository;
  now: () => number;
  log: { info: Log; warn: Log; error: Log };
  /** null without a Telegram bot, or without SMTP: that channel is skipped, nothing fails. */
  telegram: DigestTelegram | null;
  mailer: Mailer | null;
  intervalMs?: number;
};

const MAX_ATTEMPTS = 3;
const RETRY_AFTER_MS = 10 * 60_000;
const TELEGRAM_LIMIT = 4096;

type Delivery = { userId: string; channel: DigestChannel; email: string; chatId: string | null };

/** Loggable facts of a failed delivery: codes only, since SMTP answers can quote addresses. */
const describe = (error: unknown): Record<string, unknown> => {
  const fields = error as { name?: unknown; code?: unknown; responseCode?: unknown; error_code?: unknown };
  return { name: fields.name, code: fields.code, responseCode: fields.responseCode, errorCode: fields.error_code };
};

/**
 * Sends each organization's daily digest to its owners once the owner's local time has come:
 * Telegram to the chat an owner linked with /link, e-mail through the staff-alert mailer.
 * Exactly once per day, owner and channel, across restarts and API processes: one sender runs per
 * installation (advisory lock), and every delivery is claimed in digest_deliveries before its
 * message goes out and marked sent after. A crash between the two is the only window for a
 * repeat, after RETRY_AFTER_MS; a failed delivery is tried MAX_ATTEMPTS times in all.
 */
export const startDigestSender = (deps: DigestSenderDeps) => {
  const { pool, catalog, now, log } = deps;
  const settings = createDigestSettings(pool);

  const pendingOf = async (orgId: string, day: string, channels: DigestChannel[], nowMs: number) =>
    (
      await pool.query<Delivery>(
        `SELECT u.id::text AS "userId", c.channel, u.email, m.chat_id::text AS "chatId"
           FROM users u
          CROSS JOIN unnest($2::text[]) AS c(channel)
           LEFT JOIN bot_manager_chats m ON m.user_id = u.id AND m.unreachable_at IS NULL
           LEFT JOIN digest_deliveries d
             ON d.org_id = u.org_id AND d.report_day = $3::date AND d.user_id = u.id AND d.channel = c.channel
          WHERE u.org_id = $1 AND u.active AND u.role = 'owner'
            AND (c.channel = 'email' OR m.chat_id IS NOT NULL)
            AND (d.user_id IS NULL OR (d.sent_at IS NULL AND d.attempts < $4 AND d.last_attempt_at <= $5))
          ORDER BY u.email, c.channel`,
        [orgId, channels, day, MAX_ATTEMPTS, new Date(nowMs - RETRY_AFTER_MS)],
      )
    ).rows;

  /** True when this process may send: nobody sent it, nobody is trying it right now. */
  const claim = async (orgId: string, day: string, delivery: Delivery, nowMs: number) =>
    (
      await pool.query(
        `INSERT INTO digest_deliveries (org_id, report_day, user_id, channel, attempts, last_attempt_at)
         VALUES ($1, $2, $3, $4, 1, $5)
         ON CONFLICT (org_id, report_day, user_id, channel) DO UPDATE
           SET attempts = digest_deliveries.attempts + 1, last_attempt_at = EXCLUDED.last_attempt_at
         WHERE digest_deliveries.sent_at IS NULL AND digest_deliveries.attempts < $6
           AND digest_deliveries.last_attempt_at <= $7`,
        [orgId, day, delivery.userId, delivery.channel, new Date(nowMs), MAX_ATTEMPTS, new Date(nowMs - RETRY_AFTER_MS)],
      )
    ).rowCount === 1;

  const markSent = (orgId: string, day: string, delivery: Delivery, nowMs: number) =>
    pool.query(
      'UPDATE digest_deliveries SET sent_at = $5 WHERE org_id = $1 AND report_day = $2 AND user_id = $3 AND channel = $4',
      [orgId, day, delivery.userId, delivery.channel, new Date(nowMs)],
    );

  const deliver = async (delivery: Delivery, message: { subject: string; text: string }) => {
    if (delivery.channel === 'telegram') {
      for (const part of splitMessage(message.text, TELEGRAM_LIMIT))
        await deps.telegram!.sendMessage(Number(delivery.chatId), part);
    } else {
      await deps.mailer!.send({ to: [delivery.email], subject: message.subject, text: message.text });
    }
  };

  const available = (channel: DigestChannel) => (channel === 'telegram' ? deps.telegram !== null : deps.mailer !== null);

  type Organization = Awaited<ReturnType<typeof settings.enabled>>[number];

  /** The digest of one organization to whoever is due it; how many deliveries went out. */
  const sendDigestOf = async (org: Organization, nowMs: number, isStopped: () => boolean): Promise<number> => {
    const channels = (['telegram', 'email'] as const).filter((channel) => org.channels[channel] && available(channel));
    const branches = channels.length > 0 ? await catalog.listBranches(org.orgId) : [];
    if (branches.length === 0) return 0;
    // The organization's clock is its first branch's, as on the KPI page without a branch chosen.
    const day = dueDigestDay(nowMs, branches[0]!.timeZone, org.time);
    if (!day) return 0;
    const pending = await pendingOf(org.orgId, day, channels, nowMs);
    if (pending.length === 0) return 0;
    const digest = await buildDigest(pool, { id: org.orgId, name: org.organization }, branches, day, nowMs);
    const message = formatDigest(digest, org.language);
    let sent = 0;
    for (const delivery of pending) {
      if (isStopped()) break;
      if (!(await claim(org.orgId, day, delivery, nowMs))) continue;
      const fields = { orgId: org.orgId, day, channel: delivery.channel };
      try {
        await deliver(delivery, message);
      } catch (error) {
        log.warn({ ...fields, ...describe(error) }, 'owner digest not delivered');
        continue;
      }
      await markSent(org.orgId, day, delivery, nowMs);
      log.info(fields, 'owner digest sent');
      sent++;
    }
    return sent;
  };

  const tick = async (isStopped: () => boolean): Promise<number> => {
    let sent = 0;
    const nowMs = now();
    for (const org of await settings.enabled()) {
      if (isStopped()) break;
      // One organization whose digest cannot be built is logged and passed, never in the others' way.
      sent += await sendDigestOf(org, nowMs, isStopped).catch((error: unknown) => {
        log.error({ orgId: org.orgId, message: describeFailure(error).message }, 'owner digest of an organization failed');
        return 0;
      });
    }
    return sent;
  };

  const sender = startSingleSender({
    pool,
    lockName: 'owner-digest',
    tick,
    onError: (error) => log.error({ message: (error as Error).message }, 'owner digest failed'),
    idleMs: deps.intervalMs ?? 30_000,
  });
  return {
    poke: sender.poke,
    /** Looks for a due digest now; resolves after a full round that began after the call. */
    check: sender.check,
    stop: sender.stop,
  };
};

export type DigestSender = ReturnType<typeof startDigestSender>;
