import { quarantine } from '../../contract/settings.ts';
import { errors } from '../../contract/shared.ts';
import { listQuarantine } from '../../projections/quarantine-list.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };

/**
 * Events of the owner's organization that a follower (the read models, a reactor) could not apply
 * and set aside so the rest kept flowing: when, which kind of record, what went wrong. Times are
 * shown in the zone of the first branch, as the digest's.
 */
export const quarantineRoutes = async (app: ContractApp, { pool, catalog }: AppDeps) => {
  app.get(
    '/api/quarantine',
    { config: owner, schema: { tags: ['settings'], response: { 200: quarantine, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const [view, branches] = await Promise.all([listQuarantine(pool, session.orgId), catalog.listBranches(session.orgId)]);
      return { ...view, timeZone: branches[0]?.timeZone ?? null };
    },
  );
};
