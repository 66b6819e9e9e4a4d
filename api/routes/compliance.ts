import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { incidentKinds } from '../../domain/compliance/incidents.ts';
import { isRetentionRule, retentionRules } from '../../domain/compliance/retention.ts';
import {
  dataCategories,
  erasureReasons,
  CONSENT_TEXT_LIMIT,
  isTextKey,
  maskPhone,
  textKeys,
  type ErasureReason,
} from '../../domain/compliance/notice.ts';
import {
  identityEvidence,
  requestChannels,
  requestKinds,
  requestOutcomes,
  type RequestOutcome,
} from '../../domain/compliance/requests.ts';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName, type ClientEvent } from '../../domain/client/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { getClientCard, isClientWithin } from '../../projections/queries.ts';
import { createClientCommands } from '../../core/client/client-commands.ts';
import type { AuditLogName } from '../../core/compliance/audit-log.ts';
import { blockReasons, createBlocks, isClientBlocked, type BlockReason } from '../../core/compliance/blocks.ts';
import { consentRegistry } from '../../core/compliance/consents.ts';
import { createErasure } from '../../core/compliance/erasure.ts';
import { createIncidents, type IncidentInput } from '../../core/compliance/incidents.ts';
import { createRequests, type RegisterRequestInput } from '../../core/compliance/requests.ts';
import { createRetention } from '../../core/compliance/retention.ts';
import { createComplianceTexts } from '../../core/compliance/texts.ts';
import { createTrailExports } from '../../core/compliance/trail-exports.ts';
import { buildTrail, trailHtml } from '../../core/compliance/trail.ts';
import { aggregate } from '../../core/event-store/aggregate.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';
import { errors, uuid } from './schemas.ts';

const officer = { roles: ['compliance'] as const };
const staff = { roles: ['owner', 'manager'] as const };
/** Paper consents and withdrawals are taken at the desk or by the officer handling a request. */
const consentKeepers = { roles: ['owner', 'manager', 'compliance'] as const };
const idParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;
const formatQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['json', 'html'] } },
} as const;
type Format = { format?: 'json' | 'html' };

/** Documents with personal data, opened in the browser: inert (no scripts, forms, requests or framing). */
const DOCUMENT_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const html = (reply: FastifyReply, body: string, fileName: string, disposition: 'inline' | 'attachment' = 'inline') =>
  reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', DOCUMENT_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `${disposition}; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);

/**
 * The 152-FZ kit over HTTP: the client card and phone reveal (each logged), paper consents,
 * erasure with its act, the per-client trail, the access and security logs with their chain
 * check, the station's texts and the subject-request registry.
 */
export const complianceRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { pool, store, vault, audit, catalog, now } = deps;
  const texts = createComplianceTexts(pool, now);
  const erasure = createErasure({ pool, store, vault, audit, texts, now });
  const requests = createRequests({ pool, vault, now });
  const clients = createClientCommands({ store, vault, now });
  const blocks = createBlocks(pool, now);
  const incidents = createIncidents(pool, now);
  const retention = createRetention({ pool, erasure, now });
  const trailExports = createTrailExports({ pool, store, vault, audit, texts, catalog, requests, now });
  // The nightly retention run: checked every 10 minutes, run once a night per organization.
  let stopRetention = () => {};
  app.addHook('onReady', async () => {
    stopRetention = retention.schedule((error) =>
      app.log.error({ err: { message: (error as Error).message } }, 'retention run failed'),
    );
  });
  app.addHook('onClose', async () => stopRetention());

  const consentsOf = async (clientId: string) => {
    const stream = await store.readStream(clientStreamName(clientId));
    const events = stream.events as ClientEvent[];
    const state = aggregate(clientDecider, events);
    type ConsentLine = { purpose: string; event: string; noticeVersion: string | null; at: string };
    const history = events.flatMap((event): ConsentLine[] =>
      event.type === 'ConsentGiven'
        ? [{ purpose: event.data.purpose, event: event.type, noticeVersion: event.data.noticeVersion, at: event.data.givenAt }]
        : event.type === 'ConsentWithdrawn'
          ? [{ purpose: event.data.purpose, event: event.type, noticeVersion: null, at: event.data.withdrawnAt }]
          : [],
    );
    return { current: state.status === 'Active' ? state.consents : [], history };
  };

  /**
   * The card as the user may see it. A client outside a limited manager's branches is not found,
   * as an unknown one, before anything is logged or written. A blocked client's data is not
   * processed: staff get a refusal, the officer still sees it.
   */
  const cardOf = async (request: FastifyRequest, clientId: string) => {
    const session = sessionOf(request);
    const card = await getClientCard(pool, session, clientId);
    if (!card) throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
    const blocked = await isClientBlocked(pool, clientId);
    if (blocked && session.role !== 'compliance') {
      throw new HttpProblem(403, 'CLIENT_BLOCKED', 'Processing of this client’s data is blocked while it is checked');
    }
    return { ...card, blocked };
  };

  // ───────────────────────────── Client card ─────────────────────────────

  app.get<{ Params: { id: string } }>(
    '/api/clients/:id',
    { config: { roles: ['owner', 'manager', 'compliance'] }, schema: { tags: ['clients'], params: idParams, response: errors } },
    async (request) => {
      const card = await cardOf(request, request.params.id);
      const consents = await consentsOf(request.params.id);
      await audit.access(actorOf(request), 'card-view', [card.id]);
      return { ...card, phone: maskPhone(card.phone), phoneMasked: true, consents };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/clients/:id/reveal-phone',
    { config: staff, schema: { tags: ['clients'], params: idParams, response: errors } },
    async (request) => {
      const card = await cardOf(request, request.params.id);
      await audit.access(actorOf(request), 'phone-reveal', [card.id]);
      return { phone: card.phone };
    },
  );

  app.post<{
    Params: { id: string };
    Body: { purpose: string; noticeVersion: string; textHash: string; signedAt?: string; documentRef?: string };
  }>(
    '/api/clients/:id/consents',
    {
      config: consentKeepers,
      schema: {
        tags: ['clients'],
        params: idParams,
        body: {
          type: 'object',
          required: ['purpose', 'noticeVersion', 'textHash'],
          additionalProperties: false,
          properties: {
            purpose: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$' },
            noticeVersion: { type: 'string', minLength: 1, maxLength: 40 },
            textHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            signedAt: { type: 'string', format: 'date-time' },
            documentRef: { type: 'string', maxLength: 100 },
          },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await cardOf(request, request.params.id);
      const { purpose, noticeVersion, textHash, signedAt, documentRef } = request.body;
      const recorded = await clients.giveConsent({ orgId: session.orgId, userId: session.userId }, request.params.id, {
        purpose,
        noticeVersion,
        textHash,
        givenAt: signedAt ? new Date(signedAt).toISOString() : new Date(now()).toISOString(),
        evidence: { channel: 'paper', recordedBy: session.userId, documentRef: documentRef ?? null },
      });
      await audit.access(actorOf(request), 'edit', [request.params.id], { change: 'consent-given', purpose, recorded });
      return reply.status(recorded ? 201 : 200).send({ recorded, consents: await consentsOf(request.params.id) });
    },
  );

  app.post<{ Params: { id: string }; Body: { purpose: string } }>(
    '/api/clients/:id/consents/withdraw',
    {
      config: consentKeepers,
      schema: {
        tags: ['clients'],
        params: idParams,
        body: {
          type: 'object',
          required: ['purpose'],
          additionalProperties: false,
          properties: { purpose: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$' } },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      await cardOf(request, request.params.id);
      const { purpose } = request.body;
      const recorded = await clients.withdrawConsent(
        { orgId: session.orgId, userId: session.userId },
        request.params.id,
        purpose,
      );
      await audit.access(actorOf(request), 'edit', [request.params.id], { change: 'consent-withdrawn', purpose, recorded });
      return { recorded, consents: await consentsOf(request.params.id) };
    },
  );

  /** The consent registry: every client's current status per purpose, with its history. */
  app.get<{ Querystring: { clientId?: string; purpose?: string } }>(
    '/api/compliance/consents',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { clientId: uuid, purpose: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$' } },
        },
        response: errors,
      },
    },
    async (request) => {
      const consents = await consentRegistry(pool, sessionOf(request).orgId, request.query);
      await audit.access(actorOf(request), 'search', [...new Set(consents.map((consent) => consent.clientId))], {
        query: 'consents',
        results: consents.length,
      });
      return { consents };
    },
  );

  // ───────────────────────────── Blocking ─────────────────────────────

  app.post<{ Params: { id: string }; Body: { reason: BlockReason; requestId?: string } }>(
    '/api/compliance/clients/:id/block',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', enum: blockReasons }, requestId: uuid },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await cardOf(request, request.params.id);
      const blocked = await blocks.block(session.orgId, request.params.id, request.body, session.userId);
      await audit.access(actorOf(request), 'block', [request.params.id], { reason: request.body.reason, changed: blocked });
      return reply.status(blocked ? 201 : 200).send({ blocked: true, changed: blocked });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/compliance/clients/:id/block',
    { config: officer, schema: { tags: ['compliance'], params: idParams, response: errors } },
    async (request) => {
      await blocks.unblock(sessionOf(request).orgId, request.params.id);
      await audit.access(actorOf(request), 'unblock', [request.params.id]);
      return { blocked: false };
    },
  );

  app.get('/api/compliance/blocks', { config: officer, schema: { tags: ['compliance'], response: errors } }, async (request) => ({
    blocks: await blocks.list(sessionOf(request).orgId),
  }));

  // ───────────────────────────── Erasure and acts ─────────────────────────────

  app.post<{ Params: { id: string }; Body: { reason: ErasureReason; requestId?: string } }>(
    '/api/compliance/clients/:id/erase',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', enum: Object.keys(erasureReasons) }, requestId: uuid },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const { act, created } = await erasure.erase(actorOf(request), request.params.id, request.body);
      return reply.status(created ? 201 : 200).send({
        created,
        act,
        links: {
          act: `/api/compliance/acts/${act.id}?format=html`,
          logExport: `/api/compliance/acts/${act.id}/log-export?format=html`,
        },
      });
    },
  );

  app.get('/api/compliance/acts', { config: officer, schema: { tags: ['compliance'], response: errors } }, async (request) => ({
    acts: await erasure.listActs(sessionOf(request).orgId),
  }));

  for (const part of ['act', 'log-export'] as const) {
    app.get<{ Params: { id: string }; Querystring: Format }>(
      part === 'act' ? '/api/compliance/acts/:id' : '/api/compliance/acts/:id/log-export',
      { config: officer, schema: { tags: ['compliance'], params: idParams, querystring: formatQuery, response: errors } },
      async (request, reply) => {
        const session = sessionOf(request);
        const format = request.query.format ?? 'json';
        const document = await erasure.actDocument(session.orgId, request.params.id, part, format);
        await audit.access(actorOf(request), 'act-view', [], { actId: request.params.id, part, format });
        return format === 'html' ? html(reply, document as string, `${part}-${request.params.id}.html`) : document;
      },
    );
  }

  // ───────────────────────────── Trail export ─────────────────────────────

  app.get<{ Params: { id: string }; Querystring: Format }>(
    '/api/compliance/clients/:id/trail',
    { config: officer, schema: { tags: ['compliance'], params: idParams, querystring: formatQuery, response: errors } },
    async (request, reply) => {
      const session = sessionOf(request);
      const format = request.query.format ?? 'json';
      const trail = await buildTrail({ pool, vault, audit, texts, catalog, now }, session.orgId, request.params.id);
      const actor = actorOf(request);
      await audit.access(actor, 'export', [request.params.id], { format, events: trail.events.length });
      await audit.security(actor, 'export', { format }, [request.params.id]);
      return format === 'html' ? html(reply, trailHtml(trail), `trail-${request.params.id}.html`) : trail;
    },
  );

  // ───────────────────────────── Logs ─────────────────────────────

  for (const log of ['access', 'security'] as const satisfies readonly AuditLogName[]) {
    app.get<{ Querystring: { clientId?: string; before?: number; limit?: number } }>(
      `/api/compliance/${log}-log`,
      {
        config: officer,
        schema: {
          tags: ['compliance'],
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              clientId: uuid,
              before: { type: 'string', pattern: '^\\d{1,15}$' },
              limit: { type: 'string', pattern: '^\\d{1,5}$' },
            },
          },
          response: errors,
        },
      },
      async (request) => {
        const session = sessionOf(request);
        const { clientId, before, limit } = request.query;
        const entries = await audit.list(log, session.orgId, {
          clientId,
          beforeSeq: before === undefined ? undefined : Number(before),
          limit: limit === undefined ? undefined : Number(limit),
        });
        await audit.security(actorOf(request), 'log-read', { log, entries: entries.length });
        return { entries };
      },
    );
  }

  app.get('/api/compliance/verify', { config: officer, schema: { tags: ['compliance'], response: errors } }, async (request) =>
    audit.verify(sessionOf(request).orgId),
  );

  /** Who can see personal data, from the roles: the list art. 18.1 asks the operator to keep. */
  app.get(
    '/api/compliance/access-report',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: errors } },
    async (request) => {
      const { rows } = await pool.query<{ id: string; name: string; role: string; branchIds: string[]; active: boolean }>(
        `SELECT id, name, role, branch_ids AS "branchIds", active FROM users WHERE org_id = $1 ORDER BY role, name`,
        [sessionOf(request).orgId],
      );
      const access: Record<string, string> = {
        owner: 'клиенты, карточки, телефоны по запросу (с записью в журнал), канбан с телефонами',
        manager: 'клиенты своих филиалов, карточки, телефоны по запросу (с записью в журнал), канбан с телефонами',
        mechanic: 'канбан и календарь своих филиалов (имя, телефон, автомобиль в карточке записи)',
        compliance: 'карточки, выгрузка всех данных клиента, журналы, уничтожение',
      };
      return { users: rows.map((user) => ({ ...user, personalData: access[user.role] ?? '—' })) };
    },
  );

  // ───────────────────────────── Texts ─────────────────────────────

  app.get(
    '/api/compliance/texts',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: errors } },
    async (request) => ({ texts: Object.values(await texts.all(sessionOf(request).orgId)) }),
  );

  app.put<{ Params: { key: string }; Body: { text: string } }>(
    '/api/compliance/texts/:key',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        params: { type: 'object', required: ['key'], properties: { key: { type: 'string', enum: textKeys } } },
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 5000 } },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { key } = request.params;
      if (!isTextKey(key)) throw new DomainError('NOT_FOUND', 'No such text', { key });
      const text = request.body.text.trim();
      if (key.startsWith('consent-')) {
        // The bot shows a consent as one message with its buttons: a longer one could never be agreed to.
        const { rows } = await pool.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [session.orgId]);
        const shown = text.replaceAll('{organization}', rows[0]?.name ?? '');
        if (shown.length > CONSENT_TEXT_LIMIT) {
          throw new DomainError('VALIDATION', `A consent is one Telegram message: at most ${CONSENT_TEXT_LIMIT} characters`, {
            field: 'text',
            length: shown.length,
          });
        }
      }
      await texts.put(session.orgId, key, text, session.userId);
      await audit.security(actorOf(request), 'texts-updated', { key });
      return (await texts.all(session.orgId))[key];
    },
  );

  // ───────────────────────────── Subject requests ─────────────────────────────

  app.post<{ Body: RegisterRequestInput }>(
    '/api/compliance/requests',
    {
      config: { roles: ['owner', 'manager', 'compliance'] },
      schema: {
        tags: ['compliance'],
        body: {
          type: 'object',
          required: ['kind', 'channel', 'evidence'],
          additionalProperties: false,
          properties: {
            clientId: uuid,
            kind: { type: 'string', enum: requestKinds },
            channel: { type: 'string', enum: requestChannels },
            evidence: { type: 'string', enum: identityEvidence },
            note: { type: 'string', maxLength: 2000 },
            receivedAt: { type: 'string', minLength: 16, maxLength: 40 },
          },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const session = sessionOf(request);
      const { clientId } = request.body;
      // A manager limited to some branches names only a client of theirs; any other is not found.
      if (clientId && session.branchIds !== null && !(await isClientWithin(pool, session, clientId))) {
        throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
      }
      const registered = await requests.register(actor, request.body);
      await audit.access(actor, 'request-registered', registered.clientId ? [registered.clientId] : [], {
        requestId: registered.id,
        kind: registered.kind,
      });
      return reply.status(201).send(registered);
    },
  );

  app.get<{ Querystring: { clientId?: string; status?: 'open' | 'closed' } }>(
    '/api/compliance/requests',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { clientId: uuid, status: { type: 'string', enum: ['open', 'closed'] } },
        },
        response: errors,
      },
    },
    async (request) => ({ requests: await requests.list(sessionOf(request).orgId, request.query) }),
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/api/compliance/requests/:id/extend',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: {
          type: 'object',
          required: ['reason'],
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 1000 } },
        },
        response: errors,
      },
    },
    async (request) => requests.extend(actorOf(request), request.params.id, request.body.reason),
  );

  app.post<{ Params: { id: string }; Body: { outcome: RequestOutcome } }>(
    '/api/compliance/requests/:id/close',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: {
          type: 'object',
          required: ['outcome'],
          additionalProperties: false,
          properties: { outcome: { type: 'string', enum: requestOutcomes } },
        },
        response: errors,
      },
    },
    async (request) => requests.close(actorOf(request), request.params.id, request.body.outcome),
  );

  // ───────────────────────────── Answers to access requests ─────────────────────────────
  // Prepare (a sealed draft of the subject's trail) → review → release once; a bot request's answer
  // goes to the client's chat as a document, any other is downloaded by the officer.

  app.post<{ Params: { id: string } }>(
    '/api/compliance/requests/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary: 'Prepare (or prepare again) the answer to an access request: a sealed draft of the client’s trail',
        params: idParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const prepared = await trailExports.prepare(actorOf(request), request.params.id);
      return reply.status(prepared.created ? 201 : 200).send({ export: prepared.export, request: prepared.request });
    },
  );

  app.get<{ Params: { id: string }; Querystring: Format & { download?: '0' | '1' } }>(
    '/api/compliance/requests/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary: 'Review the prepared answer (before release) or download it (after release)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...formatQuery.properties, download: { type: 'string', enum: ['0', '1'] } },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      const opened = await trailExports.document(actorOf(request), request.params.id, format);
      if (format === 'json') return { export: opened.export, trail: opened.document.trail };
      const disposition = request.query.download === '1' ? 'attachment' : 'inline';
      return html(reply, opened.document.html, `personal-data-${request.params.id}.html`, disposition);
    },
  );

  app.post<{ Params: { id: string }; Body: { exportId: string } }>(
    '/api/compliance/requests/:id/trail/release',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary:
          'Release the reviewed draft (its export id) once: closes the request as answered and delivers it in the request’s channel',
        params: idParams,
        body: { type: 'object', required: ['exportId'], additionalProperties: false, properties: { exportId: uuid } },
        response: errors,
      },
    },
    async (request) => trailExports.release(actorOf(request), request.params.id, request.body.exportId),
  );

  // ───────────────────────────── Incidents ─────────────────────────────

  const instant = { type: 'string', minLength: 16, maxLength: 40 } as const;

  app.post<{ Body: IncidentInput }>(
    '/api/compliance/incidents',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        body: {
          type: 'object',
          required: ['kind', 'summary', 'scope', 'categories'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: incidentKinds },
            summary: { type: 'string', minLength: 5, maxLength: 4000 },
            detectedAt: instant,
            scope: {
              type: 'object',
              additionalProperties: false,
              properties: {
                branchIds: { type: 'array', maxItems: 100, items: uuid },
                from: instant,
                to: instant,
                clientIds: { type: 'array', maxItems: 10_000, items: uuid },
              },
            },
            categories: {
              type: 'array',
              minItems: 1,
              maxItems: 20,
              items: { type: 'string', enum: Object.keys(dataCategories) },
            },
          },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      return reply.status(201).send(await incidents.register(session.orgId, session.userId, request.body));
    },
  );

  app.get(
    '/api/compliance/incidents',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: errors } },
    async (request) => ({ incidents: await incidents.list(sessionOf(request).orgId) }),
  );

  app.post<{ Params: { id: string }; Body: { stage: 'initial' | 'follow-up'; at?: string } }>(
    '/api/compliance/incidents/:id/notices',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: {
          type: 'object',
          required: ['stage'],
          additionalProperties: false,
          properties: { stage: { type: 'string', enum: ['initial', 'follow-up'] }, at: instant },
        },
        response: errors,
      },
    },
    async (request) => incidents.notified(sessionOf(request).orgId, request.params.id, request.body.stage, request.body.at),
  );

  app.post<{ Params: { id: string } }>(
    '/api/compliance/incidents/:id/close',
    { config: officer, schema: { tags: ['compliance'], params: idParams, response: errors } },
    async (request) => incidents.close(sessionOf(request).orgId, request.params.id),
  );

  app.get<{ Params: { id: string } }>(
    '/api/compliance/incidents/:id/affected',
    { config: officer, schema: { tags: ['compliance'], params: idParams, response: errors } },
    async (request) => {
      const result = await incidents.affected(sessionOf(request).orgId, request.params.id);
      await audit.access(actorOf(request), 'search', result.clientIds, { query: 'incident', incidentId: request.params.id });
      return result;
    },
  );

  // ───────────────────────────── Retention ─────────────────────────────

  app.get(
    '/api/compliance/retention',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: errors } },
    async (request) => {
      const orgId = sessionOf(request).orgId;
      return { rules: await retention.settings(orgId), runs: await retention.runs(orgId) };
    },
  );

  app.put<{ Params: { rule: string }; Body: { days: number; enabled: boolean } }>(
    '/api/compliance/retention/:rule',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        params: { type: 'object', required: ['rule'], properties: { rule: { type: 'string', enum: retentionRules } } },
        body: {
          type: 'object',
          required: ['days', 'enabled'],
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 0, maximum: 36_500 }, enabled: { type: 'boolean' } },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { rule } = request.params;
      if (!isRetentionRule(rule)) throw new DomainError('NOT_FOUND', 'No such rule', { rule });
      const setting = await retention.setRule(session.orgId, rule, request.body, session.userId);
      await audit.security(actorOf(request), 'retention-updated', { rule, days: setting.days, enabled: setting.enabled });
      return setting;
    },
  );

  app.post(
    '/api/compliance/retention/run',
    { config: officer, schema: { tags: ['compliance'], response: errors } },
    async (request) => retention.run(sessionOf(request).orgId, 'manual', actorOf(request)),
  );
};
