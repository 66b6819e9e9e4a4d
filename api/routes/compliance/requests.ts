import type { FastifyInstance } from 'fastify';
import {
  identityEvidence,
  requestChannels,
  requestKinds,
  requestOutcomes,
  type RequestOutcome,
} from '../../../domain/compliance/requests.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { isClientWithin } from '../../../projections/clients/queries.ts';
import { type RegisterRequestInput } from '../../../core/compliance/requests.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors, uuid } from '../schemas.ts';
import { officer, idParams } from './shared.ts';

export const requestRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { pool, audit } = deps;
  const { requests } = deps.compliance;

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
};
