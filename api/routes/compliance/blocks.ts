import type { FastifyInstance } from 'fastify';
import { blockReasons, type BlockReason } from '../../../core/compliance/blocks.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors, uuid } from '../schemas.ts';
import { officer, idParams, clientCardOf } from './shared.ts';

export const blockRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { audit } = deps;
  const { blocks } = deps.compliance;
  const cardOf = clientCardOf(deps);

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
};
