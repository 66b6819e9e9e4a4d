import type { Pool } from 'pg';

/** The organizations' document counters: a row per organization holding the last number given. */
type CounterTable = 'work_order_numbers' | 'compliance_act_numbers';

/**
 * The organization's next document number from `table`. A number drawn by a write that then fails
 * (or turns out to be a repeat) leaves a gap, never a second document with the same number.
 */
export const nextNumber = async (pool: Pool, table: CounterTable, orgId: string): Promise<number> => {
  const { rows } = await pool.query<{ last_number: number }>(
    `INSERT INTO ${table} (org_id, last_number) VALUES ($1, 1)
     ON CONFLICT (org_id) DO UPDATE SET last_number = ${table}.last_number + 1
     RETURNING last_number`,
    [orgId],
  );
  return rows[0]!.last_number;
};
