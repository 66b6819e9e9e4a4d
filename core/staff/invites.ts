import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Role } from '../../contract/users.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireSingleLine, showsSomething } from '../../domain/shared/input-rules.ts';
import { Refusal } from '../shared/refusal.ts';
import type { Passwords } from './passwords.ts';
import { refuseBranchesOfWholeOrganization } from '../../domain/staff/role-reach.ts';
import { passwordWeakness, weakPassword } from './password-policy.ts';

// Staff invitations: the owner names a person and a role, hands over a link, and the person sets
// their own e-mail and password — the owner never types or knows it. A code is single-use, lives
// 72 hours, can be revoked, and only its SHA-256 is kept: it carries 144 random bits, so a fast
// hash is enough (nothing to guess from it), unlike a password.

export const staffInviteMigrationSql = /* sql */ `
CREATE TABLE IF NOT EXISTS staff_invites (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  code_hash text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'mechanic', 'compliance')),
  branch_ids uuid[] NOT NULL DEFAULT '{}',
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  accepted_at timestamptz,
  accepted_user uuid REFERENCES users(id)
);
CREATE INDEX IF NOT EXISTS staff_invites_org ON staff_invites (org_id, created_at);
`;

export const INVITE_LIFETIME_MS = 72 * 60 * 60 * 1000;

export type InviteState = 'pending' | 'accepted' | 'expired' | 'revoked';

export type InviteView = {
  id: string;
  name: string;
  role: Role;
  branchIds: string[];
  state: InviteState;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
};

/** What the invitee sees before accepting: who invites them, as whom, until when (in the station's zone). */
export type InvitePreview = { name: string; role: Role; organization: string; expiresAt: string; timeZone: string };

type InviteRow = {
  id: string;
  org_id: string;
  name: string;
  role: Role;
  branch_ids: string[];
  created_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  accepted_at: Date | null;
};

const hashOf = (code: string) => createHash('sha256').update(code, 'utf8').digest('base64url');

/** 18 random bytes: 24 URL-safe characters, short enough to dictate, impossible to guess. */
const newCode = () => randomBytes(18).toString('base64url');

const CODE_FORM = /^[\w-]{24}$/;

const stateOf = (row: InviteRow, now: number): InviteState =>
  row.accepted_at ? 'accepted' : row.revoked_at ? 'revoked' : row.expires_at.getTime() <= now ? 'expired' : 'pending';

const viewOf = (row: InviteRow, now: number): InviteView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  branchIds: row.branch_ids,
  state: stateOf(row, now),
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  acceptedAt: row.accepted_at?.toISOString() ?? null,
});

const unusable: Record<Exclude<InviteState, 'pending'>, [code: string, message: string]> = {
  accepted: ['INVITE_USED', 'This invitation has already been used: sign in with the e-mail and password set then'],
  expired: ['INVITE_EXPIRED', 'This invitation has expired: ask the owner for a new one'],
  revoked: ['INVITE_REVOKED', 'This invitation was withdrawn by the owner: ask them for a new one'],
};

const INVITE_COLUMNS = 'id, org_id, name, role, branch_ids, created_at, expires_at, revoked_at, accepted_at';

export const createStaffInvites = (deps: { pool: Pool; passwords: Passwords; now: () => number }) => {
  const { pool, now } = deps;

  /** The invitation behind a code, refused with a clear code when it cannot be used. */
  const usable = (row: InviteRow | undefined): InviteRow => {
    if (!row) throw new Refusal('invalid', 'INVITE_UNKNOWN', 'There is no such invitation: check the link or ask for a new one');
    const state = stateOf(row, now());
    if (state !== 'pending') {
      const [code, message] = unusable[state];
      throw new Refusal('gone', code, message);
    }
    return row;
  };

  const findByCode = async (code: string, lock: { query: Pool['query'] } = pool, forUpdate = false) => {
    if (!CODE_FORM.test(code)) return undefined;
    const { rows } = await lock.query<InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM staff_invites WHERE code_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [hashOf(code)],
    );
    return rows[0];
  };

  const create = async (
    actor: { orgId: string; userId: string },
    input: { name: string; role: Role; branchIds?: string[] },
  ): Promise<InviteView & { code: string }> => {
    const name = input.name.trim();
    if (!showsSomething(name)) throw new DomainError('VALIDATION', 'Name the person you invite', { field: 'name' });
    requireSingleLine(name, 'name', 200);
    const branchIds = [...new Set(input.branchIds ?? [])];
    refuseBranchesOfWholeOrganization(input.role, branchIds);
    const own = await pool.query('SELECT id FROM branches WHERE org_id = $1 AND id = ANY($2::uuid[])', [actor.orgId, branchIds]);
    if (own.rowCount !== branchIds.length) {
      throw new DomainError('NOT_FOUND', 'Unknown branch in branchIds', { field: 'branchIds' });
    }
    const code = newCode();
    const createdAt = now();
    const { rows } = await pool.query<InviteRow>(
      `INSERT INTO staff_invites (id, org_id, code_hash, name, role, branch_ids, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${INVITE_COLUMNS}`,
      [
        randomUUID(),
        actor.orgId,
        hashOf(code),
        name,
        input.role,
        branchIds,
        actor.userId,
        new Date(createdAt),
        new Date(createdAt + INVITE_LIFETIME_MS),
      ],
    );
    return { ...viewOf(rows[0]!, createdAt), code };
  };

  const list = async (orgId: string): Promise<InviteView[]> => {
    const { rows } = await pool.query<InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM staff_invites WHERE org_id = $1 ORDER BY created_at DESC LIMIT 200`,
      [orgId],
    );
    const at = now();
    return rows.map((row) => viewOf(row, at));
  };

  /** Withdraws an invitation not used yet; a used one is refused (switch the person off instead). */
  const revoke = async (orgId: string, id: string): Promise<InviteView> => {
    const { rows } = await pool.query<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM staff_invites WHERE org_id = $1 AND id = $2`, [
      orgId,
      id,
    ]);
    const row = rows[0];
    if (!row) throw new DomainError('NOT_FOUND', 'Invitation not found', { inviteId: id });
    if (row.accepted_at) throw new Refusal('conflict', 'INVITE_USED', 'This invitation has already been used');
    if (row.revoked_at) return viewOf(row, now());
    const updated = await pool.query<InviteRow>(
      `UPDATE staff_invites SET revoked_at = $3 WHERE org_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING ${INVITE_COLUMNS}`,
      [orgId, id, new Date(now())],
    );
    if (!updated.rows[0]) throw new Refusal('conflict', 'INVITE_USED', 'This invitation has already been used');
    return viewOf(updated.rows[0], now());
  };

  const preview = async (code: string): Promise<InvitePreview> => {
    const row = usable(await findByCode(code));
    const { rows } = await pool.query<{ name: string; time_zone: string | null }>(
      `SELECT o.name, (SELECT b.time_zone FROM branches b WHERE b.org_id = o.id ORDER BY b.created_at, b.id LIMIT 1) AS time_zone
         FROM organizations o WHERE o.id = $1`,
      [row.org_id],
    );
    return {
      name: row.name,
      role: row.role,
      organization: rows[0]?.name ?? '',
      expiresAt: row.expires_at.toISOString(),
      timeZone: rows[0]?.time_zone ?? 'Europe/Moscow',
    };
  };

  /** The invitee's own e-mail and password: one new active user, and the code used up, or nothing at all. */
  const accept = async (code: string, input: { email: string; password: string }): Promise<{ email: string; role: Role }> => {
    const email = input.email.trim().toLowerCase();
    // Checked before the row is locked: a weak password is refused without touching the invitation.
    const weakness = passwordWeakness(input.password, email);
    if (weakness) throw weakPassword(weakness);
    usable(await findByCode(code));
    const hash = await deps.passwords.hash(input.password);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // Locked, so two people opening the same link at once cannot both join.
      const row = usable(await findByCode(code, client, true));
      const userId = randomUUID();
      const inserted = await client.query(
        `INSERT INTO users (id, org_id, email, name, password_hash, role, branch_ids)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (email) DO NOTHING`,
        [userId, row.org_id, email, row.name, hash, row.role, row.branch_ids],
      );
      if (!inserted.rowCount) {
        throw new Refusal('conflict', 'EMAIL_TAKEN', 'Someone already signs in with this e-mail: give another one', {
          field: 'email',
        });
      }
      await client.query('UPDATE staff_invites SET accepted_at = $2, accepted_user = $3 WHERE id = $1', [
        row.id,
        new Date(now()),
        userId,
      ]);
      await client.query('COMMIT');
      return { email, role: row.role };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  return { create, list, revoke, preview, accept };
};

export type StaffInvites = ReturnType<typeof createStaffInvites>;
