import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifications, type Notifications } from '../../../core/database/notifications.ts';
import { freshDatabase } from '../../support/database.ts';

let url: string;
let pool: pg.Pool;
const started: Notifications[] = [];

beforeAll(async () => {
  url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 2 });
});
afterAll(async () => {
  for (const notifications of started) await notifications.stop();
  await pool?.end();
});

const waitUntil = async (what: string, done: () => boolean) => {
  for (let i = 0; !done(); i++) {
    if (i > 200) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 25));
  }
};

const listen = async (retryMs = 100) => {
  const notifications = createNotifications(url, ['zero_test_a', 'zero_test_b'], () => undefined, retryMs);
  started.push(notifications);
  await notifications.start();
  return notifications;
};

describe('Database notifications', () => {
  it('hands each payload to the handlers of its channel only, at commit, and not after unsubscribing', async () => {
    const notifications = await listen();
    const onA: string[] = [];
    const onB: string[] = [];
    const stopA = notifications.on('zero_test_a', (payload) => onA.push(payload));
    notifications.on('zero_test_b', (payload) => onB.push(payload));

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_notify('zero_test_a', '1')`);
      await new Promise((wait) => setTimeout(wait, 200));
      // Not before the transaction commits.
      expect(onA).toEqual([]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await pool.query(`SELECT pg_notify('zero_test_b', '2')`);
    await waitUntil('both payloads', () => onA.length === 1 && onB.length === 1);
    expect(onA).toEqual(['1']);
    expect(onB).toEqual(['2']);

    stopA();
    await pool.query(`SELECT pg_notify('zero_test_a', '3'), pg_notify('zero_test_b', '4')`);
    await waitUntil('the second payload on b', () => onB.length === 2);
    expect(onA).toEqual(['1']);
    expect(() => notifications.on('zero_test_unknown', () => undefined)).toThrow();
  });

  it('connects again after its backend is terminated, says so, and receives what is sent after', async () => {
    const notifications = await listen();
    const received: string[] = [];
    let connections = 0;
    notifications.on('zero_test_a', (payload) => received.push(payload));
    notifications.onConnected(() => connections++);
    expect(notifications.listening()).toBe(true);

    await pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
    );
    await waitUntil('the connection to drop', () => !notifications.listening());
    await waitUntil('the connection to come back', () => notifications.listening());
    expect(connections).toBe(1);

    await pool.query(`SELECT pg_notify('zero_test_a', 'after')`);
    await waitUntil('the payload sent after the reconnection', () => received.includes('after'));
  });
});
