import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../domain/shared/errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { roles, type Role } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';
import { errors, uuid } from './schemas.ts';

export const userRoutes = async (app: FastifyInstance, { pool }: AppDeps) => {
  app.get('/api/users', { config: { roles: ['owner'] }, schema: { tags: ['settings'] } }, async (request) => {
    const session = sessionOf(request);
    const { rows } = await pool.query<{
      id: string;
      email: string;
      name: string;
      role: string;
      branchIds: string[];
      active: boolean;
    }>('SELECT id, email, name, role, branch_ids AS "branchIds", active FROM users WHERE org_id = $1 ORDER BY created_at', [
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
            password: { type: 'string', minLength: 8, maxLength: 200 },
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
      const own = await pool.query('SELECT id FROM branches WHERE org_id = $1 AND id = ANY($2::uuid[])', [
        session.orgId,
        branchIds,
      ]);
      if (own.rowCount !== branchIds.length) throw new DomainError('NOT_FOUND', 'Unknown branch in branchIds');
      const id = randomUUID();
      const inserted = await pool.query(
        `INSERT INTO users (id, org_id, email, name, password_hash, role, branch_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING`,
        [id, session.orgId, email.toLowerCase(), name, await hashPassword(password), role, branchIds],
      );
      if (!inserted.rowCount) throw new DomainError('VALIDATION', 'A user with this e-mail already exists', { field: 'email' });
      return reply.status(201).send({ id, email: email.toLowerCase(), name, role, branchIds });
    },
  );
};
