import type { Pool } from 'pg';
import { firstRunSteps, type ConfirmedStep, type FirstRunStep } from '../../domain/setup/first-run-steps.ts';
import { hasBookingsFromChannel } from '../../projections/board/queries.ts';

// Most steps are read from what the station has done (a client list imported, a diary booked, a
// second person invited); checking the branch is the owner's own word, so it is recorded when given.

export const firstRunMigrationSql = `
CREATE TABLE IF NOT EXISTS first_run_steps (
  org_id uuid NOT NULL,
  step text NOT NULL,
  done_at timestamptz NOT NULL,
  done_by uuid,
  PRIMARY KEY (org_id, step)
);
`;

export type FirstRunProgress = { steps: { step: FirstRunStep; done: boolean }[]; dismissed: boolean };

export const createFirstRun = (deps: { pool: Pool; now: () => number; connectedChannels: readonly string[] }) => {
  const { pool, now } = deps;

  const progress = async (orgId: string): Promise<FirstRunProgress> => {
    const { rows } = await pool.query<{ confirmed: string[]; clients: boolean; staff: boolean; panelBot: boolean }>(
      `SELECT
         ARRAY(SELECT step FROM first_run_steps WHERE org_id = $1) AS confirmed,
         EXISTS (SELECT 1 FROM emt_streams WHERE stream_id LIKE 'import-' || $1::text || '\\_%') AS clients,
         (SELECT count(*) FROM users WHERE org_id = $1) > 1 AS staff,
         EXISTS (SELECT 1 FROM telegram_bot_settings WHERE org_id = $1) AS "panelBot"`,
      [orgId],
    );
    const found = rows[0]!;
    const appointments = await hasBookingsFromChannel(pool, orgId, 'import');
    const done: Record<FirstRunStep, boolean> = {
      branch: found.confirmed.includes('branch'),
      clients: found.clients,
      appointments,
      // A bot from the environment, or one the owner connected in the panel.
      bot: deps.connectedChannels.length > 0 || found.panelBot,
      staff: found.staff,
    };
    return { steps: firstRunSteps.map((step) => ({ step, done: done[step] })), dismissed: found.confirmed.includes('dismissed') };
  };

  /** The owner's word on a step; saying it again keeps the first time. */
  const confirm = async (actor: { orgId: string; userId: string }, step: ConfirmedStep): Promise<FirstRunProgress> => {
    await pool.query(
      `INSERT INTO first_run_steps (org_id, step, done_at, done_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [actor.orgId, step, new Date(now()), actor.userId],
    );
    return progress(actor.orgId);
  };

  return { progress, confirm };
};

export type FirstRun = ReturnType<typeof createFirstRun>;
