import type { FastifyInstance } from 'fastify';
import { erasureReasons, type ErasureReason } from '../../../domain/compliance/notice.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors, uuid } from '../schemas.ts';
import { formatQuery, html, idParams, officer, type Format } from './shared.ts';

export const erasureRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { audit } = deps;
  const { erasure } = deps.compliance;

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
};
