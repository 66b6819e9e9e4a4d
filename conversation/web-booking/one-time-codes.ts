import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '../../core/database/transaction.ts';

/** How long a code is good for, how many tries it takes, and how many codes a phone gets an hour. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;
export const CODES_PER_PHONE = { max: 3, windowMs: 60 * 60_000 } as const;

/** SMS codes one station pays for in a day at most: a script cycling numbers cannot drain its balance. */
export const SMS_CODES_PER_DAY = 200;

/** The consent the person ticked on the page when they asked for the code: its notice and when. */
export type PageConsent = { noticeVersion: string; noticeHash: string; at: number };

export type IssuedCode = { id: string; code: string; expiresAt: number };

export type CodeCheck =
  | { outcome: 'ok'; phoneHash: string; consent: PageConsent; channel: string }
  | { outcome: 'wrong'; attemptsLeft: number }
  | { outcome: 'expired' };

/**
 * Six-digit codes that prove a phone on the public booking page. Only an HMAC of the code (keyed by
 * the installation, bound to the request) and the phone's keyed hash are stored; a code is good for
 * ten minutes, five tries and one success. Rows past their time are swept as new ones are made.
 */
export const createOneTimeCodes = (deps: { pool: Pool; key: Uint8Array; now: () => number }) => {
  const { pool, key, now } = deps;
  const hashOf = (id: string, code: string) => createHmac('sha256', key).update(`${id}:${code}`).digest();

  /** A new code for the phone, or how long to wait when the phone has had its codes this hour. */
  const issue = async (
    orgId: string,
    phoneHash: string,
    consent: PageConsent,
  ): Promise<IssuedCode | { retryAfterSeconds: number }> => {
    const at = now();
    await pool.query('DELETE FROM web_booking_codes WHERE created_at < $1', [new Date(at - 24 * 3_600_000)]);
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = at + CODE_TTL_MS;
    // Counted and written under a lock per phone: requests sent at once would each count the same
    // codes and each send one more, past the cap (and each SMS is paid for).
    return inTransaction(pool, async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`web-code:${orgId}:${phoneHash}`]);
      const { rows } = await db.query<{ sent: number; oldest: Date | null }>(
        `SELECT count(*)::int AS sent, min(created_at) AS oldest FROM web_booking_codes
          WHERE org_id = $1 AND phone_hash = $2 AND created_at > $3`,
        [orgId, phoneHash, new Date(at - CODES_PER_PHONE.windowMs)],
      );
      const { sent, oldest } = rows[0]!;
      if (sent >= CODES_PER_PHONE.max && oldest) {
        return { retryAfterSeconds: Math.max(1, Math.ceil((oldest.getTime() + CODES_PER_PHONE.windowMs - at) / 1000)) };
      }
      await db.query(
        `INSERT INTO web_booking_codes (id, org_id, phone_hash, code_hash, channel, notice_version, notice_hash, consent_at, expires_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9)`,
        [
          id,
          orgId,
          phoneHash,
          hashOf(id, code).toString('base64url'),
          consent.noticeVersion,
          consent.noticeHash,
          new Date(consent.at),
          new Date(expiresAt),
          new Date(at),
        ],
      );
      return { id, code, expiresAt };
    });
  };

  /** Records which channel took the code; a code nothing could deliver is withdrawn. */
  const delivered = async (id: string, channel: string | null): Promise<void> => {
    if (channel) await pool.query('UPDATE web_booking_codes SET channel = $2 WHERE id = $1', [id, channel]);
    else await pool.query('DELETE FROM web_booking_codes WHERE id = $1', [id]);
  };

  /**
   * One try of a code: counted before it is compared (so parallel guesses share the five tries),
   * and spent by its first success. The phone must be the one the code was sent to.
   */
  const check = async (id: string, code: string, phoneHash: string): Promise<CodeCheck> => {
    const { rows } = await pool.query<{
      code_hash: string;
      phone_hash: string;
      channel: string;
      notice_version: string;
      notice_hash: string;
      consent_at: Date;
      attempts: number;
    }>(
      `UPDATE web_booking_codes SET attempts = attempts + 1
        WHERE id = $1 AND verified_at IS NULL AND expires_at > $2 AND attempts < $3 AND channel <> 'pending'
        RETURNING code_hash, phone_hash, channel, notice_version, notice_hash, consent_at, attempts`,
      [id, new Date(now()), CODE_ATTEMPTS],
    );
    const row = rows[0];
    if (!row) return { outcome: 'expired' };
    const expected = Buffer.from(row.code_hash, 'base64url');
    const given = hashOf(id, code);
    if (row.phone_hash !== phoneHash || !timingSafeEqual(expected, given)) {
      return { outcome: 'wrong', attemptsLeft: CODE_ATTEMPTS - row.attempts };
    }
    const spent = await pool.query('UPDATE web_booking_codes SET verified_at = $2 WHERE id = $1 AND verified_at IS NULL', [
      id,
      new Date(now()),
    ]);
    if (spent.rowCount !== 1) return { outcome: 'expired' };
    return {
      outcome: 'ok',
      phoneHash: row.phone_hash,
      channel: row.channel,
      consent: { noticeVersion: row.notice_version, noticeHash: row.notice_hash, at: row.consent_at.getTime() },
    };
  };

  /** Codes the station's SMS gateway took in the last 24 hours. */
  const smsSentToday = async (orgId: string): Promise<number> => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM web_booking_codes WHERE org_id = $1 AND channel = 'sms' AND created_at > $2`,
      [orgId, new Date(now() - 24 * 3_600_000)],
    );
    return rows[0]!.n;
  };

  return { issue, delivered, check, smsSentToday };
};

export type OneTimeCodes = ReturnType<typeof createOneTimeCodes>;
