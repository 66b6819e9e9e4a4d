import { affected, incident, incidentBody, incidentList, noticeBody } from '../../../contract/compliance.ts';
import { errors, idParams } from '../../../contract/shared.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { officer } from './shared.ts';

export const incidentRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { audit } = deps;
  const { incidents } = deps.compliance;

  app.post(
    '/api/compliance/incidents',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        body: incidentBody,
        response: { 201: incident, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      return reply.status(201).send(await incidents.register(session.orgId, session.userId, request.body));
    },
  );

  app.get(
    '/api/compliance/incidents',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: { 200: incidentList, ...errors } } },
    async (request) => ({ incidents: await incidents.list(sessionOf(request).orgId) }),
  );

  app.post(
    '/api/compliance/incidents/:id/notices',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        body: noticeBody,
        response: { 200: incident, ...errors },
      },
    },
    async (request) => incidents.notified(sessionOf(request).orgId, request.params.id, request.body.stage, request.body.at),
  );

  app.post(
    '/api/compliance/incidents/:id/close',
    { config: officer, schema: { tags: ['compliance'], params: idParams, response: { 200: incident, ...errors } } },
    async (request) => incidents.close(sessionOf(request).orgId, request.params.id),
  );

  app.get(
    '/api/compliance/incidents/:id/affected',
    { config: officer, schema: { tags: ['compliance'], params: idParams, response: { 200: affected, ...errors } } },
    async (request) => {
      const result = await incidents.affected(sessionOf(request).orgId, request.params.id);
      await audit.access(actorOf(request), 'search', result.clientIds, { query: 'incident', incidentId: request.params.id });
      return result;
    },
  );
};
