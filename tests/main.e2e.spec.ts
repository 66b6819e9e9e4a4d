import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { freshDatabase, waitForReadModels } from './support/database.ts';
import { json, spawnServer, stopServer, type ServerProcess } from './support/server-process.ts';

const owner = { OWNER_EMAIL: 'owner@process.local', OWNER_PASSWORD: 'process-password-1' };

const signIn = async (server: ServerProcess) => {
  const { body } = await json(`${server.url}/api/auth/login`, 'POST', {
    email: owner.OWNER_EMAIL,
    password: owner.OWNER_PASSWORD,
  });
  const token = body.token as string;
  const [branch] = (await json(`${server.url}/api/branches`, 'GET', undefined, token)).body;
  const services = (await json(`${server.url}/api/services?branchId=${branch.id}`, 'GET', undefined, token)).body;
  return { token, branch, diagnostics: services.find((service: { name: string }) => service.name.startsWith('Диагностика')) };
};

describe('Server process', () => {
  it('keeps every accepted booking exactly once after a SIGKILL in the middle of 1,000 concurrent bookings', async () => {
    const databaseUrl = await freshDatabase();
    let server = await spawnServer('node', { DATABASE_URL: databaseUrl, ...owner });
    const { token, branch, diagnostics } = await signIn(server);
    const today = Temporal.Now.plainDateISO(branch.timeZone);
    // Two lift bays take the 30-minute service: each start is asked for twice, 22 starts a day.
    const starts = Array.from({ length: 1000 }, (_, i) => {
      const slot = Math.floor(i / 2);
      return today
        .add({ days: 1 + Math.floor(slot / 22) })
        .toZonedDateTime({
          timeZone: branch.timeZone,
          plainTime: Temporal.PlainTime.from('09:00').add({ minutes: (slot % 22) * 30 }),
        })
        .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
    });
    const accepted: string[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < starts.length) {
        const i = next++;
        const response = await json(
          `${server.url}/api/bookings`,
          'POST',
          {
            branchId: branch.id,
            serviceId: diagnostics.id,
            start: starts[i],
            client: { name: `Клиент ${i}`, phone: `+7917${String(i).padStart(7, '0')}` },
          },
          token,
        ).catch(() => null);
        if (response?.status === 201) accepted.push(response.body.id);
        if (accepted.length >= 250 && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    expect(killed).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(250);
    expect(accepted.length).toBeLessThan(1000);

    server = await spawnServer('node', { DATABASE_URL: databaseUrl, ...owner });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      await waitForReadModels(pool);
      const logged = await pool.query(
        `SELECT data->>'bookingId' AS id, count(*)::int AS n FROM (SELECT message_data AS data FROM emt_messages WHERE message_type = 'BookingRequested') e
          GROUP BY 1`,
      );
      const inLog = new Map(logged.rows.map((row) => [row.id as string, row.n as number]));
      const boardRows = await pool.query('SELECT id::text, count(*) OVER (PARTITION BY id)::int AS n FROM rm.bookings');
      const onBoard = new Map(boardRows.rows.map((row) => [row.id as string, row.n as number]));
      const calendar = await pool.query('SELECT DISTINCT booking_id::text AS id FROM rm.calendar');
      const inCalendar = new Set(calendar.rows.map((row) => row.id as string));
      for (const id of accepted) {
        expect(inLog.get(id), id).toBe(1);
        expect(onBoard.get(id), id).toBe(1);
        expect(inCalendar.has(id), id).toBe(true);
      }
      expect(onBoard.size).toBe(inLog.size);
      // Reservations and bookings commit in one transaction: no slot is held for a booking that does not exist.
      const orphans = await pool.query(
        `SELECT count(*)::int AS n FROM emt_messages r
          WHERE r.message_type = 'SlotsReserved'
            AND NOT EXISTS (SELECT 1 FROM emt_streams b WHERE b.stream_id = 'booking-' || (r.message_data->>'bookingId'))`,
      );
      expect(orphans.rows[0].n).toBe(0);
      const overlaps = await pool.query('SELECT count(*)::int AS n FROM rm.anomalies');
      expect(overlaps.rows[0].n).toBe(0);
    } finally {
      await pool.end();
      await stopServer(server);
    }
  }, 240_000);

  it('boots under Deno 2 and takes a booking', async () => {
    const databaseUrl = await freshDatabase();
    const server = await spawnServer('deno', { DATABASE_URL: databaseUrl, ...owner });
    try {
      const { token, branch, diagnostics } = await signIn(server);
      const start = Temporal.Now.plainDateISO(branch.timeZone)
        .add({ days: 2 })
        .toZonedDateTime({ timeZone: branch.timeZone, plainTime: Temporal.PlainTime.from('11:00') })
        .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
      const booked = await json(
        `${server.url}/api/bookings`,
        'POST',
        { branchId: branch.id, serviceId: diagnostics.id, start, client: { name: 'Дено', phone: '+79160000002' } },
        token,
      );
      expect(booked.status).toBe(201);
      expect(booked.body.start).toBe(start);
      const fetched = await json(`${server.url}/api/bookings/${booked.body.id}`, 'GET', undefined, token);
      expect(fetched.status).toBe(200);
      expect(fetched.body.history.map((event: { type: string }) => event.type)).toEqual(['BookingRequested']);
    } finally {
      await stopServer(server);
    }
  }, 300_000);
});
