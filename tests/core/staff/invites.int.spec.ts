import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/database/migrations.ts';
import { createDemoOrganization } from '../../../core/database/demo-organization.ts';
import { createStaffInvites, INVITE_LIFETIME_MS, type StaffInvites } from '../../../core/staff/invites.ts';
import { freshDatabase } from '../../support/database.ts';
import { testPasswords } from '../../support/test-server.ts';

const HOUR = 60 * 60 * 1000;
const GOOD_PASSWORD = 'зелёный-гаечный-ключ-42';

let pool: pg.Pool;
let invites: StaffInvites;
let clock = Date.parse('2026-03-02T09:00:00Z');
let orgId: string;
let ownerId: string;

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 4 });
  await migrate(pool, url);
  await createDemoOrganization(pool, { email: 'owner@invites.test', password: 'owner-password-long-1' }, testPasswords);
  const owner = (await pool.query<{ id: string; org_id: string }>('SELECT id, org_id FROM users LIMIT 1')).rows[0]!;
  orgId = owner.org_id;
  ownerId = owner.id;
  invites = createStaffInvites({ pool, passwords: testPasswords, now: () => clock });
});
afterAll(async () => {
  await pool?.end();
});

const owner = () => ({ orgId, userId: ownerId });
const userCount = async () => Number((await pool.query('SELECT count(*) FROM users')).rows[0].count);

describe('Staff invitations', () => {
  it('keeps only the hash of the code, and lets the invitee join once with their own password', async () => {
    const created = await invites.create(owner(), { name: 'Пётр Механиков', role: 'mechanic' });
    expect(created.code).toMatch(/^[\w-]{24}$/);
    expect(created.state).toBe('pending');
    expect(Date.parse(created.expiresAt) - clock).toBe(INVITE_LIFETIME_MS);
    const stored = await pool.query('SELECT * FROM staff_invites WHERE id = $1', [created.id]);
    expect(JSON.stringify(stored.rows[0])).not.toContain(created.code);

    const preview = await invites.preview(created.code);
    expect(preview).toMatchObject({
      name: 'Пётр Механиков',
      role: 'mechanic',
      organization: 'Демо СТО',
      timeZone: 'Europe/Moscow',
    });

    const accepted = await invites.accept(created.code, { email: 'Petr@Invites.test', password: GOOD_PASSWORD });
    expect(accepted).toEqual({ email: 'petr@invites.test', role: 'mechanic' });
    const user = (await pool.query('SELECT name, role, password_hash FROM users WHERE email = $1', ['petr@invites.test']))
      .rows[0];
    expect(user).toMatchObject({ name: 'Пётр Механиков', role: 'mechanic' });
    expect(await testPasswords.verify(GOOD_PASSWORD, user.password_hash)).toBeTruthy();

    const before = await userCount();
    await expect(invites.accept(created.code, { email: 'other@invites.test', password: GOOD_PASSWORD })).rejects.toMatchObject({
      code: 'INVITE_USED',
    });
    expect(await userCount()).toBe(before);
    expect((await invites.list(orgId)).find((i) => i.id === created.id)?.state).toBe('accepted');
  });

  it('refuses an expired code, and writes nothing', async () => {
    const created = await invites.create(owner(), { name: 'Анна', role: 'manager' });
    clock += INVITE_LIFETIME_MS + HOUR;
    const before = await userCount();
    await expect(invites.preview(created.code)).rejects.toMatchObject({ code: 'INVITE_EXPIRED' });
    await expect(invites.accept(created.code, { email: 'anna@invites.test', password: GOOD_PASSWORD })).rejects.toMatchObject({
      code: 'INVITE_EXPIRED',
    });
    expect(await userCount()).toBe(before);
  });

  it('refuses a revoked code and a forged one', async () => {
    const created = await invites.create(owner(), { name: 'Ирина', role: 'compliance' });
    expect((await invites.revoke(orgId, created.id)).state).toBe('revoked');
    await expect(invites.accept(created.code, { email: 'irina@invites.test', password: GOOD_PASSWORD })).rejects.toMatchObject({
      code: 'INVITE_REVOKED',
    });
    const forged = `${created.code.slice(0, -1)}${created.code.endsWith('A') ? 'B' : 'A'}`;
    await expect(invites.preview(forged)).rejects.toMatchObject({ code: 'INVITE_UNKNOWN' });
    await expect(invites.preview('../../etc/passwd')).rejects.toMatchObject({ code: 'INVITE_UNKNOWN' });
    await expect(invites.revoke(orgId, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a weak password or a taken e-mail and leaves the code usable', async () => {
    const created = await invites.create(owner(), { name: 'Олег', role: 'manager' });
    await expect(invites.accept(created.code, { email: 'oleg@invites.test', password: 'qwerty123' })).rejects.toMatchObject({
      code: 'WEAK_PASSWORD',
    });
    await expect(invites.accept(created.code, { email: 'owner@invites.test', password: GOOD_PASSWORD })).rejects.toMatchObject({
      code: 'EMAIL_TAKEN',
    });
    expect((await invites.preview(created.code)).name).toBe('Олег');
  });

  it('lets only one of two people who open the same link at once join', async () => {
    const created = await invites.create(owner(), { name: 'Двое', role: 'mechanic' });
    const results = await Promise.allSettled([
      invites.accept(created.code, { email: 'first@invites.test', password: GOOD_PASSWORD }),
      invites.accept(created.code, { email: 'second@invites.test', password: GOOD_PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'INVITE_USED' } });
  });

  it('refuses a branch of another organization', async () => {
    await expect(invites.create(owner(), { name: 'Чужой', role: 'manager', branchIds: [randomUUID()] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
