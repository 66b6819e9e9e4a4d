import { blockBody, blocked, blockList, clientParams } from '../../../contract/compliance.ts';
import { errors } from '../../../contract/shared.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { officer, clientCardOf } from './shared.ts';

export const blockRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { audit } = deps;
  const { blocks } = deps.compliance;
  const cardOf = clientCardOf(deps);

  app.post(
    '/api/compliance/clients/:id/block',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: clientParams,
        body: blockBody,
        response: { 200: blocked, 201: blocked, ...errors },
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

  app.delete(
    '/api/compliance/clients/:id/block',
    { config: officer, schema: { tags: ['compliance'], params: clientParams, response: { 200: blocked, ...errors } } },
    async (request) => {
      await blocks.unblock(sessionOf(request).orgId, request.params.id);
      await audit.access(actorOf(request), 'unblock', [request.params.id]);
      return { blocked: false };
    },
  );

  app.get(
    '/api/compliance/blocks',
    { config: officer, schema: { tags: ['compliance'], response: { 200: blockList, ...errors } } },
    async (request) => ({
      blocks: await blocks.list(sessionOf(request).orgId),
    }),
  );
};
