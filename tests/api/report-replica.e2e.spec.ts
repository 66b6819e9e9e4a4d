import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPostgres } from '../../core/database/embedded-postgres.ts';
import { startCluster } from '../support/embedded-cluster.ts';
import { startReplica, type Replica } from '../support/streaming-replica.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// DATABASE_READ_URL: the owner's reports read a streaming replica, the bookings go to the primary.
// A cluster of its own (the suite's shared one holds every file's database: too much to copy).

let home: string;
let cluster: RunningPostgres;
let replica: Replica;
let server: TestServer;

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'zero-crm-primary-'));
  cluster = await startCluster(home);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE zero');
  await admin.end();
  replica = await startReplica(cluster.url);
  const primary = new URL(cluster.url);
  primary.pathname = '/zero';
  server = await startTestServer({ databaseUrl: primary.toString(), readDatabaseUrl: replica.url('zero') });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await replica?.stop();
  await cluster?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

let phone = 0;
const book = async (days: number) => {
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, days, '11:00'),
    client: { name: 'Клиент', phone: `+7916555${String(++phone).padStart(4, '0')}` },
  });
  expect(response.status).toBe(201);
};

/** Bookings made in the report's week, as the owner's KPIs count them. */
const reportedBookings = async () => {
  const { status, body } = await server.api('GET', `/api/kpis?branchId=${server.branch.id}`);
  expect(status).toBe(200);
  return (body.series.bookingsByChannel as { total: number }[]).reduce((sum, bucket) => sum + bucket.total, 0);
};

describe('The owner’s reports on a streaming replica', () => {
  it('read what the replica has replayed: a booking shows once it arrived there, not before', async () => {
    await book(2);
    await server.waitForProjection();
    await replica.caughtUp();
    expect(await reportedBookings()).toBe(1);

    // The replica stops applying what it receives: the primary's next booking is not in the report.
    await replica.pause();
    await book(3);
    await server.waitForProjection();
    expect(await reportedBookings()).toBe(1);

    await replica.resume();
    await replica.caughtUp();
    expect(await reportedBookings()).toBe(2);
  });
});
