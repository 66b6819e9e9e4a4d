import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  assertNotifiable,
  deadlineViews,
  incidentDeadlines,
  type IncidentKind,
  type NoticeStage,
} from '../../domain/compliance/incidents.ts';
import { dataCategories } from '../../domain/compliance/notice.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireInstant, requirePastInstant } from '../../domain/shared/input-rules.ts';
import { READ_MODEL_SCHEMA as rm } from '../../projections/schema.ts';

/** Which clients an incident may touch: bookings of some branches in a period, named clients, or everyone. */
export type IncidentScope = { branchIds?: string[]; from?: string; to?: string; clientIds?: string[] };

export type IncidentInput = {
  kind: IncidentKind;
  summary: string;
  detectedAt?: string;
  scope: IncidentScope;
  /** Field names (name, phone, plate, …) the incident exposed. */
  categories: string[];
};

type Row = {
  id: string;
  kind: IncidentKind;
  summary: string;
  detected_at: Date;
  scope: IncidentScope;
  categories: string[];
  initial_notified_at: Date | null;
  follow_up_notified_at: Date | null;
  status: 'open' | 'closed';
  closed_at: Date | null;
};

/** Instants an incident's scope may name: bookings the store could hold, from 2000 on. */
const SCOPE_EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const SCOPE_LATEST = Date.parse('2200-01-01T00:00:00Z');

const scopeInstant = (value: string, field: string): string => {
  const at = requireInstant(value, field);
  if (at < SCOPE_EARLIEST || at >= SCOPE_LATEST) {
    throw new DomainError('VALIDATION', `${field} must be a moment between 2000 and 2199`, { field });
  }
  return new Date(at).toISOString();
};

/** The scope as stored: its instants checked and written as UTC ISO strings, the period not reversed. */
const checkedScope = (scope: IncidentScope): IncidentScope => {
  const from = scope.from === undefined ? undefined : scopeInstant(scope.from, 'scope.from');
  const to = scope.to === undefined ? undefined : scopeInstant(scope.to, 'scope.to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new DomainError('VALIDATION', 'scope.from must not be after scope.to', { field: 'scope.from' });
  }
  return { ...scope, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
};

/** The incident register: deadlines counting down, notices recorded, the clients and data touched. */
export const createIncidents = (pool: Pool, now: () => number) => {
  const toView = (row: Row) => {
    const detectedAt = row.detected_at.getTime();
    const clock = {
      ...incidentDeadlines(detectedAt),
      initialNotifiedAt: row.initial_notified_at?.getTime() ?? null,
      followUpNotifiedAt: row.follow_up_notified_at?.getTime() ?? null,
    };
    return {
      id: row.id,
      kind: row.kind,
      summary: row.summary,
      detectedAt: row.detected_at.toISOString(),
      scope: row.scope,
      categories: row.categories.map((field) => ({ field, name: dataCategories[field] ?? field })),
      status: row.status,
      closedAt: row.closed_at?.toISOString() ?? null,
      notices: {
        initialAt: row.initial_notified_at?.toISOString() ?? null,
        followUpAt: row.follow_up_notified_at?.toISOString() ?? null,
      },
      deadlines: deadlineViews(clock, now()),
    };
  };

  const load = async (orgId: string, id: string) => {
    const { rows } = await pool.query<Row>('SELECT * FROM compliance_incidents WHERE org_id = $1 AND id = $2', [orgId, id]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'Incident not found', { incidentId: id });
    return rows[0];
  };

  const register = async (orgId: string, userId: string | null, input: IncidentInput) => {
    const detectedAt = input.detectedAt ? Date.parse(requirePastInstant(input.detectedAt, 'detectedAt', now())) : now();
    const scope = checkedScope(input.scope);
    const unknown = input.categories.filter((field) => !(field in dataCategories));
    if (unknown.length)
      throw new DomainError('VALIDATION', `Unknown data categories: ${unknown.join(', ')}`, { field: 'categories' });
    const id = randomUUID();
    await pool.query(
      `INSERT INTO compliance_incidents (id, org_id, kind, summary, detected_at, scope, categories, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)`,
      [id, orgId, input.kind, input.summary.trim(), new Date(detectedAt), JSON.stringify(scope), input.categories, userId],
    );
    return toView(await load(orgId, id));
  };

  const notified = async (orgId: string, id: string, stage: NoticeStage, at?: string) => {
    const row = await load(orgId, id);
    assertNotifiable(
      {
        ...incidentDeadlines(row.detected_at.getTime()),
        initialNotifiedAt: row.initial_notified_at?.getTime() ?? null,
        followUpNotifiedAt: row.follow_up_notified_at?.getTime() ?? null,
      },
      stage,
    );
    const when = at ? Date.parse(requirePastInstant(at, 'at', now())) : now();
    if (when < row.detected_at.getTime()) {
      throw new DomainError('VALIDATION', 'A notice cannot be sent before the incident was detected', { field: 'at' });
    }
    const column = stage === 'initial' ? 'initial_notified_at' : 'follow_up_notified_at';
    await pool.query(`UPDATE compliance_incidents SET ${column} = $3 WHERE org_id = $1 AND id = $2`, [orgId, id, new Date(when)]);
    return toView(await load(orgId, id));
  };

  const close = async (orgId: string, id: string) => {
    const row = await load(orgId, id);
    if (row.status === 'closed') throw new DomainError('ILLEGAL_TRANSITION', 'The incident is already closed');
    await pool.query(`UPDATE compliance_incidents SET status = 'closed', closed_at = $3 WHERE org_id = $1 AND id = $2`, [
      orgId,
      id,
      new Date(now()),
    ]);
    return toView(await load(orgId, id));
  };

  const list = async (orgId: string) => {
    const { rows } = await pool.query<Row>(
      `SELECT * FROM compliance_incidents WHERE org_id = $1 ORDER BY (status = 'open') DESC, detected_at DESC LIMIT 500`,
      [orgId],
    );
    return rows.map(toView);
  };

  /** The clients an incident touches (ids only; the officer opens cards or trails from them). */
  const affected = async (orgId: string, id: string) => {
    const row = await load(orgId, id);
    const { branchIds, from, to, clientIds } = row.scope;
    const byBookings = Boolean(branchIds?.length || from || to);
    const everyone = !byBookings && !clientIds?.length;
    const { rows } = await pool.query<{ client_id: string }>(
      `SELECT c.id AS client_id FROM ${rm}.clients c
        WHERE c.org_id = $1 AND NOT c.erased
          AND ($2
               OR c.id = ANY($3::uuid[])
               OR ($4 AND EXISTS (SELECT 1 FROM ${rm}.bookings b
                                   WHERE b.client_id = c.id AND b.org_id = $1
                                     AND ($5::uuid[] IS NULL OR b.branch_id = ANY($5::uuid[]))
                                     AND ($6::timestamptz IS NULL OR b.end_at > $6)
                                     AND ($7::timestamptz IS NULL OR b.start_at < $7))))
        ORDER BY c.id`,
      [orgId, everyone, clientIds ?? [], byBookings, branchIds?.length ? branchIds : null, from ?? null, to ?? null],
    );
    return {
      incidentId: id,
      clients: rows.length,
      clientIds: rows.map((one) => one.client_id),
      categories: row.categories.map((field) => ({ field, name: dataCategories[field] ?? field })),
    };
  };

  return { register, notified, close, list, affected };
};
