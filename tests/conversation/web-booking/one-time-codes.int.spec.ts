import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webBookingMigrationSql } from '../../../core/database/web-booking-migrations.ts';
import { CODES_PER_PHONE, createOneTimeCodes } from '../../../conversation/web-booking/one-time-codes.ts';
import { freshDatabase } from '../../support/database.ts';

let pool: pg.Pool;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabase(), max: 12 });
  await pool.query(webBookingMigrationSql);
});
afterAll(async () => {
  await pool?.end();
});

describe('One-time codes per phone', () => {
  it('sends no more than the cap when a script asks for codes to one phone all at once', async () => {
    const codes = createOneTimeCodes({ pool, key: randomBytes(32), now: () => Date.now() });
    const consent = { noticeVersion: '1', noticeHash: 'h', at: Date.now() };
    const orgId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 12 }, () => codes.issue(orgId, 'phone-hash', consent)));
    const issued = answers.filter((answer) => 'code' in answer);
    expect(issued).toHaveLength(CODES_PER_PHONE.max);
    expect(answers.filter((answer) => 'retryAfterSeconds' in answer)).toHaveLength(12 - CODES_PER_PHONE.max);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM web_booking_codes WHERE org_id = $1', [
      orgId,
    ]);
    expect(rows[0]!.n).toBe(CODES_PER_PHONE.max);
  });
});
