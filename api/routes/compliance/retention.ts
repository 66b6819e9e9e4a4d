import { isRetentionRule } from '../../../domain/compliance/retention.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import {
  retention as retentionView,
  retentionBody,
  retentionParams,
  retentionRun,
  retentionSetting,
} from '../../../contract/compliance.ts';
import { errors } from '../../../contract/shared.ts';
import { officer } from './shared.ts';

export const retentionRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { audit } = deps;
  const { retention } = deps.compliance;

  app.get(
    '/api/compliance/retention',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: { 200: retentionView, ...errors } } },
    async (request) => {
      const orgId = sessionOf(request).orgId;
      return { rules: await retention.settings(orgId), runs: await retention.runs(orgId) };
    },
  );

  app.put(
    '/api/compliance/retention/:rule',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        params: retentionParams,
        body: retentionBody,
        response: { 200: retentionSetting, ...errors },
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
    { config: officer, schema: { tags: ['compliance'], response: { 200: retentionRun, ...errors } } },
    async (request) => retention.run(sessionOf(request).orgId, 'manual', actorOf(request)),
  );
};
