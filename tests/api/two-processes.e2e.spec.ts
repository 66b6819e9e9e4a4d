import { createRequire } from 'node:module';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ENDED } from '../../api/routes/live.ts';
import { freshDatabase, waitForReadModels } from '../support/database.ts';
import { json, spawnServer, stopServer, type ServerProcess } from '../support/server-process.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = {
  on: (event: string, listener: (...args: any[]) => void) => unknown;
  close: () => void;
};
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

type LiveMessage = { type: 'hello'; position: number } | { type: 'booking'; position: number; booking: { id: string } };

const owner = { OWNER_EMAIL: 'owner@two.local', OWNER_PASSWORD: 'two-processes-password-1' };

/** A panel's feed: every booking id it was pushed, the last position, and how the server closed it. */
type Panel = { ids: Set<string>; position: () => number; closed: Promise<number>; close: () => void };

const openPanel = (server: ServerProcess, token: string, since?: number): Promise<Panel> =>
  new Promise((resolve, reject) => {
    const query = `?token=${token}${since === undefined ? '' : `&since=${since}`}`;
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live${query}`);
    const ids = new Set<string>();
    let position = since ?? 0;
    const closed = new Promise<number>((done) => socket.on('close', (code: number) => done(code)));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as LiveMessage;
      if (message.type === 'booking') ids.add(message.booking.id);
      position = Math.max(position, message.position);
    });
    socket.on('error', reject);
    socket.on('open', () => resolve({ ids, position: () => position, closed, close: () => socket.close() }));
  });

const signIn = async (server: ServerProcess) =>
  (await json(`${server.url}/api/auth/login`, 'POST', { email: owner.OWNER_EMAIL, password: owner.OWNER_PASSWORD })).body
    .token as string;

/** Until `done`, looking again (`look`) every 50 ms; the last look is at most `timeoutMs` after the first. */
const waitUntil = async (what: string, done: () => boolean, timeoutMs: number, look: () => Promise<void> = async () => {}) => {
  const deadline = Date.now() + timeoutMs;
  for (await look(); !done(); await look()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 50));
  }
};

/** The processes still running (a killed one leaves the list). */
const servers: ServerProcess[] = [];
const panels: Panel[] = [];
afterAll(async () => {
  for (const panel of panels) panel.close();
  for (const server of servers) await stopServer(server);
});

let databaseUrl: string;
let first: ServerProcess;
let second: ServerProcess;
beforeAll(async () => {
  databaseUrl = await freshDatabase();
  // One after the other: the first creates the demo organization, the second finds it.
  first = await spawnServer('node', { DATABASE_URL: databaseUrl, ...owner });
  servers.push(first);
  second = await spawnServer('node', { DATABASE_URL: databaseUrl, ...owner });
  servers.push(second);
}, 120_000);

describe('Two API processes on one database', () => {
  it('ends a sign-in on the other process at once: its open feed there closes, another sign-in of the same user stays', async () => {
    const kept = await signIn(first);
    const ended = await signIn(first);
    const keptPanel = await openPanel(second, kept);
    const endedPanel = await openPanel(second, ended);
    panels.push(keptPanel, endedPanel);
    // The second process has checked both tokens and holds the user's row in its cache.
    expect((await json(`${second.url}/api/auth/me`, 'GET', undefined, ended)).status).toBe(200);

    expect((await json(`${first.url}/api/auth/logout`, 'POST', undefined, ended)).status).toBe(200);
    // The feed rechecks its session every 5 s on its own; this close comes from the first process's notification.
    const code = await Promise.race([
      endedPanel.closed,
      new Promise<string>((resolve) => setTimeout(() => resolve('still open after 1.5 s'), 1500)),
    ]);
    expect(code).toBe(SESSION_ENDED);
    expect((await json(`${second.url}/api/auth/me`, 'GET', undefined, ended)).status).toBe(401);
    expect((await json(`${second.url}/api/auth/me`, 'GET', undefined, kept)).status).toBe(200);
  }, 60_000);

  it('sees a settings change made on one process on the other at once: a service renamed, the «shifts required» switch', async () => {
    const token = await signIn(first);
    const [branch] = (await json(`${second.url}/api/branches`, 'GET', undefined, token)).body;
    const servicesOn = async (server: ServerProcess) =>
      (await json(`${server.url}/api/services?branchId=${branch.id}`, 'GET', undefined, token)).body as {
        id: string;
        name: string;
      }[];
    const shiftsOn = async (server: ServerProcess) =>
      (await json(`${server.url}/api/settings/shifts`, 'GET', undefined, token)).body.required as boolean;
    // The second process reads both and keeps them in its cache (trusted for a minute while it listens).
    const before = await servicesOn(second);
    expect(await shiftsOn(second)).toBe(false);
    const renamed = before.find((service) => !service.name.startsWith('Диагностика'))!;

    const patched = await json(`${first.url}/api/services/${renamed.id}`, 'PATCH', { name: 'Шиномонтаж (новый прайс)' }, token);
    expect(patched.status).toBe(200);
    expect((await json(`${first.url}/api/settings/shifts`, 'PUT', { required: true }, token)).status).toBe(200);

    let names: string[] = [];
    let required = false;
    await waitUntil(
      'the second process to see both changes',
      () => names.includes('Шиномонтаж (новый прайс)') && required,
      1500,
      async () => {
        names = (await servicesOn(second)).map((service) => service.name);
        required = await shiftsOn(second);
      },
    );
    expect(names).not.toContain(renamed.name);
    expect((await json(`${first.url}/api/services/${renamed.id}`, 'PATCH', { name: renamed.name }, token)).status).toBe(200);
    expect((await json(`${first.url}/api/settings/shifts`, 'PUT', { required: false }, token)).status).toBe(200);
    await waitUntil(
      'the second process to see them undone',
      () => names.includes(renamed.name) && !required,
      1500,
      async () => {
        names = (await servicesOn(second)).map((service) => service.name);
        required = await shiftsOn(second);
      },
    );
  });

  it('take 1,000 bookings between them, push every one to the panels of both, and keep each 201 exactly once when one is killed', async () => {
    // A token signed by one process holds on the other: both read the installation's secret.
    const token = await signIn(first);
    const [branch] = (await json(`${second.url}/api/branches`, 'GET', undefined, token)).body;
    const services = (await json(`${second.url}/api/services?branchId=${branch.id}`, 'GET', undefined, token)).body;
    const diagnostics = services.find((service: { name: string }) => service.name.startsWith('Диагностика'));

    const panelOnFirst = await openPanel(first, token);
    let panelOnSecond = await openPanel(second, token);
    panels.push(panelOnFirst, panelOnSecond);

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
    const acceptedBy = [0, 0];
    let secondUp = true;
    let killed = false;
    let restarted: Promise<void> = Promise.resolve();
    let next = 0;
    const book = (server: ServerProcess, i: number) =>
      json(
        `${server.url}/api/bookings`,
        'POST',
        {
          branchId: branch.id,
          serviceId: diagnostics.id,
          start: starts[i],
          client: { name: `Клиент ${i}`, phone: `+7918${String(i).padStart(7, '0')}` },
        },
        token,
      ).catch(() => null);
    const worker = async () => {
      while (next < starts.length) {
        const i = next++;
        // Spread over both, as a load balancer would; while the second is down, all go to the first.
        const target = i % 2 === 1 && secondUp ? 1 : 0;
        const response = await book(target === 1 ? second : first, i);
        if (response?.status === 201) {
          accepted.push(response.body.id as string);
          acceptedBy[target]!++;
        }
        if (accepted.length >= 300 && !killed) {
          killed = true;
          secondUp = false;
          second.child.kill('SIGKILL');
          servers.splice(servers.indexOf(second), 1);
          const lastSeen = panelOnSecond.position();
          // The second comes back, and its panel reconnects asking for what it missed, as the panel does.
          restarted = (async () => {
            second = await spawnServer('node', { DATABASE_URL: databaseUrl, ...owner });
            servers.push(second);
            const reconnected = await openPanel(second, token, lastSeen);
            for (const id of panelOnSecond.ids) reconnected.ids.add(id);
            panelOnSecond = reconnected;
            panels.push(reconnected);
            secondUp = true;
          })();
        }
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    await restarted;
    expect(killed).toBe(true);
    expect(accepted.length).toBeGreaterThanOrEqual(450);
    expect(acceptedBy[0]).toBeGreaterThan(100);
    expect(acceptedBy[1]).toBeGreaterThan(100);

    // Every answered booking reaches a panel on each process, whichever process took it.
    await waitUntil(
      'the first panel to show every accepted booking',
      () => accepted.every((id) => panelOnFirst.ids.has(id)),
      30_000,
    );
    await waitUntil(
      'the second panel to show every accepted booking',
      () => accepted.every((id) => panelOnSecond.ids.has(id)),
      30_000,
    );

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      await waitForReadModels(pool);
      const logged = await pool.query(
        `SELECT message_data->>'bookingId' AS id, count(*)::int AS n FROM emt_messages
          WHERE message_type = 'BookingRequested' GROUP BY 1`,
      );
      const inLog = new Map(logged.rows.map((row) => [row.id as string, row.n as number]));
      const boardRows = await pool.query('SELECT id::text, count(*) OVER (PARTITION BY id)::int AS n FROM rm.bookings');
      const onBoard = new Map(boardRows.rows.map((row) => [row.id as string, row.n as number]));
      for (const id of accepted) {
        expect(inLog.get(id), id).toBe(1);
        expect(onBoard.get(id), id).toBe(1);
      }
      expect(onBoard.size).toBe(inLog.size);
      expect(new Set(accepted).size).toBe(accepted.length);
      // Two processes projected the same log: each event went into the read models once.
      const overlaps = await pool.query('SELECT count(*)::int AS n FROM rm.anomalies');
      expect(overlaps.rows[0].n).toBe(0);
    } finally {
      await pool.end();
    }
  }, 300_000);
});
