import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { WeeklyHours } from '../../domain/catalog/catalog.ts';
import { generatedPassword } from '../staff/password-policy.ts';
import type { Passwords } from '../staff/passwords.ts';

export type DemoLogin = { email: string; password: string; generated: boolean };

const everyDay = (open: string, close: string): WeeklyHours =>
  Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { open, close, breaks: [] }]));

/**
 * On an empty database: one organization with a Moscow branch open 09:00–20:00, three bays,
 * five services and an owner. Returns the owner's login, or null when the database had one.
 */
export const createDemoOrganization = async (
  pool: Pool,
  owner: { email: string | null; password: string | null },
  passwords: Pick<Passwords, 'hash'>,
): Promise<DemoLogin | null> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(727003)');
    const existing = await client.query('SELECT 1 FROM organizations LIMIT 1');
    if (existing.rowCount) {
      await client.query('ROLLBACK');
      return null;
    }
    const orgId = randomUUID();
    const branchId = randomUUID();
    await client.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [orgId, 'Демо СТО']);
    await client.query(`INSERT INTO branches (id, org_id, name, time_zone, hours) VALUES ($1, $2, $3, 'Europe/Moscow', $4)`, [
      branchId,
      orgId,
      'СТО на Ленина',
      JSON.stringify(everyDay('09:00', '20:00')),
    ]);
    const bays: [string, string[]][] = [
      ['Подъёмник 1', ['lift']],
      ['Подъёмник 2', ['lift', 'alignment', 'body']],
      ['Шиномонтаж', ['tyre']],
    ];
    for (const [position, [name, kinds]] of bays.entries()) {
      await client.query('INSERT INTO bays (id, org_id, branch_id, name, kinds, position) VALUES ($1, $2, $3, $4, $5, $6)', [
        randomUUID(),
        orgId,
        branchId,
        name,
        kinds,
        position,
      ]);
    }
    const services: [string, number, number, string, number, boolean][] = [
      ['Замена масла', 45, 15, 'lift', 1500, false],
      ['Диагностика ходовой', 30, 0, 'lift', 1000, false],
      ['Развал-схождение', 60, 10, 'alignment', 2500, false],
      ['Шиномонтаж (4 колеса)', 40, 10, 'tyre', 2400, false],
      ['Кузовной ремонт', 960, 0, 'body', 30000, true],
    ];
    for (const [position, [name, duration, buffer, kind, price, multiDay]] of services.entries()) {
      await client.query(
        `INSERT INTO services (id, org_id, branch_id, name, duration_minutes, buffer_minutes, bay_kind, price_rub, multi_day, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [randomUUID(), orgId, branchId, name, duration, buffer, kind, price, multiDay, position],
      );
    }
    const login: DemoLogin = {
      email: owner.email ?? 'owner@demo.local',
      password: owner.password ?? generatedPassword(),
      generated: owner.password === null,
    };
    await client.query(`INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5, 'owner')`, [
      randomUUID(),
      orgId,
      login.email,
      'Владелец',
      await passwords.hash(login.password),
    ]);
    await client.query('COMMIT');
    return login;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
