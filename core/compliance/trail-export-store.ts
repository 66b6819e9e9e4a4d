import type { Pool } from 'pg';
import type { TrailDelivery } from '../../domain/compliance/trail-release.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';

/** `pending`/`sent`/`failed`: the bot's document; `ready`/`downloaded`: the officer hands it over. */
export type TrailDeliveryStatus = 'pending' | 'sent' | 'failed' | 'ready' | 'downloaded';

export type TrailExportView = {
  id: string;
  requestId: string;
  clientId: string;
  /** Events in the document. */
  events: number;
  status: 'draft' | 'released' | 'erased';
  preparedAt: string;
  preparedBy: string | null;
  releasedAt: string | null;
  releasedBy: string | null;
  delivery: { channel: TrailDelivery; status: TrailDeliveryStatus | null; at: string | null; error: string | null };
  links: { json: string; html: string; download: string; release: string };
};

export type TrailExportRow = {
  request_id: string;
  id: string;
  org_id: string;
  client_id: string;
  content: Sealed | null;
  events: number;
  prepared_at: Date;
  prepared_by: string | null;
  released_at: Date | null;
  released_by: string | null;
  delivery: TrailDelivery;
  delivery_status: TrailDeliveryStatus | null;
  delivered_at: Date | null;
  delivery_error: string | null;
  erased_at: Date | null;
};

export const toTrailExportView = (row: TrailExportRow): TrailExportView => {
  const base = `/api/compliance/requests/${row.request_id}/trail`;
  return {
    id: row.id,
    requestId: row.request_id,
    clientId: row.client_id,
    events: row.events,
    status: row.erased_at ? 'erased' : row.released_at ? 'released' : 'draft',
    preparedAt: row.prepared_at.toISOString(),
    preparedBy: row.prepared_by,
    releasedAt: row.released_at?.toISOString() ?? null,
    releasedBy: row.released_by,
    delivery: {
      channel: row.delivery,
      status: row.delivery_status,
      at: row.delivered_at?.toISOString() ?? null,
      error: row.delivery_error,
    },
    links: {
      json: `${base}?format=json`,
      html: `${base}?format=html`,
      download: `${base}?format=html&download=1`,
      release: `${base}/release`,
    },
  };
};

export const loadTrailExport = async (pool: Pool, orgId: string, requestId: string): Promise<TrailExportRow | null> => {
  const { rows } = await pool.query<TrailExportRow>(
    'SELECT * FROM compliance_trail_exports WHERE org_id = $1 AND request_id = $2',
    [orgId, requestId],
  );
  return rows[0] ?? null;
};

/** The answers prepared for these requests, by request id, without their content. */
export const trailExportsOf = async (
  pool: Pool,
  orgId: string,
  requestIds: readonly string[],
): Promise<Map<string, TrailExportView>> => {
  if (requestIds.length === 0) return new Map();
  const { rows } = await pool.query<TrailExportRow>(
    `SELECT request_id, id, org_id, client_id, NULL AS content, events, prepared_at, prepared_by, released_at, released_by,
            delivery, delivery_status, delivered_at, delivery_error, erased_at
       FROM compliance_trail_exports WHERE org_id = $1 AND request_id = ANY($2::uuid[])`,
    [orgId, requestIds],
  );
  return new Map(rows.map((row) => [row.request_id, toTrailExportView(row)]));
};

/** A released answer the bot is to send, still sealed; null when it is gone or already handled. */
export const pendingTrailDelivery = async (
  pool: Pool,
  exportId: string,
): Promise<{ orgId: string; clientId: string; content: Sealed | null } | null> => {
  const { rows } = await pool.query<{ org_id: string; client_id: string; content: Sealed | null }>(
    `SELECT org_id, client_id, content FROM compliance_trail_exports WHERE id = $1 AND delivery_status = 'pending'`,
    [exportId],
  );
  const row = rows[0];
  return row ? { orgId: row.org_id, clientId: row.client_id, content: row.content } : null;
};

/** How the bot's delivery went; only a pending delivery changes. */
export const markTrailDelivery = async (
  pool: Pool,
  exportId: string,
  outcome: { status: 'sent' | 'failed'; error?: string },
  at: number,
): Promise<void> => {
  await pool.query(
    `UPDATE compliance_trail_exports SET delivery_status = $2, delivery_error = $3, delivered_at = $4
      WHERE id = $1 AND delivery_status = 'pending'`,
    [exportId, outcome.status, outcome.error ?? null, new Date(at)],
  );
};

/** Part of an erasure: the sealed payloads are unreadable once the key is gone; drop them as well. */
export const scrubTrailExports = async (pool: Pool, clientId: string, at: string): Promise<void> => {
  await pool.query(
    `UPDATE compliance_trail_exports SET content = NULL, erased_at = coalesce(erased_at, $2),
            delivery_status = CASE WHEN delivery_status = 'pending' THEN 'failed' ELSE delivery_status END,
            delivery_error = CASE WHEN delivery_status = 'pending' THEN 'erased' ELSE delivery_error END
      WHERE client_id = $1`,
    [clientId, at],
  );
};
