import { randomUUID } from 'node:crypto';
import { errors, noContent } from '../../contract/shared.ts';
import { createdUser, createUserBody, patchUserBody, setPasswordBody, user, userParams, users } from '../../contract/users.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { inTransaction } from '../../core/database/transaction.ts';
import { createLoginThrottle } from '../../core/staff/login-throttle.ts';
import { createPasswordChanges } from '../../core/staff/password-change.ts';
import { passwordWeakness, weakPassword } from '../../core/staff/password-policy.ts';
import { reachesEveryBranch, refuseBranchesOfWholeOrganization } from '../../domain/staff/role-reach.ts';
import type { Role } from '../auth/tokens.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';

type UserView = { id: string; email: string; name: string; role: Role; branchIds: string[]; active: boolean };

const USER_COLUMNS = 'id, email, name, role, branch_ids AS "branchIds", active';

export const userRoutes = async (app: ContractApp, { pool, tokens, audit, passwords }: AppDeps) => {
  const passwordChanges = createPasswordChanges({ pool, passwords, throttle: createLoginThrottle(pool) });
  const assertOwnBranches = async (orgId: string, branchIds: readonly string[]) => {
    const own = await pool.query('SELECT id FROM branches WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, branchIds]);
    if (own.rowCount !== new Set(branchIds).size) {
      throw new DomainError('NOT_FOUND', 'Unknown branch in branchIds', { field: 'branchIds' });
    }
  };

  app.get(
    '/api/users',
    { config: { roles: ['owner'] }, schema: { tags: ['settings'], response: { 200: users, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const { rows } = await pool.query<UserView>(`SELECT ${USER_COLUMNS} FROM users WHERE org_id = $1 ORDER BY created_at`, [
        session.orgId,
      ]);
      return rows;
    },
  );

  app.post(
    '/api/users',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        body: createUserBody,
        response: { 201: createdUser, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const { email, name, password, role, branchIds = [] } = request.body;
      const weakness = passwordWeakness(password, email);
      if (weakness) throw weakPassword(weakness);
      refuseBranchesOfWholeOrganization(role, branchIds);
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

  app.patch(
    '/api/users/:id',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        params: userParams,
        body: patchUserBody,
        response: { 200: user, ...errors },
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
      return inTransaction(pool, async (db) => {
        // Names the acting owner in the security log's role-changed entry (the users trigger reads it).
        await db.query(`SELECT set_config('zero.actor', $1, true)`, [session.userId]);
        // Two owners changing each other at once would each see the other still an owner, and both
        // could be demoted: the owners' rows are locked, so the second change waits and reads the first.
        const owners = await db.query<{ id: string }>(
          `SELECT id FROM users WHERE org_id = $1 AND role = 'owner' AND active ORDER BY id FOR UPDATE`,
          [session.orgId],
        );
        if (!owners.rows.some((owner) => owner.id === session.userId)) {
          throw new HttpProblem(403, 'FORBIDDEN', 'You are no longer an owner of this organization');
        }
        const { rows } = await db.query<UserView>(
          `UPDATE users SET name = coalesce($3, name), role = coalesce($4, role), branch_ids = coalesce($5::uuid[], branch_ids),
                  active = coalesce($6, active)
            WHERE id = $1 AND org_id = $2 RETURNING ${USER_COLUMNS}`,
          [request.params.id, session.orgId, name ?? null, role ?? null, branchIds ?? null, active ?? null],
        );
        if (!rows[0]) throw new DomainError('NOT_FOUND', 'User not found', { userId: request.params.id });
        // Branches named for an owner or an officer would be shown and never hold: refused, and a
        // change to such a role drops the branches the person had.
        if (reachesEveryBranch(rows[0].role) && rows[0].branchIds.length > 0) {
          refuseBranchesOfWholeOrganization(rows[0].role, branchIds);
          const cleared = await db.query<UserView>(
            `UPDATE users SET branch_ids = '{}' WHERE id = $1 AND org_id = $2 RETURNING ${USER_COLUMNS}`,
            [request.params.id, session.orgId],
          );
          return cleared.rows[0]!;
        }
        return rows[0];
      });
    },
  );

  // A forgotten password: the owner sets a new one and tells it to the person; whoever had the old
  // one (a tablet signed in, a colleague who knew it) is out.
  app.post(
    '/api/users/:id/password',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        description: 'Sets a new password for another user of the organization; every session of theirs ends',
        params: userParams,
        body: setPasswordBody,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      // The owner's own goes through POST /api/auth/password, which asks for the current one.
      if (request.params.id === session.userId) {
        throw new DomainError('VALIDATION', 'Change your own password with your current one', { field: 'id' });
      }
      await passwordChanges.reset(session.orgId, request.params.id, request.body.password);
      tokens.userChanged(request.params.id);
      await audit.security(actorOf(request), 'password-reset', { userId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  // A lost tablet or a person who left: every token of the user stops working at once, open live
  // feeds close, and the user signs in again (if still active).
  app.post(
    '/api/users/:id/sessions/revoke',
    {
      config: { roles: ['owner'] },
      schema: {
        tags: ['settings'],
        description: 'Ends every session of the user: their tokens are refused from now on and their live feeds close',
        params: userParams,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      if (!(await tokens.revokeAll(session.orgId, request.params.id))) {
        throw new DomainError('NOT_FOUND', 'User not found', { userId: request.params.id });
      }
      await audit.security(actorOf(request), 'sessions-revoked', { userId: request.params.id });
      return reply.status(204).send(null);
    },
  );
};
