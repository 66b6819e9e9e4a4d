import { documentSettings, documentSettingsBody } from '../../contract/document-settings.ts';
import { errors } from '../../contract/shared.ts';
import { createDocumentSettings } from '../../core/work-order/document-settings.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };

/** The owner's settings behind work orders: VAT mode, the station's details on documents, each branch's norm-hour rate. */
export const documentSettingsRoutes = async (app: ContractApp, { pool }: AppDeps) => {
  const settings = createDocumentSettings(pool);

  app.get(
    '/api/settings/documents',
    { config: owner, schema: { tags: ['settings'], response: { 200: documentSettings, ...errors } } },
    async (request) => settings.get(sessionOf(request).orgId),
  );

  app.put(
    '/api/settings/documents',
    {
      config: owner,
      schema: { tags: ['settings'], body: documentSettingsBody, response: { 200: documentSettings, ...errors } },
    },
    async (request) => settings.save(sessionOf(request).orgId, request.body),
  );
};
