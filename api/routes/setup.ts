import { demoStatus, stationTemplateAdded, stationTemplateBody, stationTemplateParams } from '../../contract/setup.ts';
import { errors } from '../../contract/shared.ts';
import { applyStationTemplate } from '../../core/catalog/apply-template.ts';
import { createDemoBranch } from '../../core/setup/demo-branch.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };

/** The owner's setup helpers: a ready catalogue for the station's kind, and the demo branch. */
export const setupRoutes = async (app: ContractApp, deps: AppDeps) => {
  const demo = createDemoBranch(deps);

  app.post(
    '/api/station-templates/:kind',
    {
      config: owner,
      schema: {
        tags: ['settings'],
        params: stationTemplateParams,
        body: stationTemplateBody,
        response: { 200: stationTemplateAdded, ...errors },
      },
    },
    async (request) => applyStationTemplate(deps, sessionOf(request).orgId, request.body.branchId, request.params.kind),
  );

  app.get(
    '/api/demo',
    { config: owner, schema: { tags: ['settings'], response: { 200: demoStatus, ...errors } } },
    async (request) => demo.status(sessionOf(request).orgId),
  );

  app.post(
    '/api/demo',
    { config: owner, schema: { tags: ['settings'], response: { 200: demoStatus, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      return demo.create({ orgId: session.orgId, userId: session.userId });
    },
  );

  app.delete(
    '/api/demo',
    { config: owner, schema: { tags: ['settings'], response: { 200: demoStatus, ...errors } } },
    async (request) => demo.remove(sessionOf(request).orgId),
  );
};
