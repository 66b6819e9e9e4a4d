import type { FastifyInstance } from 'fastify';
import { isRetentionRule, retentionRules } from '../../../domain/compliance/retention.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors } from '../schemas.ts';
import { officer } from './shared.ts';

export const retentionRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { audit } = deps;
  const { retention } = deps.compliance;

  app.get(
    '/api/compliance/retention',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: errors } },
    async (request) => {
      const orgId = sessionOf(request).orgId;
      return { rules: await retention.settings(orgId), runs: await retention.runs(orgId) };
    },
  );

  app.put<{ Params: { rule: string }; Body: { days: number; enabled: boolean } }>(
    '/api/compliance/retention/:rule',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        params: { type: 'object', required: ['rule'], properties: { rule: { type: 'string', enum: retentionRules } } },
        body: {
          type: 'object',
          required: ['days', 'enabled'],
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 0, maximum: 36_500 }, enabled: { type: 'boolean' } },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { rule } = request.params;
      if (!isRetentionRule(rule)) throw new DomainError('NOT_FOUND', 'No such rule', { rule });
      const setting = await retention.setRule(session.orgId, rule, request.body, session.userId);
      await audit.security(actorOf(request), 'retention-updated', { rule, days: setting.days, enabled: setting.enabled });
      return setting;
    },
  );

  app.post(
    '/api/compliance/retention/run',
    { config: officer, schema: { tags: ['compliance'], response: errors } },
    async (request) => retention.run(sessionOf(request).orgId, 'manual', actorOf(request)),
  );
};
