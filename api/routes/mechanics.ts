import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { errors, uuid } from './schemas.ts';

/** A mechanic as the panel names them: the picker offers the active ones, cards name any of them. */
export type MechanicView = { id: string; name: string; active: boolean };

/**
 * The mechanics who work in a branch (assigned to it, or to every branch), by name: the card
 * dialog's picker and every place a booking's mechanic is shown. Staff only see names, no e-mails.
 */
export const mechanicRoutes = async (app: FastifyInstance, { pool }: AppDeps) => {
  app.get<{ Querystring: { branchId: string } }>(
    '/api/mechanics',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: {
        tags: ['settings'],
        querystring: { type: 'object', required: ['branchId'], additionalProperties: false, properties: { branchId: uuid } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'name', 'active'],
              properties: { id: uuid, name: { type: 'string' }, active: { type: 'boolean' } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      assertBranch(session, request.query.branchId);
      const { rows } = await pool.query<MechanicView>(
        `SELECT id, name, active FROM users
          WHERE org_id = $1 AND role = 'mechanic' AND (cardinality(branch_ids) = 0 OR $2::uuid = ANY(branch_ids))
          ORDER BY name, id`,
        [session.orgId, request.query.branchId],
      );
      return rows;
    },
  );
};
