import { errors } from '../../contract/shared.ts';
import { managers, mechanics, mechanicsQuery, type Mechanic } from '../../contract/users.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';

/**
 * The people cards and client cards name. The mechanics who work in a branch (assigned to it, or to every branch), by name: the card
 * dialog's picker offers the active ones, cards name any of them. Staff see names, no e-mails.
 */
export const mechanicRoutes = async (app: ContractApp, { pool }: AppDeps) => {
  app.get(
    '/api/mechanics',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: { tags: ['settings'], querystring: mechanicsQuery, response: { 200: mechanics, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      assertBranch(session, request.query.branchId);
      const { rows } = await pool.query<Mechanic>(
        `SELECT id, name, active FROM users
          WHERE org_id = $1 AND role = 'mechanic' AND (cardinality(branch_ids) = 0 OR $2::uuid = ANY(branch_ids))
          ORDER BY name, id`,
        [session.orgId, request.query.branchId],
      );
      return rows;
    },
  );

  // Who can answer for a client: the client card and the lists name them, the owner picks one.
  app.get(
    '/api/managers',
    {
      config: { roles: ['owner', 'manager'] },
      schema: { tags: ['settings'], response: { 200: managers, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const { rows } = await pool.query<Mechanic>(
        `SELECT id, name, active FROM users WHERE org_id = $1 AND role IN ('owner', 'manager') ORDER BY name, id`,
        [session.orgId],
      );
      return rows;
    },
  );
};
