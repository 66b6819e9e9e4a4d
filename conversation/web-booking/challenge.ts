import { createChallenge, verifySolution } from 'altcha-lib';
import type { Pool } from 'pg';

/** How hard the page's puzzle is: about a second on an old phone, nothing to a person, costly in bulk. */
export const CHALLENGE_MAX_NUMBER = 100_000;
const CHALLENGE_TTL_MS = 10 * 60_000;

/**
 * The page's guard against bots, without tracking anyone: ALTCHA's proof of work (altcha-lib). The
 * server hands out a signed puzzle; the page solves it in the browser and sends the solution with
 * its request for a code. A solution is good once and for ten minutes.
 */
export const createChallenges = (deps: { pool: Pool; key: string; maxNumber?: number }) => {
  const { pool, key } = deps;
  return {
    create: () =>
      createChallenge({
        hmacKey: key,
        maxNumber: deps.maxNumber ?? CHALLENGE_MAX_NUMBER,
        expires: new Date(Date.now() + CHALLENGE_TTL_MS),
      }),

    /** True once for a right, fresh solution (base64 JSON, as the ALTCHA widget sends it). */
    spend: async (payload: string): Promise<boolean> => {
      let signature: unknown;
      try {
        signature = (JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature?: unknown }).signature;
      } catch {
        return false;
      }
      if (typeof signature !== 'string' || !(await verifySolution(payload, key, true).catch(() => false))) return false;
      await pool.query('DELETE FROM web_challenges_spent WHERE expires_at < now()');
      const { rowCount } = await pool.query(
        `INSERT INTO web_challenges_spent (signature, expires_at) VALUES ($1, now() + interval '1 day') ON CONFLICT DO NOTHING`,
        [signature],
      );
      return rowCount === 1;
    },
  };
};

export type Challenges = ReturnType<typeof createChallenges>;
