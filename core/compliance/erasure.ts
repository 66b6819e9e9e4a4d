import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { eraseBotData } from '../chats/chat-store.ts';
import { scrubErasedClientTasks } from '../tasks/tasks.ts';
import { dataCategories, erasureReasons, type ErasureReason } from '../../domain/compliance/notice.ts';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import { inboxStreamName } from '../../domain/inbox/inbox.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { Temporal, wallDate } from '../../domain/shared/time.ts';
import { readModelsReached } from '../../projections/caught-up.ts';
import type { Vault } from '../vault/vault.ts';
import { VersionConflict, type EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { actHtml, actPrintable, logExportHtml, logExportPrintable, type DestructionAct, type LogExport } from './act.ts';
import { renderPrintablePdf } from '../documents/printable-pdf.ts';
import type { AuditActor, AuditLog } from './audit-log.ts';
import { readSubjectHistory, sealedFieldNames, type SubjectHistory } from './subject.ts';
import type { ComplianceTexts } from './texts.ts';
import { stationTimeZone } from './station-zone.ts';
import { requestChannelWords, requestKindWords } from './document-words.ts';
import { requireErasureRequest, type RequestChannel, type RequestKind } from '../../domain/compliance/requests.ts';
import { scrubTrailExports } from './trail-export-store.ts';
import { nextNumber } from '../database/counters.ts';
import type { ChangeStatus } from '../booking/change-status.ts';

const ACT_RETENTION_YEARS = 3;
const READ_MODEL_WAIT_MS = 10_000;

export type StoredAct = { act: DestructionAct; logExport: LogExport };

/** What each event type carries sealed, for an erasure resumed after the key was already gone. */
const fieldsByEventType: Record<string, string[]> = {
  ClientRegistered: ['name', 'phone'],
  ClientImported: ['name', 'phone'],
  ClientProfileUpdated: ['name', 'phone'],
  ClientPhoneChanged: ['name', 'phone'],
  CarAdded: ['make', 'model', 'plate'],
  TelegramLinked: ['telegram'],
  ConsentGiven: ['evidence'],
};

/**
 * What else goes with the client outside their client and booking streams: their messages and
 * their cars' VINs (sealed under their key), the texts of staff tasks about them or their visits
 * (replaced), and the officer's notes on their requests (sealed).
 */
const otherFields = async (pool: Pool, clientId: string, bookingIds: readonly string[]): Promise<string[]> => {
  const { rows } = await pool.query<{ conversation: boolean; vin: boolean; task: boolean; requestNote: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM emt_messages WHERE stream_id = $2 AND partition = 'emt:default') AS conversation,
            EXISTS (SELECT 1 FROM emt_messages
                     WHERE message_type = 'WorkOrderOpened' AND message_data->>'clientId' = $1
                       AND jsonb_typeof(message_data->'vehicle') = 'object' AND partition = 'emt:default') AS vin,
            EXISTS (SELECT 1 FROM tasks WHERE client_id = $1::uuid OR booking_id = ANY($3::uuid[])) AS task,
            EXISTS (SELECT 1 FROM compliance_requests WHERE client_id = $1::uuid AND note IS NOT NULL) AS "requestNote"`,
    [clientId, inboxStreamName(clientId), bookingIds],
  );
  const found = rows[0];
  return found ? (['conversation', 'vin', 'task', 'requestNote'] as const).filter((field) => found[field]) : [];
};

const categoriesOf = async (pool: Pool, vault: Vault, history: SubjectHistory): Promise<string[]> => {
  let fields = await sealedFieldNames(vault, history);
  if (fields.length === 0) {
    fields = history.events.flatMap((event) => {
      if (event.type === 'BookingRequested') return event.data.details ? ['comment', 'plate'] : [];
      return fieldsByEventType[event.type] ?? [];
    });
  }
  fields = [
    ...fields,
    ...(await otherFields(
      pool,
      history.clientId,
      history.bookings.map((booking) => booking.bookingId),
    )),
  ];
  const order = Object.keys(dataCategories);
  return [...new Set(fields)].sort((a, b) => order.indexOf(a) - order.indexOf(b)).map((field) => dataCategories[field] ?? field);
};

/**
 * Erasure with proof. Each step is idempotent, so a retry after a crash finishes the job: the
 * ClientErased event (through the client decider), the shredded key and phone index, the bot's
 * rows, the prepared answers to access requests, the read models scrubbed by the projection of
 * ClientErased, the log entries, and the destruction act with its log export, kept 3 years.
 */
export const createErasure = (deps: {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  audit: AuditLog;
  texts: ComplianceTexts;
  changeStatus: ChangeStatus;
  now: () => number;
}) => {
  const { pool, store, vault, audit, texts, changeStatus, now } = deps;

  const appendErased = async (actor: AuditActor, clientId: string, reason: ErasureReason) => {
    const stream = clientStreamName(clientId);
    await handle(
      store,
      async (read) => {
        (await read([stream])).decide(stream, clientDecider, {
          type: 'EraseClient',
          data: { clientId, reason },
          metadata: { now: new Date(now()).toISOString(), userId: actor.userId },
        });
      },
      { metadata: { orgId: actor.orgId, userId: actor.userId } },
    );
  };

  /** Waits (bounded) until the read-model projection has applied the ClientErased event. */
  const readModelsScrubbed = async (clientId: string): Promise<boolean> => {
    const { rows } = await pool.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text, global_position::text FROM emt_messages
        WHERE stream_id = $1 AND message_type = 'ClientErased' AND partition = 'emt:default' LIMIT 1`,
      [clientStreamName(clientId)],
    );
    const at = rows[0];
    return at
      ? readModelsReached(pool, { transactionId: at.transaction_id, globalPosition: at.global_position }, READ_MODEL_WAIT_MS)
      : false;
  };

  /**
   * A visit still ahead cannot be kept for a person the station will no longer know: it is cancelled
   * (at the client's request, as the erasure is) and its bay time freed, so the board shows no open
   * card nobody can be called about. After the key and the bot's chats are gone, so no message about
   * it reaches the person. One under way stays: the car is at the station. A cancellation that fails
   * (its bay-day too busy to write to now) leaves that card for the desk; the erasure itself goes on.
   * The count is read from the log: an erasure resumed after a crash counts what the first try cancelled.
   */
  const cancelVisitsAhead = async (actor: AuditActor, history: SubjectHistory): Promise<number> => {
    const erasedAt = history.events.findIndex((event) => event.type === 'ClientErased');
    const cancelledBefore =
      erasedAt < 0 ? 0 : history.events.slice(erasedAt).filter((event) => event.type === 'BookingCancelled').length;
    const ahead = history.bookings.filter(
      (booking) => (booking.status === 'New' || booking.status === 'Confirmed') && Date.parse(booking.start) > now(),
    );
    let cancelled = 0;
    for (const booking of ahead) {
      const done = await changeStatus(
        { orgId: actor.orgId, userId: actor.userId },
        booking.bookingId,
        'Cancelled',
        'client_request',
      )
        .then(() => true)
        .catch((error: unknown) => {
          // Moved on meanwhile (started, cancelled by the desk) or its bay-day too busy: the desk's now.
          if (isDomainError(error) || error instanceof VersionConflict) return false;
          throw error;
        });
      if (done) cancelled++;
    }
    return cancelledBefore + cancelled;
  };

  const findAct = async (orgId: string, where: { clientId?: string; actId?: string }): Promise<StoredAct | null> => {
    const { rows } = await pool.query<{ act: DestructionAct; log_export: LogExport }>(
      `SELECT act, log_export FROM compliance_acts
        WHERE org_id = $1 AND ($2::uuid IS NULL OR client_id = $2) AND ($3::uuid IS NULL OR id = $3)`,
      [orgId, where.clientId ?? null, where.actId ?? null],
    );
    return rows[0] ? { act: rows[0].act, logExport: rows[0].log_export } : null;
  };

  const erase = async (
    actor: AuditActor,
    clientId: string,
    input: { reason: ErasureReason; requestId?: string },
  ): Promise<StoredAct & { created: boolean }> => {
    const history = await readSubjectHistory(pool, clientId);
    if (history.state.status === 'Unknown' || history.orgId !== actor.orgId) {
      throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
    }
    const existing = await findAct(actor.orgId, { clientId });
    if (existing) return { ...existing, created: false };
    if (input.requestId) {
      const { rows } = await pool.query<{ id: string; kind: RequestKind; status: string; client_id: string | null }>(
        'SELECT id, kind, status, client_id FROM compliance_requests WHERE id = $1 AND org_id = $2',
        [input.requestId, actor.orgId],
      );
      const request = rows[0];
      if (!request) throw new DomainError('NOT_FOUND', 'Request not found', { requestId: input.requestId });
      requireErasureRequest({ ...request, clientId: request.client_id }, clientId);
    }

    const categories = await categoriesOf(pool, vault, history);
    await appendErased(actor, clientId, input.reason);
    await vault.shred(clientId);
    await eraseBotData(pool, clientId);
    const cancelled = await cancelVisitsAhead(actor, history);
    await scrubErasedClientTasks(
      pool,
      clientId,
      history.bookings.map((booking) => booking.bookingId),
    );
    const destroyedAt = new Date(now()).toISOString();
    await scrubTrailExports(pool, clientId, destroyedAt);
    // The request that asked for it, and any other the person left open (a rectification, an access
    // request): with the data destroyed there is nothing left to answer them with.
    await pool.query(
      `UPDATE compliance_requests SET status = 'done', outcome = 'erased', closed_at = $4, closed_by = $5
        WHERE org_id = $2 AND (id = $1 OR client_id = $3) AND status IN ('open', 'extended')`,
      [input.requestId ?? null, actor.orgId, clientId, destroyedAt, actor.userId],
    );
    const scrubbed = await readModelsScrubbed(clientId);
    const actId = randomUUID();
    await audit.access(actor, 'erase', [clientId], { actId, reason: input.reason });
    await audit.security(actor, 'erasure', { actId, reason: input.reason }, [clientId]);

    const [wording, staff, timeZone, asked] = await Promise.all([
      texts.all(actor.orgId),
      pool.query<{ id: string; name: string }>('SELECT id, name FROM users WHERE org_id = $1', [actor.orgId]),
      stationTimeZone(pool, actor.orgId),
      pool.query<{ kind: RequestKind; channel: RequestChannel; received_date: string }>(
        'SELECT kind, channel, received_date::text FROM compliance_requests WHERE id = $1 AND org_id = $2',
        [input.requestId ?? null, actor.orgId],
      ),
    ]);
    const nameOf = new Map(staff.rows.map((row) => [row.id, row.name]));
    const request = asked.rows[0]
      ? `Запрос ${requestKindWords[asked.rows[0].kind]}, получен ${wallDate(asked.rows[0].received_date)}, ${requestChannelWords[asked.rows[0].channel]}`
      : null;
    const retentionUntil = Temporal.Instant.from(destroyedAt)
      .toZonedDateTimeISO(timeZone)
      .toPlainDate()
      .add({ years: ACT_RETENTION_YEARS })
      .toString();
    const number = await nextNumber(pool, 'compliance_act_numbers', actor.orgId);
    const act: DestructionAct = {
      id: actId,
      number,
      operator: wording.operator.text,
      processor: wording.processors.text,
      subject: { clientId, description: 'Клиент станции технического обслуживания' },
      categories,
      carrier: 'Материальные носители не уничтожались: персональные данные обрабатывались автоматизированно',
      informationSystem: wording['information-system'].text,
      method: wording['erasure-method'].text,
      reason: { code: input.reason, text: erasureReasons[input.reason] },
      destroyedAt,
      destroyedBy: { userId: actor.userId, name: actor.userId ? (nameOf.get(actor.userId) ?? null) : null, role: actor.role },
      requestId: input.requestId ?? null,
      request,
      bookingsKept: history.bookings.length,
      bookingsCancelled: cancelled,
      readModelsScrubbed: scrubbed,
      retentionUntil,
    };
    const entries = await audit.aboutClient(actor.orgId, clientId);
    const logExport: LogExport = {
      actId,
      actNumber: number,
      informationSystem: act.informationSystem,
      subject: { clientId },
      categories,
      reason: act.reason.text,
      destroyedAt,
      entries: [
        ...entries.access.map((entry) => ({ ...entry, log: 'access' as const })),
        ...entries.security.map((entry) => ({ ...entry, log: 'security' as const })),
      ]
        .map((entry) => ({ ...entry, userName: entry.userId ? (nameOf.get(entry.userId) ?? null) : null }))
        .sort((a, b) => a.at.localeCompare(b.at) || a.log.localeCompare(b.log) || a.seq - b.seq),
    };
    const inserted = await pool.query(
      `INSERT INTO compliance_acts (id, org_id, client_id, destroyed_at, destroyed_by, act, html, log_export, log_export_html, retention_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (org_id, client_id) DO NOTHING`,
      [
        actId,
        actor.orgId,
        clientId,
        destroyedAt,
        actor.userId,
        JSON.stringify(act),
        actHtml(act, timeZone),
        JSON.stringify(logExport),
        logExportHtml(logExport, timeZone),
        retentionUntil,
      ],
    );
    // Deleted rows (the key above all) and the old versions of scrubbed ones (the card, the board's
    // bookings, the tasks' titles) stay in the table files until vacuumed, and one erasure is far
    // below autovacuum's threshold: clear them now, without holding the answer back.
    void pool
      .query(
        `VACUUM client_keys, client_phones, bot_sessions, bot_chats, compliance_trail_exports, rm.clients, rm.bookings, tasks`,
      )
      .catch(() => undefined);
    if (!inserted.rowCount) return { ...(await findAct(actor.orgId, { clientId }))!, created: false };
    return { act, logExport, created: true };
  };

  const listActs = async (orgId: string) => {
    const { rows } = await pool.query<{
      id: string;
      number: number | null;
      client_id: string;
      destroyed_at: Date;
      retention_until: string;
    }>(
      `SELECT id, (act->>'number')::int AS number, client_id, destroyed_at, to_char(retention_until, 'YYYY-MM-DD') AS retention_until
         FROM compliance_acts WHERE org_id = $1 ORDER BY destroyed_at DESC LIMIT 1000`,
      [orgId],
    );
    return rows.map((row) => ({
      id: row.id,
      number: row.number,
      clientId: row.client_id,
      destroyedAt: row.destroyed_at.toISOString(),
      retentionUntil: row.retention_until,
    }));
  };

  /** An act or its log export as JSON, its stored HTML page, or a PDF of the same content. */
  const actDocument = async (orgId: string, actId: string, part: 'act' | 'log-export', format: 'json' | 'html' | 'pdf') => {
    const { rows } = await pool.query<{ act: DestructionAct; html: string; log_export: LogExport; log_export_html: string }>(
      'SELECT act, html, log_export, log_export_html FROM compliance_acts WHERE org_id = $1 AND id = $2',
      [orgId, actId],
    );
    const row = rows[0];
    if (!row) throw new DomainError('NOT_FOUND', 'Act not found', { actId });
    if (format === 'pdf') {
      const timeZone = await stationTimeZone(pool, orgId);
      return renderPrintablePdf(part === 'act' ? actPrintable(row.act, timeZone) : logExportPrintable(row.log_export, timeZone));
    }
    if (part === 'act') return format === 'html' ? row.html : row.act;
    return format === 'html' ? row.log_export_html : row.log_export;
  };

  return { erase, listActs, actDocument };
};

export type Erasure = ReturnType<typeof createErasure>;
