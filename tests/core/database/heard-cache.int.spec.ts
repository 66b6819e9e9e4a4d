import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeardCache } from '../../../core/database/heard-cache.ts';
import { createNotifications, type Notifications } from '../../../core/database/notifications.ts';
import { freshDatabase } from '../../support/database.ts';

const CHANNEL = 'zero_test_settings';
let pool: pg.Pool;
let notifications: Notifications;

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 2 });
  notifications = createNotifications(url, [CHANNEL], () => undefined);
  await notifications.start();
});
afterAll(async () => {
  await notifications?.stop();
  await pool?.end();
});

/** A change committed by "another process": the trigger's notification, heard through PostgreSQL. */
const changeHeard = async (orgId: string) => {
  let heard = false;
  const stop = notifications.on(CHANNEL, (payload) => (heard ||= payload === orgId));
  await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, orgId]);
  for (let i = 0; !heard; i++) {
    if (i > 200) throw new Error('the notification never came');
    await new Promise((wait) => setTimeout(wait, 10));
  }
  stop();
};

/** A loader that counts its calls and answers `value()` at the time it is called. */
const counted = <V>(value: () => V) => {
  const loader = { calls: 0, load: async () => (loader.calls++, value()) };
  return loader;
};

describe('A cache dropped by what any process commits', () => {
  it('keeps a value until a change to its organization is heard, and only that organization’s values', async () => {
    const cache = createHeardCache<string>(notifications, CHANNEL);
    let current = 'first';
    const a = counted(() => current);
    const b = counted(() => 'other');
    expect(await cache.get('org-a', 'branch', a.load)).toBe('first');
    await cache.get('org-b', 'branch', b.load);
    current = 'second';
    expect(await cache.get('org-a', 'branch', a.load)).toBe('first');
    expect(a.calls).toBe(1);

    await changeHeard('org-a');
    expect(await cache.get('org-a', 'branch', a.load)).toBe('second');
    await cache.get('org-b', 'branch', b.load);
    expect([a.calls, b.calls]).toEqual([2, 1]);
  });

  it('does not keep a value whose load was under way when a change was heard', async () => {
    const cache = createHeardCache<string>(notifications, CHANNEL);
    let release = () => {};
    const slow = cache.get('org-a', 'branch', () => new Promise<string>((done) => (release = () => done('read before'))));
    await changeHeard('org-a');
    release();
    expect(await slow).toBe('read before');
    const fresh = counted(() => 'read after');
    expect(await cache.get('org-a', 'branch', fresh.load)).toBe('read after');
    expect(fresh.calls).toBe(1);
  });

  it('trusts a value for cacheMs only while nothing listens, and keeps no value `keep` refuses', async () => {
    let now = 0;
    const cache = createHeardCache<string | null>(undefined, CHANNEL, { cacheMs: 2000, clock: () => now });
    const loader = counted(() => 'value');
    await cache.get('org-a', 'branch', loader.load);
    now = 1999;
    await cache.get('org-a', 'branch', loader.load);
    expect(loader.calls).toBe(1);
    now = 2000;
    await cache.get('org-a', 'branch', loader.load);
    expect(loader.calls).toBe(2);

    const missing = counted((): string | null => null);
    await cache.get('org-a', 'gone', missing.load, (value) => value !== null);
    await cache.get('org-a', 'gone', missing.load, (value) => value !== null);
    expect(missing.calls).toBe(2);
  });
});
