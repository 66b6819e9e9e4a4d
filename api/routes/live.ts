import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { uuid } from './schemas.ts';

export const liveRoutes = async (app: FastifyInstance, { hub }: AppDeps) => {
  app.get<{ Querystring: { since?: string; branchId?: string; token?: string } }>(
    '/api/live',
    {
      websocket: true,
      schema: {
        tags: ['live'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { since: { type: 'string', pattern: '^\\d{1,15}$' }, branchId: uuid, token: { type: 'string' } },
        },
      },
      // Refuse a foreign branch with a 403 before the upgrade; once upgraded, a throw only drops the socket.
      preHandler: async (request) => {
        if (request.query.branchId) assertBranch(sessionOf(request), request.query.branchId);
      },
    },
    async (socket, request) => {
      const session = sessionOf(request);
      const { branchId, since } = request.query;
      const branchIds = branchId ? [branchId] : session.branchIds;
      const unsubscribe = await hub.subscribe(
        {
          orgId: session.orgId,
          branchIds,
          send: (message) => {
            if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
          },
        },
        since === undefined ? undefined : Number(since),
      );
      // A panel that left while the replay ran has already fired 'close': drop it now or it stays subscribed.
      if (socket.readyState === socket.CLOSED) unsubscribe();
      else socket.on('close', unsubscribe);
    },
  );
};
