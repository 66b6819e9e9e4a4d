/**
 * `npm run bench:processes`: two API processes (main.ts, as deployed behind a load balancer) on one
 * fresh embedded PostgreSQL. Bookings go alternately to each; a live socket on each process measures
 * send → push, on the process that took the booking and on the other one. Measured idle (one booking
 * at a time) and under load (background clients booking on both meanwhile, from a process of their
 * own). The probes run in this process; the servers are their own. Prints the numbers; BENCHMARKS.md records them by hand.
 * `--server-root=DIR` runs the servers from another checkout (an older commit, to compare);
 * `--probes=N` sets the sequential bookings per phase (200; 20 with `--quick`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../../core/database/embedded-postgres.ts';
import { startBackgroundLoad } from './background-load.ts';
import { createSlotFeed, type SlotFeed } from './booking-load.ts';
import { bookingBody, createBookingFixture, futureSlots, type BookingFixture } from './fixture.ts';
import { createHttpClient } from './http-client.ts';
import { openLiveSocket } from './live-socket.ts';
import { describeMachine } from './results.ts';
import { ms, summarizeLatencies, type LatencySummary } from './stats.ts';

const OWNER = { email: 'owner@bench.local', password: 'two-processes-bench-1' };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverRoot = process.argv.find((arg) => arg.startsWith('--server-root='))?.slice('--server-root='.length) ?? root;
const quick = process.argv.includes('--quick');
const probesArg = process.argv.find((arg) => arg.startsWith('--probes='))?.slice('--probes='.length);
const PROBES = probesArg ? Number(probesArg) : quick ? 20 : 200;
const BACKGROUND_CLIENTS = 16;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });

const startServer = async (databaseUrl: string): Promise<{ url: string; child: ChildProcess }> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: serverRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OWNER_EMAIL: OWNER.email,
      OWNER_PASSWORD: OWNER.password,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error('server exited early');
    if (
      await fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
};

type Probe = { same: LatencySummary; other: LatencySummary; command: LatencySummary; missed: number };

/** Sequential bookings, alternately through each process; each waits until both sockets got its card. */
const probe = async (urls: string[], fixture: BookingFixture, feed: SlotFeed, count: number): Promise<Probe> => {
  const arrivals = urls.map(() => new Map<string, number>());
  const sockets = await Promise.all(
    urls.map((url, i) =>
      openLiveSocket(`${url.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(fixture.token)}`, (message) => {
        const id = message.type === 'booking' ? message.booking?.id : undefined;
        if (id && !arrivals[i]!.has(id)) arrivals[i]!.set(id, performance.now());
      }),
    ),
  );
  const clients = urls.map((url) => createHttpClient(url, { token: fixture.token, maxSockets: 1 }));
  const same: number[] = [];
  const other: number[] = [];
  const command: number[] = [];
  let missed = 0;
  try {
    for (let i = 0; i < count; i++) {
      const via = i % 2;
      const { index, slot } = feed.take();
      const sent = performance.now();
      const response = await clients[via]!.request('POST', '/api/bookings', bookingBody(fixture, slot, index));
      command.push(performance.now() - sent);
      if (response.status !== 201) throw new Error(`HTTP ${response.status} ${response.text.slice(0, 200)}`);
      const { id } = response.json<{ id: string }>();
      const deadline = performance.now() + 5_000;
      while (!arrivals.every((arrived) => arrived.has(id)) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const here = arrivals[via]!.get(id);
      const there = arrivals[1 - via]!.get(id);
      if (here === undefined || there === undefined) missed++;
      if (here !== undefined) same.push(here - sent);
      if (there !== undefined) other.push(there - sent);
    }
  } finally {
    for (const socket of sockets) socket.close();
    for (const client of clients) client.close();
  }
  return {
    same: summarizeLatencies(same),
    other: summarizeLatencies(other),
    command: summarizeLatencies(command),
    missed,
  };
};

const line = (name: string, summary: LatencySummary) =>
  `| ${name} | ${summary.count} | ${ms(summary.p50)} | ${ms(summary.p95)} | ${ms(summary.max)} |`;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zero-crm-bench-'));
const embedded = await startEmbeddedPostgres(dataDir);
const servers: ChildProcess[] = [];
let incomplete = false;
try {
  const loadAtStart = os.loadavg();
  const first = await startServer(embedded.url);
  servers.push(first.child);
  const second = await startServer(embedded.url);
  servers.push(second.child);
  const urls = [first.url, second.url];
  const fixture = await createBookingFixture(first.url, OWNER, 8);
  // The probes' slots are set apart, so a load that outlasts its own slots stops instead of failing them.
  const slots = futureSlots(100_000);
  const probeFeed = createSlotFeed(slots.slice(0, 2 * PROBES));
  const loadFeed = createSlotFeed(slots.slice(2 * PROBES), 2 * PROBES);

  const idle = await probe(urls, fixture, probeFeed, PROBES);
  const load = startBackgroundLoad(urls, fixture, loadFeed, BACKGROUND_CLIENTS);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const loaded = await probe(urls, fixture, probeFeed, PROBES);
  const background = await load.stop();

  const machine = describeMachine();
  console.log(`\n${new Date().toISOString()} · ${machine.cpu} × ${machine.cores} · ${machine.memory} · Node ${machine.node}`);
  console.log(`servers from ${serverRoot}; load average at start ${loadAtStart.map((n) => n.toFixed(2)).join(' / ')}`);
  console.log(
    `load average at end ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ')}`,
  );
  console.log('\n| Send → push (ms) | n | median | p95 | max |\n| --- | --- | --- | --- | --- |');
  console.log(line('idle, panel on the process that took the booking', idle.same));
  console.log(line('idle, panel on the other process', idle.other));
  console.log(line('idle, POST alone', idle.command));
  console.log(line(`under load, panel on the process that took it`, loaded.same));
  console.log(line(`under load, panel on the other process`, loaded.other));
  console.log(line('under load, POST alone', loaded.command));
  console.log(
    `\nbackground: ${BACKGROUND_CLIENTS} clients, ${background.bookings} bookings, ${background.perSecond.toFixed(0)}/s; missed pushes: ${idle.missed + loaded.missed}`,
  );
  if (background.ranOutAfterMs !== null) {
    console.log(
      `the background load used up its slots after ${(background.ranOutAfterMs / 1000).toFixed(0)} s, before the probes ended: the rows "under load" are not all under load`,
    );
    incomplete = true;
  }
} finally {
  for (const child of servers) child.kill('SIGTERM');
  await Promise.all(
    servers.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))),
  );
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
}
// Set explicitly: embedded PostgreSQL's exit hook ends the process with 0 whatever `process.exitCode` says.
if (incomplete) process.exit(1);
