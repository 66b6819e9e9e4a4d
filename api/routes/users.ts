import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/shared/errors.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from '../../core/staff/password-policy.ts';
import { roles, type Role } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, sessionOf } from '../plugins/auth.ts';
import { errors, uuid } from './schemas.ts';

type UserView = { id: string; email: string; name: string; role: Role; branchIds: string[]; active: boolean };
type UserPatch = { name?: string; role?: Role; branchIds?: string[]; active?: boolean };

const USER_COLUMNS = 'id, email, name, role, branch_ids AS "branchIds", active';

export const userRoutes = async (app: FastifyInstance, { pool, tokens, audit, passwords }: AppDeps) => {
  const assertOwnBranches = async (orgId: string, branchIds: readonly string[]) => {
    const own = await pool.query('SELECT id FROM branches WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, branchIds]);
    if (own.rowCount !== new Set(branchIds).size) {
      throw new DomainError('NOT_FOUND', 'Unknown branch in branchIds', { field: 'branchIds' });
    }
  };

  app.get('/api/users', { config: { roles: ['owner'] }, schema: { tags: ['settings'] } }, async (request) => {
    const session = sessionOf(request);
    const { rows } = await pool.query<UserView>(`SELECT ${USER_COLUMNS} FROM users WHERE org_id = $1 ORDER BY created_at`, [
      session.orgId,
    ]);
    return rows;
  });

  app.post<{ Body: { email: string; name: string; password: string; role: Role; branchIds?: string[] } }>(
    '/api/users',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        body: {
          type: 'object',
          required: ['email', 'name', 'password', 'role'],
          additionalProperties: false,
          properties: {
            email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 200 },
            name: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH },
            role: { type: 'string', enum: roles },
            branchIds: { type: 'array', maxItems: 100, items: uuid },
          },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const { email, name, password, role, branchIds = [] } = request.body;
      const weak = passwordProblem(password, email);
      if (weak) throw new DomainError('VALIDATION', weak, { field: 'password' });
      await assertOwnBranches(session.orgId, branchIds);
      const id = randomUUID();
      const inserted = await pool.query(
        `INSERT INTO users (id, org_id, email, name, password_hash, role, branch_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING`,
        [id, session.orgId, email.toLowerCase(), name, await passwords.hash(password), role, branchIds],
      );
      if (!inserted.rowCount) throw new DomainError('VALIDATION', 'A user with this e-mail already exists', { field: 'email' });
      return reply.status(201).send({ id, email: email.toLowerCase(), name, role, branchIds });
    },
  );

  app.patch<{ Params: { id: string }; Body: UserPatch }>(
    '/api/users/:id',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            role: { type: 'string', enum: roles },
            branchIds: { type: 'array', maxItems: 100, uniqueItems: true, items: uuid },
            active: { type: 'boolean' },
          },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { name, role, branchIds, active } = request.body;
      // An owner who demoted or switched off themselves could leave the station with nobody to undo it.
      if (request.params.id === session.userId) {
        if (role !== undefined && role !== 'owner') {
          throw new DomainError('VALIDATION', 'You cannot take the owner role away from yourself', { field: 'role' });
        }
        if (active === false) throw new DomainError('VALIDATION', 'You cannot deactivate yourself', { field: 'active' });
      }
      if (branchIds) await assertOwnBranches(session.orgId, branchIds);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Names the acting owner in the security log's role-changed entry (the users trigger reads it).
        await client.query(`SELECT set_config('zero.actor', $1, true)`, [session.userId]);
        const { rows } = await client.query<UserView>(
          `UPDATE users SET name = coalesce($3, name), role = coalesce($4, role), branch_ids = coalesce($5::uuid[], branch_ids),
                  active = coalesce($6, active)
            WHERE id = $1 AND org_id = $2 RETURNING ${USER_COLUMNS}`,
          [request.params.id, session.orgId, name ?? null, role ?? null, branchIds ?? null, active ?? null],
        );
        if (!rows[0]) throw new DomainError('NOT_FOUND', 'User not found', { userId: request.params.id });
        await client.query('COMMIT');
        return rows[0];
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  );

  // A lost tablet or a person who left: every token of the user stops working at once, open live
  // feeds close, and the user signs in again (if still active).
  app.post<{ Params: { id: string } }>(
    '/api/users/:id/sessions/revoke',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        description: 'Ends every session of the user: their tokens are refused from now on and their live feeds close',
        params: { type: 'object', required: ['id'], properties: { id: uuid } },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      if (!(await tokens.revokeAll(session.orgId, request.params.id))) {
        throw new DomainError('NOT_FOUND', 'User not found', { userId: request.params.id });
      }
      await audit.security(actorOf(request), 'sessions-revoked', { userId: request.params.id });
      return reply.status(204).send();
    },
  );
};
