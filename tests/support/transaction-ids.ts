import type { Pool } from 'pg';

const currentId = async (pool: Pool) =>
  BigInt((await pool.query<{ id: string }>('SELECT pg_current_xact_id()::text AS id')).rows[0]!.id);

/**
 * Takes transaction ids (one per written subtransaction) until their number has one digit more than
 * now: from then on their order as text («1028» < «824») is not the order of commit. Answers the
 * digits before and after.
 */
export const crossTransactionDigits = async (pool: Pool): Promise<{ before: number; after: number }> => {
  const before = await currentId(pool);
  const target = 10n ** BigInt(String(before).length);
  await pool.query(`DO $$ BEGIN
    CREATE TEMP TABLE IF NOT EXISTS xid_burn (n int);
    FOR i IN 1..${target - before + 10n} LOOP
      BEGIN INSERT INTO xid_burn VALUES (i); EXCEPTION WHEN others THEN NULL; END;
    END LOOP;
  END $$`);
  return { before: String(before).length, after: String(await currentId(pool)).length };
};
