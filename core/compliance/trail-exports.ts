import { randomUUID } from 'node:crypto';
import { clientToAnswer, trailReleaseDecider, trailReleaseStreamName } from '../../domain/compliance/trail-release.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { createStreamBatch } from '../event-store/stream-batch.ts';
import { VersionConflict } from '../event-store/event-store.ts';
import { Refusal } from '../shared/refusal.ts';
import type { AuditActor } from './audit-log.ts';
import type { RequestView, Requests } from './requests.ts';
import { loadTrailExport, toTrailExportView, type TrailExportRow, type TrailExportView } from './trail-export-store.ts';
import { buildTrail, completedTrail, type Trail, type TrailDeps } from './trail.ts';
import { trailHtml } from './trail-printable.ts';

/** What is sealed in a prepared answer: the document as JSON and as the readable report. */
export type TrailDocument = { trail: Trail; html: string };

/**
 * The person's copy of their trail. Staff appear by role and action: their names and the addresses
 * they worked from are the staff's own data, and art. 14 part 7 of 152-FZ leaves the operator's
 * employees out of whom the person is told about.
 */
export const subjectEdition = (trail: Trail): Trail => ({
  ...trail,
  accessLog: trail.accessLog.map((entry) => ({ ...entry, ip: null, userName: null })),
});

const alreadyReleased = () => new DomainError('ILLEGAL_TRANSITION', 'The answer to this request was already released');
const destroyed = () => new Refusal('gone', 'ERASED', 'The client was erased: the prepared answer was destroyed with their data');

/**
 * Answers to access requests with the person's trail: prepared as a sealed draft, reviewed by the
 * officer, released once. The release is an event (`trailrelease-<request>`), so the bot's reactor
 * sends the document to a bot request's chat; other channels hand over the officer's download.
 */
export const createTrailExports = (deps: TrailDeps & { requests: Requests }) => {
  const { pool, store, vault, audit, requests, now } = deps;

  const found = async (orgId: string, requestId: string): Promise<TrailExportRow> => {
    const row = await loadTrailExport(pool, orgId, requestId);
    if (!row) throw new DomainError('NOT_FOUND', 'No answer was prepared for this request', { requestId });
    return row;
  };

  const prepare = async (
    actor: AuditActor,
    requestId: string,
  ): Promise<{ export: TrailExportView; request: RequestView; created: boolean }> => {
    const request = await requests.view(actor.orgId, requestId);
    const existing = await loadTrailExport(pool, actor.orgId, requestId);
    const clientId = clientToAnswer(request, existing?.released_at != null);
    const trail = subjectEdition(await buildTrail(deps, actor.orgId, clientId));
    if (trail.subject.status === 'erased') throw destroyed();
    const document: TrailDocument = { trail, html: trailHtml(trail) };
    const content = await vault.seal(clientId, document).catch(() => {
      throw destroyed();
    });
    const { rowCount } = await pool.query(
      `INSERT INTO compliance_trail_exports (request_id, id, org_id, client_id, content, events, prepared_at, prepared_by, delivery)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (request_id) DO UPDATE SET id = EXCLUDED.id, content = EXCLUDED.content, events = EXCLUDED.events,
         prepared_at = EXCLUDED.prepared_at, prepared_by = EXCLUDED.prepared_by
       WHERE compliance_trail_exports.released_at IS NULL`,
      [
        requestId,
        randomUUID(),
        actor.orgId,
        clientId,
        JSON.stringify(content),
        trail.events.length,
        new Date(now()),
        actor.userId,
        request.channel === 'telegram' ? 'telegram' : 'download',
      ],
    );
    if (!rowCount) throw alreadyReleased();
    await audit.access(actor, 'export', [clientId], { requestId, stage: 'prepared', events: trail.events.length });
    await audit.security(actor, 'export', { requestId, stage: 'prepared' }, [clientId]);
    const view = toTrailExportView(await found(actor.orgId, requestId));
    return { export: view, request: await requests.view(actor.orgId, requestId), created: !existing };
  };

  /**
   * The prepared answer for review before release, or for the officer's download after it. Only a
   * download (`delivered`) marks a released answer handed over: a look at it is not a delivery.
   */
  const document = async (
    actor: AuditActor,
    requestId: string,
    format: 'json' | 'html' | 'pdf',
    delivered: boolean,
  ): Promise<{ export: TrailExportView; document: TrailDocument }> => {
    const row = await found(actor.orgId, requestId);
    const opened = row.content ? await vault.open<TrailDocument>(row.client_id, row.content).catch(() => null) : null;
    if (!opened) throw destroyed();
    if (delivered && row.released_at && row.delivery_status === 'ready') {
      await pool.query(
        `UPDATE compliance_trail_exports SET delivery_status = 'downloaded', delivered_at = $2
          WHERE id = $1 AND delivery_status = 'ready'`,
        [row.id, new Date(now())],
      );
    }
    await audit.access(actor, 'export', [row.client_id], { requestId, stage: row.released_at ? 'download' : 'review', format });
    return {
      export: toTrailExportView(await found(actor.orgId, requestId)),
      document: { ...opened, trail: completedTrail(opened.trail) },
    };
  };

  const markReleased = (row: TrailExportRow, releasedAt: string, releasedBy: string | null) =>
    pool.query(
      `UPDATE compliance_trail_exports
          SET released_at = $2, released_by = $3,
              delivery_status = CASE delivery WHEN 'telegram' THEN 'pending' ELSE 'ready' END
        WHERE id = $1 AND released_at IS NULL AND content IS NOT NULL`,
      [row.id, releasedAt, releasedBy],
    );

  /** Back to a draft when the release's event could not be written: the officer sees it unreleased and retries. */
  const unmarkReleased = (row: TrailExportRow, releasedAt: string) =>
    pool.query(
      `UPDATE compliance_trail_exports SET released_at = NULL, released_by = NULL, delivery_status = NULL
        WHERE id = $1 AND released_at = $2`,
      [row.id, releasedAt],
    );

  /**
   * Releases the prepared answer once, and only the draft the officer reviewed. The row is marked
   * first (it gates concurrent releases and tells the bot the delivery is pending), then the event
   * is appended. An append that fails puts the draft back; a release cut short between the two
   * (a crash) is completed by the next call.
   */
  const release = async (
    actor: AuditActor,
    requestId: string,
    reviewedExportId: string,
  ): Promise<{ export: TrailExportView; request: RequestView }> => {
    const row = await found(actor.orgId, requestId);
    if (!row.content) throw destroyed();
    if (reviewedExportId !== row.id) {
      throw new DomainError('ILLEGAL_TRANSITION', 'The answer was prepared again meanwhile: review it before release', {
        exportId: row.id,
      });
    }
    const request = await requests.view(actor.orgId, requestId);
    const stream = trailReleaseStreamName(requestId);
    const batch = createStreamBatch(await store.readStreams([stream]));
    const state = batch.state(stream, trailReleaseDecider);
    if (state.status === 'Released') {
      // Completes a release cut short after its event; the request closes once either way.
      await requests.answered({ ...actor, userId: state.releasedBy }, requestId, state.releasedAt);
      throw alreadyReleased();
    }
    const releasedAt = row.released_at?.toISOString() ?? new Date(now()).toISOString();
    const releasedBy = row.released_at ? row.released_by : actor.userId;
    batch.decide(stream, trailReleaseDecider, {
      type: 'ReleaseTrail',
      data: {
        requestId,
        exportId: row.id,
        orgId: actor.orgId,
        clientId: row.client_id,
        channel: request.channel,
        requestStatus: request.status,
        releasedBy,
      },
      metadata: { now: releasedAt },
    });
    if (!row.released_at && !(await markReleased(row, releasedAt, releasedBy)).rowCount) {
      // Another release (or a new draft, or an erasure) got to the row first.
      throw alreadyReleased();
    }
    try {
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
    } catch (error) {
      if (error instanceof VersionConflict) throw alreadyReleased();
      if (!row.released_at) await unmarkReleased(row, releasedAt).catch(() => undefined);
      throw error;
    }
    const answered = await requests.answered(actor, requestId, releasedAt);
    const released = toTrailExportView(await found(actor.orgId, requestId));
    await audit.security(actor, 'trail-released', { requestId, exportId: row.id, delivery: released.delivery.channel }, [
      row.client_id,
    ]);
    await audit.access(actor, 'export', [row.client_id], { requestId, stage: 'released', delivery: released.delivery.channel });
    return { export: released, request: answered };
  };

  return { prepare, document, release };
};

export type TrailExports = ReturnType<typeof createTrailExports>;
