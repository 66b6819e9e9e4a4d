import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StreamAppend } from '../../core/event-store/event-store.ts';
import { replayReadModels } from '../../projections/replay.ts';
import { serverForFile } from '../support/file-server.ts';
import { rawBookingRequested } from '../support/raw-events.ts';

const server = serverForFile();

const CLIENTS = 2_000;
const BOOKINGS = 24_500;
const HALF_HOUR = 1_800_000;

/** 2,000 registered clients and 24,500 bookings walked through their lifecycle: 100,000 events. */
const generateHistory = async (): Promise<number> => {
  const { vault } = server.runtime.deps;
  const orgId = server.branch.orgId;
  const clients: string[] = [];
  const appends: StreamAppend[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const phone = `+7926${String(i).padStart(7, '0')}`;
    const { clientId } = await vault.claimClient(orgId, await vault.phoneHash(orgId, phone));
    clients.push(clientId);
    appends.push({
      stream: `client-${clientId}`,
      expected: 0,
      events: [
        {
          type: 'ClientRegistered',
          data: {
            clientId,
            orgId,
            phoneHash: 'h',
            profile: await vault.seal(clientId, { name: `Клиент ${i}`, phone }),
            channel: 'import',
            registeredAt: '2030-01-01T00:00:00Z',
          },
        },
      ],
    });
  }
  const base = Date.UTC(2030, 0, 1, 6);
  for (let i = 0; i < BOOKINGS; i++) {
    const bookingId = randomUUID();
    const bay = server.bays[i % server.bays.length]!;
    const from = base + Math.floor(i / server.bays.length) * HALF_HOUR;
    const start = new Date(from).toISOString();
    const end = new Date(from + HALF_HOUR).toISOString();
    const at = (minutes: number) => new Date(from - 86_400_000 + minutes * 60_000).toISOString();
    const last =
      i % 10 === 0
        ? { type: 'BookingCancelled', data: { bookingId, reason: 'no_show', cancelledBy: null, cancelledAt: at(3) } }
        : { type: 'BookingCompleted', data: { bookingId, completedBy: null, completedAt: at(3) } };
    appends.push({
      stream: `booking-${bookingId}`,
      expected: 0,
      events: [
        rawBookingRequested(
          server,
          { start, end },
          {
            bookingId,
            bayId: bay.id,
            clientId: clients[i % CLIENTS]!,
            channel: i % 3 ? 'telegram' : 'phone',
            requestedAt: at(0),
          },
        ),
        { type: 'BookingConfirmed', data: { bookingId, confirmedBy: null, confirmedAt: at(1) } },
        { type: 'BookingStarted', data: { bookingId, startedBy: null, startedAt: at(2) } },
        last,
      ],
    });
  }
  for (let i = 0; i < appends.length; i += 1000) await server.runtime.deps.store.appendMany(appends.slice(i, i + 1000));
  return appends.reduce((sum, append) => sum + append.events.length, 0);
};

// The KPI tables too: a replay folds them in big batches, giving way in slices, and holds its counts
// until the end; the live runner folds small batches and adds its counts as it goes.
const READ_MODELS = ['bookings', 'calendar', 'clients', 'kpi_bookings', 'kpi_daily', 'checkpoints'] as const;

// Every column but the checkpoint's wall-clock updated_at, which records when, not what.
const columnsOf = (table: string) => (table === 'checkpoints' ? 'projection, transaction_id::text, global_position' : '*');

const differences = async (table: string) => {
  const columns = columnsOf(table);
  const { rows } = await server.runtime.pool.query(
    `SELECT count(*)::int AS n FROM (
       (SELECT ${columns} FROM live_copy.${table} EXCEPT ALL SELECT ${columns} FROM rm.${table})
       UNION ALL
       (SELECT ${columns} FROM rm.${table} EXCEPT ALL SELECT ${columns} FROM live_copy.${table})) d`,
  );
  return rows[0].n as number;
};

/** The schema's indexes: names and definitions. */
const indexesOf = async (schema: string) =>
  (
    await server.runtime.pool.query(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
      [schema],
    )
  ).rows;

describe('Replay', () => {
  it('rebuilds read models from 100,000 events identical row by row to the live ones', async () => {
    expect(await generateHistory()).toBe(100_000);
    await server.waitForProjection();
    const pool = server.runtime.pool;
    await pool.query('CREATE SCHEMA live_copy');
    for (const table of READ_MODELS) {
      await pool.query(`CREATE TABLE live_copy.${table} AS SELECT * FROM rm.${table}`);
    }
    const counts = await pool.query(
      `SELECT (SELECT count(*)::int FROM rm.bookings) AS bookings, (SELECT count(*)::int FROM rm.clients) AS clients,
              (SELECT count(*)::int FROM rm.calendar) AS calendar`,
    );
    expect(counts.rows[0]).toEqual({ bookings: BOOKINGS, clients: CLIENTS, calendar: BOOKINGS - BOOKINGS / 10 });

    const indexes = await indexesOf('rm');
    expect(indexes.map(({ name }) => name)).toContain('bookings_client_id_idx');

    // Its held KPI counts written after every batch, each while the next batch applies.
    const report = await replayReadModels(pool, server.runtime.deps.vault.open, { heldCountsLimit: 1 });
    expect(report.events).toBe(100_000);
    // The panel's indexes, dropped while the schema filled, are all made again, as they were.
    expect(await indexesOf('rm')).toEqual(indexes);
    for (const table of READ_MODELS) expect(await differences(table), table).toBe(0);
    const schemas = await pool.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rm_%'`);
    expect(schemas.rows).toEqual([]);
  }, 240_000);

  it('keeps serving and following the log after the swap', async () => {
    const { status, body } = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Диагностика').id,
      start: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) + 'T12:00+03:00',
      client: { name: 'После реплея', phone: '+79167770000' },
    });
    expect(status).toBe(201);
    await server.waitForProjection();
    const found = await server.runtime.pool.query('SELECT status FROM rm.bookings WHERE id = $1', [body.id]);
    expect(found.rows).toEqual([{ status: 'New' }]);
  });
});
