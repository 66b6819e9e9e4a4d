import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  defaultRetention,
  MIN_DAYS,
  retentionRules,
  type RetentionRule,
  type RetentionSetting,
} from '../../domain/compliance/retention.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';
import type { AuditActor } from './audit-log.ts';
import type { Erasure } from './erasure.ts';

const DAY = 86_400_000;
/** Clients erased by one run at most; the next night goes on. */
const ERASE_PER_RUN = 500;
const NIGHTLY_HOUR = 3;
const CHECK_EVERY_MS = 10 * 60_000;
const LOCK = 727020;

export type RetentionRun = {
  id: string;
  trigger: 'nightly' | 'manual';
  startedAt: string;
  finishedAt: string | null;
  results: Partial<Record<RetentionRule, number>>;
  error: string | null;
};

/** The retention rules of an organization and their runs: nightly, or on demand by the officer. */
export const createRetention = (deps: { pool: Pool; erasure: Erasure; now: () => number }) => {
  const { pool, erasure, now } = deps;

  const settings = async (orgId: string): Promise<RetentionSetting[]> => {
    const { rows } = await pool.query<{ rule: string; days: number; enabled: boolean }>(
      'SELECT rule, days, enabled FROM compliance_retention_rules WHERE org_id = $1',
      [orgId],
    );
    const own = new Map(rows.map((row) => [row.rule, row]));
    return retentionRules.map((rule) => ({
      rule,
      description: defaultRetention[rule].description,
      days: own.get(rule)?.days ?? defaultRetention[rule].days,
      enabled: own.get(rule)?.enabled ?? defaultRetention[rule].enabled,
    }));
  };

  const setRule = async (
    orgId: string,
    rule: RetentionRule,
    input: { days: number; enabled: boolean },
    userId: string | null,
  ) => {
    if (input.days < MIN_DAYS[rule])
      throw new DomainError('VALIDATION', `At least ${MIN_DAYS[rule]} days for ${rule}`, { field: 'days' });
    await pool.query(
      `INSERT INTO compliance_retention_rules (org_id, rule, days, enabled, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id, rule) DO UPDATE SET days = EXCLUDED.days, enabled = EXCLUDED.enabled,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [orgId, rule, input.days, input.enabled, new Date(now()), userId],
    );
    return (await settings(orgId)).find((setting) => setting.rule === rule)!;
  };

  const apply = async (orgId: string, setting: RetentionSetting, actor: AuditActor): Promise<number> => {
    const before = new Date(now() - setting.days * DAY);
    switch (setting.rule) {
      case 'abandoned-drafts': {
        const { rowCount } = await pool.query(
          `UPDATE bot_sessions SET data = data - 'wizard', updated_at = now()
            WHERE org_id = $1 AND data ? 'wizard' AND updated_at < $2`,
          [orgId, before],
        );
        return rowCount ?? 0;
      }
      case 'bot-sessions': {
        const { rowCount } = await pool.query(
          'DELETE FROM bot_sessions WHERE org_id = $1 AND (updated_at < $2 OR expires_at < $3)',
          [orgId, before, new Date(now())],
        );
        return rowCount ?? 0;
      }
      case 'expired-acts': {
        const { rowCount } = await pool.query(
          'DELETE FROM compliance_acts WHERE org_id = $1 AND retention_until < current_date',
          [orgId],
        );
        return rowCount ?? 0;
      }
      case 'inactive-clients': {
        const { rows } = await pool.query<{ id: string }>(
          `SELECT c.id FROM ${rm}.clients c
            WHERE c.org_id = $1 AND NOT c.erased AND c.registered_at < $2
              AND (c.last_visit_at IS NULL OR c.last_visit_at < $2::date)
              AND NOT EXISTS (SELECT 1 FROM ${rm}.bookings b WHERE b.client_id = c.id AND (b.end_at >= $2 OR b.requested_at >= $2))
              AND NOT EXISTS (SELECT 1 FROM compliance_blocks k WHERE k.client_id = c.id)
            ORDER BY c.registered_at LIMIT $3`,
          [orgId, before, ERASE_PER_RUN],
        );
        for (const row of rows) await erasure.erase(actor, row.id, { reason: 'retention-expired' });
        return rows.length;
      }
    }
  };

  const localDate = async (orgId: string) => {
    const { rows } = await pool.query<{ time_zone: string }>(
      'SELECT time_zone FROM branches WHERE org_id = $1 ORDER BY created_at, id LIMIT 1',
      [orgId],
    );
    return Temporal.Instant.fromEpochMilliseconds(now()).toZonedDateTimeISO(rows[0]?.time_zone ?? 'Europe/Moscow');
  };

  /** Applies every rule that is on, and records the run whatever happens. */
  const run = async (orgId: string, trigger: RetentionRun['trigger'], actor: AuditActor): Promise<RetentionRun> => {
    const id = randomUUID();
    const started = new Date(now());
    await pool.query(
      `INSERT INTO compliance_retention_runs (id, org_id, trigger, local_date, started_at) VALUES ($1, $2, $3, $4, $5)`,
      [id, orgId, trigger, (await localDate(orgId)).toPlainDate().toString(), started],
    );
    const results: Partial<Record<RetentionRule, number>> = {};
    let error: string | null = null;
    try {
      for (const setting of await settings(orgId)) {
        if (setting.enabled) results[setting.rule] = await apply(orgId, setting, actor);
      }
    } catch (failure) {
      error = (failure as Error).message.slice(0, 500);
    }
    const finished = new Date(now());
    await pool.query('UPDATE compliance_retention_runs SET finished_at = $2, results = $3, error = $4 WHERE id = $1', [
      id,
      finished,
      JSON.stringify(results),
      error,
    ]);
    return { id, trigger, startedAt: started.toISOString(), finishedAt: finished.toISOString(), results, error };
  };

  const runs = async (orgId: string): Promise<RetentionRun[]> => {
    const { rows } = await pool.query<{
      id: string;
      trigger: RetentionRun['trigger'];
      started_at: Date;
      finished_at: Date | null;
      results: RetentionRun['results'];
      error: string | null;
    }>('SELECT * FROM compliance_retention_runs WHERE org_id = $1 ORDER BY started_at DESC LIMIT 100', [orgId]);
    return rows.map((row) => ({
      id: row.id,
      trigger: row.trigger,
      startedAt: row.started_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      results: row.results,
      error: row.error,
    }));
  };

  /** Once a night after 03:00 station time, in one process (advisory lock), for every organization. */
  const nightly = async () => {
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LOCK]);
      if (!rows[0]?.locked) return;
      try {
        const orgs = await client.query<{ id: string }>('SELECT id FROM organizations ORDER BY id');
        for (const org of orgs.rows) {
          const local = await localDate(org.id);
          if (local.hour < NIGHTLY_HOUR) continue;
          const done = await client.query(
            `SELECT 1 FROM compliance_retention_runs WHERE org_id = $1 AND trigger = 'nightly' AND local_date = $2`,
            [org.id, local.toPlainDate().toString()],
          );
          if (!done.rowCount) await run(org.id, 'nightly', { orgId: org.id, userId: null, role: 'system', ip: null });
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK]);
      }
    } finally {
      client.release();
    }
  };

  const schedule = (onError: (error: unknown) => void) => {
    const timer = setInterval(() => void nightly().catch(onError), CHECK_EVERY_MS);
    timer.unref();
    return () => clearInterval(timer);
  };

  return { settings, setRule, run, runs, nightly, schedule };
};
