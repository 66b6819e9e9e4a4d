import type { FastifyInstance } from 'fastify';
import { incidentKinds } from '../../../domain/compliance/incidents.ts';
import { dataCategories } from '../../../domain/compliance/notice.ts';
import { type IncidentInput } from '../../../core/compliance/incidents.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors, uuid } from '../schemas.ts';
import { officer, idParams } from './shared.ts';

export const incidentRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { audit } = deps;
  const { incidents } = deps.compliance;

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
};
