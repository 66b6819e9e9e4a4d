import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '../database/transaction.ts';
import {
  closeRequest,
  deadlineRules,
  dueDateOf,
  extendRequest,
  type IdentityEvidence,
  type RequestChannel,
  type RequestKind,
  type RequestOutcome,
  type RequestStatus,
} from '../../domain/compliance/requests.ts';
import { isCovered, workingDaysLeft } from '../../domain/compliance/working-days.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requirePastInstant } from '../../domain/shared/input-rules.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { Temporal } from '../../domain/shared/time.ts';
import type { Vault } from '../vault/vault.ts';
import type { AuditActor } from './audit-log.ts';
import { stationTimeZone } from './station-zone.ts';
import { trailExportsOf, type TrailExportView } from './trail-export-store.ts';

export type RequestView = {
  id: string;
  clientId: string | null;
  kind: RequestKind;
  channel: RequestChannel;
  evidence: IdentityEvidence;
  /** The staff's note, opened; null when there is none or the client was erased. */
  note: string | null;
  receivedAt: string;
  receivedDate: string;
  timeZone: string;
  dueDate: string;
  /** The date rests on a year missing from the production calendar: check it by hand. */
  dueDateEstimated: boolean;
  basis: string;
  status: RequestStatus;
  /** Days left to the due date (working or calendar, as the rule counts); negative when overdue. */
  daysLeft: number;
  daysUnit: 'working' | 'calendar';
  overdue: boolean;
  extensionReason: string | null;
  extendedAt: string | null;
  outcome: RequestOutcome | null;
  closedAt: string | null;
  /** The answer prepared for an access request (draft, released, delivered), or null. */
  trail: TrailExportView | null;
};

type Row = {
  id: string;
  client_id: string | null;
  kind: RequestKind;
  channel: RequestChannel;
  evidence: IdentityEvidence;
  note: Sealed | null;
  received_at: Date;
  received_date: string;
  time_zone: string;
  due_date: string;
  status: RequestStatus;
  extension_reason: string | null;
  extended_at: Date | null;
  outcome: RequestOutcome | null;
  closed_at: Date | null;
};

const columns = `id, client_id, kind, channel, evidence, note, received_at, to_char(received_date, 'YYYY-MM-DD') AS received_date,
  time_zone, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, extension_reason, extended_at, outcome, closed_at`;

const localDate = (epochMs: number, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).toPlainDate().toString();

const toView = async (vault: Vault, row: Row, nowMs: number, trail: TrailExportView | null): Promise<RequestView> => {
  const rule = deadlineRules[row.kind];
  const today = localDate(nowMs, row.time_zone);
  const daysLeft =
    rule.unit === 'working'
      ? workingDaysLeft(today, row.due_date)
      : Temporal.PlainDate.from(today).until(Temporal.PlainDate.from(row.due_date)).days;
  const note = row.note && row.client_id ? await vault.open<string>(row.client_id, row.note).catch(() => null) : null;
  const open = row.status === 'open' || row.status === 'extended';
  return {
    id: row.id,
    clientId: row.client_id,
    kind: row.kind,
    channel: row.channel,
    evidence: row.evidence,
    note,
    receivedAt: row.received_at.toISOString(),
    receivedDate: row.received_date,
    timeZone: row.time_zone,
    dueDate: row.due_date,
    // Calendar days need no production calendar: only a count of working days can rest on a missing year.
    dueDateEstimated: rule.unit === 'working' && (!isCovered(row.received_date) || !isCovered(row.due_date)),
    basis: rule.basis,
    status: row.status,
    daysLeft,
    daysUnit: rule.unit,
    overdue: open && daysLeft < 0,
    extensionReason: row.extension_reason,
    extendedAt: row.extended_at?.toISOString() ?? null,
    outcome: row.outcome,
    closedAt: row.closed_at?.toISOString() ?? null,
    trail,
  };
};

const viewsOf = async (pool: Pool, vault: Vault, orgId: string, rows: Row[], nowMs: number): Promise<RequestView[]> => {
  const trails = await trailExportsOf(
    pool,
    orgId,
    rows.map((row) => row.id),
  );
  return Promise.all(rows.map((row) => toView(vault, row, nowMs, trails.get(row.id) ?? null)));
};

export const listRequests = async (
  pool: Pool,
  vault: Vault,
  orgId: string,
  now: () => number,
  filter: { clientId?: string; status?: 'open' | 'closed' } = {},
): Promise<RequestView[]> => {
  const { rows } = await pool.query<Row>(
    `SELECT ${columns} FROM compliance_requests
      WHERE org_id = $1 AND ($2::uuid IS NULL OR client_id = $2)
        AND ($3::text IS NULL OR ($3 = 'open') = (status IN ('open', 'extended')))
      ORDER BY (status IN ('open', 'extended')) DESC, due_date, received_at
      LIMIT 1000`,
    [orgId, filter.clientId ?? null, filter.status ?? null],
  );
  return viewsOf(pool, vault, orgId, rows, now());
};

export type RegisterRequestInput = {
  clientId?: string;
  kind: RequestKind;
  channel: RequestChannel;
  evidence: IdentityEvidence;
  note?: string;
  receivedAt?: string;
};

/** The subject-request registry: due dates in Russian working days, one extension, closing. */
export const createRequests = (deps: { pool: Pool; vault: Vault; now: () => number }) => {
  const { pool, vault, now } = deps;

  const load = async (orgId: string, id: string): Promise<Row> => {
    const { rows } = await pool.query<Row>(`SELECT ${columns} FROM compliance_requests WHERE org_id = $1 AND id = $2`, [
      orgId,
      id,
    ]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'Request not found', { requestId: id });
    return rows[0];
  };

  const view = async (orgId: string, id: string): Promise<RequestView> =>
    (await viewsOf(pool, vault, orgId, [await load(orgId, id)], now()))[0]!;

  /** A new request's row as its INSERT takes it, checked: the time it came, its client, its sealed note, its due date. */
  const newRow = async (actor: AuditActor, input: RegisterRequestInput): Promise<unknown[]> => {
    // A request of long ago is refused as every recorded moment is: before 2000 or after now.
    const receivedMs = input.receivedAt ? Date.parse(requirePastInstant(input.receivedAt, 'receivedAt', now())) : now();
    if (input.clientId) {
      const { rows } = await pool.query<{ org_id: string }>(
        `SELECT message_data->>'orgId' AS org_id FROM emt_messages
          WHERE stream_id = $1 AND partition = 'emt:default' AND message_data ? 'orgId' LIMIT 1`,
        [clientStreamName(input.clientId)],
      );
      if (rows[0]?.org_id !== actor.orgId) throw new DomainError('NOT_FOUND', 'Client not found', { clientId: input.clientId });
    }
    let note: Sealed | null = null;
    if (input.note?.trim()) {
      // A note may name the person: it is sealed under their key, so an erasure takes it too.
      if (!input.clientId) throw new DomainError('VALIDATION', 'A note needs the client it is about', { field: 'note' });
      note = await vault.seal(input.clientId, input.note.trim()).catch(() => {
        throw new DomainError('VALIDATION', 'This client was erased: no note can be kept', { field: 'note' });
      });
    }
    const timeZone = await stationTimeZone(pool, actor.orgId);
    const receivedDate = localDate(receivedMs, timeZone);
    return [
      randomUUID(),
      actor.orgId,
      input.clientId ?? null,
      input.kind,
      input.channel,
      input.evidence,
      note ? JSON.stringify(note) : null,
      new Date(receivedMs),
      receivedDate,
      timeZone,
      dueDateOf(input.kind, receivedDate),
      actor.userId,
    ];
  };

  const INSERT = `INSERT INTO compliance_requests (id, org_id, client_id, kind, channel, evidence, note, received_at, received_date,
                                                  time_zone, due_date, status, created_by)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12)`;

  const register = async (actor: AuditActor, input: RegisterRequestInput): Promise<RequestView> => {
    const row = await newRow(actor, input);
    await pool.query(INSERT, row);
    return view(actor.orgId, row[0] as string);
  };

  /**
   * A person's request from a bot or the booking page, unless one of its kind about them still
   * waits (then that one: a second tap is not a new request). Looked up and written on one
   * connection under a lock per person and kind, so taps sent at once register one request.
   */
  const registerUnlessOpen = async (
    actor: AuditActor,
    input: RegisterRequestInput & { clientId: string },
  ): Promise<{ request: RequestView; fresh: boolean }> => {
    const row = await newRow(actor, input);
    const { id, fresh } = await inTransaction(pool, async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subject-request:${input.clientId}:${input.kind}`]);
      const open = await db.query<{ id: string }>(
        `SELECT id FROM compliance_requests
          WHERE org_id = $1 AND client_id = $2 AND kind = $3 AND status IN ('open', 'extended')
          ORDER BY received_at DESC LIMIT 1`,
        [actor.orgId, input.clientId, input.kind],
      );
      if (open.rows[0]) return { id: open.rows[0].id, fresh: false };
      await db.query(INSERT, row);
      return { id: row[0] as string, fresh: true };
    });
    return { request: await view(actor.orgId, id), fresh };
  };

  // Two officers at once: the second change met a request the first had already closed or extended,
  // and is told so rather than answered with the first one's result.
  const changedMeanwhile = () => new DomainError('ILLEGAL_TRANSITION', 'The request was changed meanwhile: open it again');

  const extend = async (actor: AuditActor, id: string, reason: string): Promise<RequestView> => {
    const row = await load(actor.orgId, id);
    const next = extendRequest({ kind: row.kind, status: row.status, dueDate: row.due_date }, reason);
    const { rowCount } = await pool.query(
      `UPDATE compliance_requests SET status = $3, due_date = $4, extension_reason = $5, extended_at = $6
        WHERE org_id = $1 AND id = $2 AND status = 'open'`,
      [actor.orgId, id, next.status, next.dueDate, reason.trim(), new Date(now())],
    );
    if (rowCount === 0) throw changedMeanwhile();
    return view(actor.orgId, id);
  };

  const close = async (actor: AuditActor, id: string, outcome: RequestOutcome): Promise<RequestView> => {
    const row = await load(actor.orgId, id);
    const next = closeRequest({ kind: row.kind, status: row.status, dueDate: row.due_date }, outcome);
    const { rowCount } = await pool.query(
      `UPDATE compliance_requests SET status = $3, outcome = $4, closed_at = $5, closed_by = $6
        WHERE org_id = $1 AND id = $2 AND status IN ('open', 'extended')`,
      [actor.orgId, id, next.status, outcome, new Date(now()), actor.userId],
    );
    if (rowCount === 0) throw changedMeanwhile();
    return view(actor.orgId, id);
  };

  /** Closes an access request with its released answer; a request closed meanwhile stays as it is. */
  const answered = async (actor: AuditActor, id: string, at: string): Promise<RequestView> => {
    await pool.query(
      `UPDATE compliance_requests SET status = 'done', outcome = 'answered', closed_at = $3, closed_by = $4
        WHERE org_id = $1 AND id = $2 AND status IN ('open', 'extended')`,
      [actor.orgId, id, at, actor.userId],
    );
    return view(actor.orgId, id);
  };

  return {
    register,
    registerUnlessOpen,
    extend,
    close,
    answered,
    view,
    list: (orgId: string, filter: { clientId?: string; status?: 'open' | 'closed' } = {}) =>
      listRequests(pool, vault, orgId, now, filter),
  };
};

export type Requests = ReturnType<typeof createRequests>;
