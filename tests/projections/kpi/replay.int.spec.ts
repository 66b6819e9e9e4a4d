import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/database/migrations.ts';
import { KPI_TABLES } from '../../../projections/kpi/schema.ts';
import { parseAsOf, replayAsOf, replayReadModels } from '../../../projections/replay.ts';
import { expectedKpis, startWeek, WEEK, type Week } from '../../support/kpi-week.ts';

let week: Week;

beforeAll(async () => {
  week = await startWeek();
});
afterAll(async () => {
  await week?.server.stop();
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MID_WEEK = '2026-09-09T12:00+03:00';
const FRIDAY = '2026-09-11T18:00+03:00';

const tilesOf = (body: any): Record<string, unknown[]> =>
  Object.fromEntries((body.tiles as any[]).map((tile) => [tile.key, [tile.value, tile.previous]]));
const expectedTiles = (expected: ReturnType<typeof expectedKpis>) =>
  Object.fromEntries(
    Object.entries(expected.current.tiles).map(([key, value]) => [
      key,
      [value, expected.previous.tiles[key as keyof typeof expected.previous.tiles]],
    ]),
  );
const report = (params: Record<string, string>) =>
  week.server.api('GET', `/api/kpis?${new URLSearchParams({ branchId: week.server.branch.id, ...params }).toString()}`);

// Every column but the checkpoint's wall-clock updated_at, which records when, not what.
const columnsOf = (table: string) => (table === 'checkpoints' ? 'projection, transaction_id::text, global_position' : '*');
const differences = async (table: string) => {
  const columns = columnsOf(table);
  const { rows } = await week.server.runtime.pool.query(
    `SELECT count(*)::int AS n FROM (
       (SELECT ${columns} FROM live_copy.${table} EXCEPT ALL SELECT ${columns} FROM rm.${table})
       UNION ALL
       (SELECT ${columns} FROM rm.${table} EXCEPT ALL SELECT ${columns} FROM live_copy.${table})) d`,
  );
  return rows[0].n as number;
};

describe('KPI replay', () => {
  describe('when every read model is rebuilt from the log', () => {
    it('gives KPI tables identical row by row to the live ones, and the same report', async () => {
      const pool = week.server.runtime.pool;
      const before = await report(WEEK);
      expect(before.status).toBe(200);
      await pool.query('CREATE SCHEMA live_copy');
      // The booking read model keeps the log's append time, which the script rewrote after the live
      // projection had read it; the KPI tables count business instants only.
      const tables = [...KPI_TABLES, 'checkpoints'];
      for (const table of tables) await pool.query(`CREATE TABLE live_copy.${table} AS SELECT * FROM rm.${table}`);
      const counts = await pool.query(
        `SELECT (SELECT count(*)::int FROM rm.kpi_bookings) AS bookings, (SELECT count(*)::int FROM rm.kpi_refusals) AS refusals,
                (SELECT sum(n)::int FROM rm.kpi_daily WHERE kind = 'new') AS requested`,
      );
      expect(counts.rows[0]).toEqual({ bookings: 14, refusals: 3, requested: 14 });

      const replayed = await replayReadModels(pool, week.server.runtime.deps.vault.open);
      expect(replayed.events).toBe(await week.server.eventCount());
      expect(replayed.eventsPerSecond).toBeGreaterThan(0);
      for (const table of tables) expect(await differences(table), table).toBe(0);
      const after = await report(WEEK);
      expect(after.body).toEqual(before.body);
      const anomalies = await pool.query('SELECT count(*)::int AS n FROM rm.anomalies');
      expect(anomalies.rows[0].n).toBe(0);
    });
  });

  describe('when read models made before the KPIs meet this version', () => {
    it('creates the KPI tables on start and counts the log up to the checkpoint into them', async () => {
      const pool = week.server.runtime.pool;
      for (const table of KPI_TABLES) await pool.query(`DROP TABLE rm.${table}`);
      await migrate(pool, week.server.databaseUrl);
      for (const table of KPI_TABLES) expect(await differences(table), table).toBe(0);
      expect((await report(WEEK)).status).toBe(200);
    });
  });

  describe('when history is built as of a mid-week instant', () => {
    it('gives the figures of that instant, counted from the steps taken by then', async () => {
      const asOf = parseAsOf(MID_WEEK)!;
      const built = await replayAsOf(week.server.runtime.pool, asOf);
      expect(built.schema).toBe('rm_asof_202609090900');
      const appended = await week.server.runtime.pool.query(`SELECT count(*)::int AS n FROM emt_messages WHERE created <= $1`, [
        MID_WEEK,
      ]);
      expect(built.events).toBe(appended.rows[0].n);

      const response = await report({ ...WEEK, asOf: MID_WEEK });
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
      expect(response.body.asOf).toBe('2026-09-09T09:00:00Z');
      const expected = expectedKpis({ ...WEEK, now: MID_WEEK, asOf: MID_WEEK, users: week.users });
      expect(tilesOf(response.body)).toEqual(expectedTiles(expected));
      expect(Object.fromEntries(Object.entries(tilesOf(response.body)).map(([key, [value]]) => [key, value]))).toEqual({
        newBookings: 7,
        botShare: 42.9,
        confirmed: 6,
        done: 2,
        cancelled: 1,
        noShows: 0,
        medianConfirmMinutes: 22.5,
        p90ConfirmMinutes: 45,
        slaMisses: 2,
        repeatClients: 0,
        returningRate: 0,
        refusedOverlaps: 2,
      });
      const funnel = Object.fromEntries((response.body.funnel as any[]).map((stage) => [stage.stage, stage.count]));
      expect(funnel).toEqual(expected.current.funnel);

      // The live figures are untouched.
      const live = await report(WEEK);
      expect(live.body.asOf).toBeNull();
      expect(live.body.tiles.find((tile: any) => tile.key === 'newBookings').value).toBe(12);
    });

    it('holds the board and calendar of that instant, without personal data, and refuses writes', async () => {
      const pool = week.server.runtime.pool;
      const { bookingIds } = week;
      const status = async (name: string) =>
        (await pool.query('SELECT status FROM rm_asof_202609090900.bookings WHERE id = $1', [bookingIds[name]])).rows[0]?.status;
      expect(await status('B3')).toBe('Confirmed'); // cancelled later that afternoon
      expect(await status('B7')).toBe('Cancelled');
      expect(await status('B2')).toBe('Confirmed'); // done on Thursday
      expect(await status('B8')).toBeUndefined(); // requested on Thursday
      const calendar = await pool.query('SELECT count(*)::int AS n FROM rm_asof_202609090900.calendar');
      expect(calendar.rows[0].n).toBe(7); // nine bookings by then, two of them cancelled
      const names = await pool.query('SELECT count(*)::int AS n FROM rm_asof_202609090900.clients WHERE name IS NOT NULL');
      expect(names.rows[0].n).toBe(0);
      await expect(pool.query('DELETE FROM rm_asof_202609090900.kpi_daily')).rejects.toThrow(/read-only/);
      const history = await week.server.api('GET', '/api/history');
      expect(history.body.history).toEqual([
        expect.objectContaining({ schema: 'rm_asof_202609090900', asOf: '2026-09-09T09:00:00.000Z', events: expect.any(Number) }),
      ]);
    });

    it('shows the kanban of a day as it stood at that instant, next to the live one', async () => {
      const { bookingIds } = week;
      const branchId = week.server.branch.id;
      const board = (path: string, params: Record<string, string>, token?: string) =>
        week.server.api(
          'GET',
          `${path}?${new URLSearchParams({ branchId, ...params }).toString()}`,
          undefined,
          token ? { authorization: `Bearer ${token}` } : undefined,
        );
      const columnOf = (body: any, id: string) =>
        (body.columns as any[]).find((column) => column.cards.some((card: any) => card.id === id))?.status;

      // The script puts B3 on 25 September (its fifth booking, one a day from the 21st), B8 on 1 October.
      const then = await board('/api/history/board', { asOf: MID_WEEK, date: '2026-09-25' });
      expect(then.status, JSON.stringify(then.body).slice(0, 300)).toBe(200);
      expect(then.body).toMatchObject({ asOf: '2026-09-09T09:00:00Z', branchId, date: '2026-09-25', timeZone: 'Europe/Moscow' });
      const now = await board('/api/board', { date: '2026-09-25' });
      expect(columnOf(then.body, bookingIds.B3!)).toBe('Confirmed');
      expect(columnOf(now.body, bookingIds.B3!)).toBe('Cancelled');
      const card = (then.body.columns as any[]).flatMap((column) => column.cards).find((c: any) => c.id === bookingIds.B3);
      expect(card).toMatchObject({ clientName: null, clientPhone: null, channel: 'phone' });

      const later = { asOf: MID_WEEK, date: '2026-10-01' };
      expect(columnOf((await board('/api/history/board', later)).body, bookingIds.B8!)).toBeUndefined();
      expect(columnOf((await board('/api/board', { date: '2026-10-01' })).body, bookingIds.B8!)).toBe('New');

      // Without a date: the day of the instant in the branch's zone.
      expect((await board('/api/history/board', { asOf: MID_WEEK })).body.date).toBe('2026-09-09');
      expect((await board('/api/history/board', { asOf: '2026-09-10T12:00+03:00' })).status).toBe(404);
      expect((await board('/api/history/board', { asOf: 'yesterday' })).status).toBe(400);
      expect((await board('/api/history/board', { asOf: MID_WEEK, date: '2026-02-30' })).status).toBe(400);
      const elsewhere = await week.server.addUser('manager', [randomUUID()]);
      expect((await board('/api/history/board', { asOf: MID_WEEK }, elsewhere.token)).status).toBe(403);
      const mechanic = await week.server.addUser('mechanic', [branchId]);
      expect((await board('/api/history/board', { asOf: MID_WEEK }, mechanic.token)).status).toBe(403);
    });

    it('answers an instant never built with 404, and one that is not a whole minute with 400', async () => {
      expect((await report({ ...WEEK, asOf: '2026-09-10T12:00+03:00' })).status).toBe(404);
      expect((await report({ ...WEEK, asOf: '2026-09-09T12:00:30+03:00' })).status).toBe(400);
      // An unencoded + in a query string arrives as a space; the instant is still understood.
      const plain = await week.server.api(
        'GET',
        `/api/history/kpis?branchId=${week.server.branch.id}&from=${WEEK.from}&to=${WEEK.to}&asOf=${MID_WEEK}`,
      );
      expect(plain.status).toBe(200);
      expect(plain.body.asOf).toBe('2026-09-09T09:00:00Z');
    });
  });

  describe('when npm run replay -- --as-of runs against the database', () => {
    it('builds that instant’s history, reports events per second, and the API reads it', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'ops/replay.ts', '--as-of', FRIDAY], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: week.server.databaseUrl, LOG_LEVEL: 'silent' },
        timeout: 60_000,
      });
      expect(stdout).toMatch(
        /Replayed \d+ events appended by 2026-09-11T15:00:00Z in [\d.]+ s \(\d+ events\/s\) into rm_asof_202609111500/,
      );
      const response = await report({ ...WEEK, asOf: FRIDAY });
      expect(response.status).toBe(200);
      const expected = expectedKpis({ ...WEEK, now: FRIDAY, asOf: FRIDAY, users: week.users });
      expect(tilesOf(response.body)).toEqual(expectedTiles(expected));
    });
  });
});
