import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors, uuid } from '../schemas.ts';

export const consentRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { audit } = deps;
  const { consents } = deps.compliance;

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
      const registry = await consents.registry(sessionOf(request).orgId, request.query);
      await audit.access(actorOf(request), 'search', [...new Set(registry.map((consent) => consent.clientId))], {
        query: 'consents',
        results: registry.length,
      });
      return { consents: registry };
    },
  );
};
