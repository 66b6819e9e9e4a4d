import { firstRunConfirmParams, firstRunProgress } from '../../contract/first-run.ts';
import { errors } from '../../contract/shared.ts';
import { createFirstRun } from '../../core/setup/first-run.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };

/** The owner's first-run guide: which steps the station has done, and the owner's word on the ones only they can give. */
export const firstRunRoutes = async (app: ContractApp, deps: AppDeps) => {
  const firstRun = createFirstRun(deps);

  app.get(
    '/api/first-run',
    { config: owner, schema: { tags: ['settings'], response: { 200: firstRunProgress, ...errors } } },
    async (request) => firstRun.progress(sessionOf(request).orgId),
  );

  app.post(
    '/api/first-run/:step',
    {
      config: owner,
      schema: { tags: ['settings'], params: firstRunConfirmParams, response: { 200: firstRunProgress, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      return firstRun.confirm({ orgId: session.orgId, userId: session.userId }, request.params.step);
    },
  );
};
