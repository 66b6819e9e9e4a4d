import type { Pool } from 'pg';
import type { FailureKind } from './quarantine.ts';
import { READ_MODEL_SCHEMA } from './schema.ts';

/** The read models' name among the followers; reactors go by their own names. */
export const READ_MODELS_FOLLOWER = 'read-models';

/** One event a follower set aside, as the owner's panel shows it (GET /api/quarantine). */
export type QuarantinedEvent = {
  /** `read-models`, or the reactor's name (telegram-notifications, telegram-reminders, manager-alerts). */
  follower: string;
  /** The stream's type: booking, client, refusal, schedule, import, … */
  streamKind: string;
  eventType: string;
  kind: FailureKind;
  /** The error without the values it quoted, for whoever fixes the code; the panel says `kind` in words. */
  detail: string;
  attempts: number;
  recordedAt: string;
  quarantinedAt: string;
  /** A replay asked the reactor to try it again and it has not yet. */
  retryRequested: boolean;
  /** The event's place in the log, for support. */
  position: string;
};

export type QuarantineView = { items: QuarantinedEvent[]; total: number };

type Row = {
  follower: string;
  stream_id: string;
  event_type: string;
  kind: FailureKind;
  error: string;
  attempts: number;
  recorded_at: Date;
  quarantined_at: Date;
  retry_requested: boolean;
  position: string;
  total: string;
};

/** What the followers set aside of one organization's events, newest first. */
export const listQuarantine = async (pool: Pool, orgId: string, limit = 200): Promise<QuarantineView> => {
  const { rows } = await pool.query<Row>(
    `WITH held AS (
       SELECT $2::text AS follower, stream_id, event_type, kind, error, attempts, recorded_at, quarantined_at,
              false AS retry_requested, global_position
         FROM ${READ_MODEL_SCHEMA}.quarantine WHERE org_id = $1
       UNION ALL
       SELECT reactor, stream_id, event_type, kind, error, attempts, recorded_at, quarantined_at,
              retry_requested_at IS NOT NULL, global_position
         FROM reactor_quarantine WHERE org_id = $1
     )
     SELECT follower, stream_id, event_type, kind, error, attempts, recorded_at, quarantined_at, retry_requested,
            global_position::text AS position, count(*) OVER ()::text AS total
       FROM held ORDER BY quarantined_at DESC, global_position DESC LIMIT $3`,
    [orgId, READ_MODELS_FOLLOWER, limit],
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((row) => ({
      follower: row.follower,
      streamKind: row.stream_id.split('-')[0] ?? '',
      eventType: row.event_type,
      kind: row.kind,
      detail: row.error,
      attempts: row.attempts,
      recordedAt: row.recorded_at.toISOString(),
      quarantinedAt: row.quarantined_at.toISOString(),
      retryRequested: row.retry_requested,
      position: row.position,
    })),
  };
};
