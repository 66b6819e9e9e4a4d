import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { consentRegistry, consentRegistryQuery } from '../../../contract/compliance.ts';
import { errors } from '../../../contract/shared.ts';

export const consentRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { audit } = deps;
  const { consents } = deps.compliance;

  /** The consent registry: every client's current status per purpose, with its history. */
  app.get(
    '/api/compliance/consents',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        querystring: consentRegistryQuery,
        response: { 200: consentRegistry, ...errors },
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
