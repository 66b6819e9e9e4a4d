import {
  closeRequestBody,
  extendRequestBody,
  registerRequestBody,
  requestList,
  requestListQuery,
  subjectRequest,
} from '../../../contract/compliance.ts';
import { errors, idParams } from '../../../contract/shared.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { isClientWithin } from '../../../projections/clients/queries.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { officer } from './shared.ts';

export const requestRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { pool, audit } = deps;
  const { requests } = deps.compliance;

  app.post(
    '/api/compliance/requests',
    {
      config: { roles: ['owner', 'manager', 'compliance'] },
      schema: {
        tags: ['compliance'],
        body: registerRequestBody,
        response: { 201: subjectRequest, ...errors },
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

  app.get(
    '/api/compliance/requests',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        querystring: requestListQuery,
        response: { 200: requestList, ...errors },
      },
    },
    async (request) => ({ requests: await requests.list(sessionOf(request).orgId, request.query) }),
  );

  app.post(
    '/api/compliance/requests/:id/extend',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: extendRequestBody,
        response: { 200: subjectRequest, ...errors },
      },
    },
    async (request) => requests.extend(actorOf(request), request.params.id, request.body.reason),
  );

  app.post(
    '/api/compliance/requests/:id/close',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: closeRequestBody,
        response: { 200: subjectRequest, ...errors },
      },
    },
    async (request) => requests.close(actorOf(request), request.params.id, request.body.outcome),
  );
};
