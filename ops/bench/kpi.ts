/**
 * `npx tsx ops/bench/kpi.ts [--events 200000] [--replays 1] [--requests 40] [--apply-only] [--keep]`: a year of
 * generated history for five branches on a fresh embedded PostgreSQL, then
 *   1. the full replay (`npm run replay`: board, calendar, clients, KPIs) in events per second, `--replays`
 *      times over the same log (the median too when more than once),
 *   2. the KPI tables alone rebuilt from the same log, in events per second,
 *   3. GET /api/kpis latency (p50/p95/max) over the shapes the reports page asks for.
 * `--keep` keeps the database running until Ctrl-C and prints its URL (for EXPLAIN); then it is removed.
 * Prints its results; it writes no file (BENCHMARKS.md belongs to `npm run bench`). Runs itself again
 * with the Node flags `npm run replay` has in package.json, so the replay is measured as it runs.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPasswords } from '../../core/staff/passwords.ts';
import { createVault } from '../../core/vault/vault.ts';
import { createDemoOrganization } from '../../core/database/demo-organization.ts';
import { startEmbeddedPostgres } from '../../core/database/embedded-postgres.ts';
import { migrate } from '../../core/database/migrations.ts';
import { plainJsonTypes } from '../../core/database/pool-types.ts';
import { installationSecret } from '../../core/database/secrets.ts';
import { createEventStore, type DomainEvent, type StreamAppend } from '../../core/event-store/event-store.ts';
import { createRuntime } from '../../composition-root.ts';
import type { BookingChannel, CancelReason } from '../../domain/booking/booking.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { applyKpiEvents } from '../../projections/kpi/apply.ts';
import { createKpiTables } from '../../projections/kpi/schema.ts';
import { replayReadModels } from '../../projections/replay.ts';
import { readBatch, type Checkpoint } from '../../projections/checkpoint.ts';

const replayScript = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }
).scripts.replay!;
/** `npm run replay`'s Node flags: the words between `tsx` and the script. */
const replayFlags = (() => {
  const words = replayScript.split(/\s+/);
  const after = words.slice(words.indexOf('tsx') + 1);
  const script = after.findIndex((word) => !word.startsWith('--'));
  return script < 0 ? after : after.slice(0, script);
})();
const flagName = (flag: string) => flag.split('=')[0];
// A flag given on this bench's own command line, with any value, is left as given.
const missingFlags = replayFlags.filter((flag) => !process.execArgv.some((given) => flagName(given) === flagName(flag)));
if (missingFlags.length > 0) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...missingFlags, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  if (again.error) console.error(`Could not run the bench again with ${missingFlags.join(' ')}: ${again.error.message}`);
  process.exit(again.status ?? 1);
}

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const EVENTS = argument('events', 200_000);
const REQUESTS = argument('requests', 40);
const REPLAYS = argument('replays', 1);
const KEEP = process.argv.includes('--keep');
const ONLY_APPLY = process.argv.includes('--apply-only');

const BRANCHES = 5;
const BAYS = 6;
const SLOTS = 22; // half hours from 09:00 to 20:00
const DAYS = 365;
const ZONES = ['Europe/Moscow', 'Europe/Moscow', 'Asia/Yekaterinburg', 'Europe/Samara', 'Asia/Vladivostok'];
const OWNER = { email: 'owner@kpi-bench.local', password: 'kpi-bench-owner-1' };
const HOURS = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6'].map((day) => [day, { open: '09:00', close: '20:00', breaks: [{ from: '13:00', to: '14:00' }] }]),
);

/** A small deterministic generator, so two runs of one size hold the same history. */
const random = (() => {
  let state = 0x2545f491;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
})();
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const channels: BookingChannel[] = ['telegram', 'telegram', 'telegram', 'phone', 'phone', 'panel', 'web'];
const reasons: CancelReason[] = ['client_request', 'client_request', 'no_show', 'station', 'duplicate', 'other'];

const log = (line: string) => console.log(line);

const summarize = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
  return { count: sorted.length, p50: at(50), p95: at(95), max: sorted.at(-1)! };
};

type Setup = { orgId: string; branches: { id: string; zone: string; bays: string[]; managers: string[] }[] };

const createBranches = async (pool: pg.Pool): Promise<Setup> => {
  const passwords = createPasswords();
  await createDemoOrganization(pool, OWNER, passwords);
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM organizations LIMIT 1');
  const orgId = rows[0]!.id;
  const branches: Setup['branches'] = [];
  for (let b = 0; b < BRANCHES; b++) {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO branches (id, org_id, name, time_zone, hours, confirm_target_minutes) VALUES ($1, $2, $3, $4, $5, 30)`,
      [id, orgId, `Филиал ${b + 1}`, ZONES[b], JSON.stringify(HOURS)],
    );
    const bays = Array.from({ length: BAYS }, () => randomUUID());
    for (const [i, bay] of bays.entries()) {
      await pool.query('INSERT INTO bays (id, org_id, branch_id, name, kinds, position) VALUES ($1, $2, $3, $4, $5, $6)', [
        bay,
        orgId,
        id,
        `Пост ${i + 1}`,
        ['lift'],
        i,
      ]);
    }
    const managers = [randomUUID(), randomUUID()];
    for (const [i, manager] of managers.entries()) {
      await pool.query(
        `INSERT INTO users (id, org_id, email, name, password_hash, role, branch_ids) VALUES ($1, $2, $3, $4, $5, 'manager', $6)`,
        [manager, orgId, `m${b}-${i}@kpi-bench.local`, `Менеджер ${b + 1}.${i + 1}`, await passwords.hash('x-password-1'), [id]],
      );
    }
    branches.push({ id, zone: ZONES[b]!, bays, managers });
  }
  return { orgId, branches };
};

/**
 * Bookings on distinct bay half-hours over the past year, each walked through a realistic life
 * (slot reservation, request, confirmation after a while, start and finish, or a cancellation that
 * releases the slot), clients registered once with sealed profiles and coming back, and refused
 * attempts. Appends until about `target` events.
 */
const generate = async (pool: pg.Pool, setup: Setup, target: number): Promise<number> => {
  const store = createEventStore(pool);
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  const firstDay = Temporal.Now.plainDateISO('Europe/Moscow').subtract({ days: DAYS });
  const clients: string[] = [];
  const versions = new Map<string, number>();
  let pending: StreamAppend[] = [];
  let events = 0;
  const append = async (stream: string, list: DomainEvent[]) => {
    const expected = versions.get(stream) ?? 0;
    versions.set(stream, expected + list.length);
    pending.push({ stream, expected, events: list });
    events += list.length;
    if (pending.length >= 1000) await flush();
  };
  const flush = async () => {
    // One stream appears once per call: the same schedule stream twice in one call would conflict with itself.
    const seen = new Set<string>();
    let chunk: StreamAppend[] = [];
    for (const item of pending) {
      if (seen.has(item.stream)) {
        await store.appendMany(chunk);
        chunk = [];
        seen.clear();
      }
      seen.add(item.stream);
      chunk.push(item);
    }
    if (chunk.length) await store.appendMany(chunk);
    pending = [];
  };

  for (let i = 0; events < target && i < BRANCHES * DAYS * BAYS * SLOTS; i++) {
    const branch = setup.branches[i % BRANCHES]!;
    const j = Math.floor(i / BRANCHES);
    const date = firstDay.add({ days: j % DAYS });
    if (date.dayOfWeek === 7) continue; // closed on Sundays
    const k = Math.floor(j / DAYS);
    const bay = branch.bays[k % BAYS]!;
    const slot = Math.floor(k / BAYS);
    const start = date.toZonedDateTime({
      timeZone: branch.zone,
      plainTime: new Temporal.PlainTime(9 + Math.floor(slot / 2), (slot % 2) * 30),
    });
    const startMs = start.epochMilliseconds;
    const at = (ms: number) => new Date(ms).toISOString();
    let clientId: string;
    if (clients.length < 50 || random() < 0.35) {
      const phone = `+7900${String(clients.length).padStart(7, '0')}`;
      const phoneHash = await vault.phoneHash(setup.orgId, phone);
      clientId = (await vault.claimClient(setup.orgId, phoneHash)).clientId;
      await append(`client-${clientId}`, [
        {
          type: 'ClientRegistered',
          data: {
            clientId,
            orgId: setup.orgId,
            phoneHash,
            profile: await vault.seal(clientId, { name: `Клиент ${clients.length}`, phone }),
            channel: 'telegram',
            registeredAt: at(startMs - 7 * 86_400_000),
          },
        },
      ]);
      clients.push(clientId);
    } else clientId = pick(clients);
    const bookingId = randomUUID();
    const channel = pick(channels);
    const manager = pick(branch.managers);
    const requestedAt = startMs - Math.floor((1 + random() * 5) * 86_400_000);
    const confirmedAt = requestedAt + Math.floor((1 + random() * random() * 600) * 60_000);
    const end = startMs + 30 * 60_000;
    const dateText = date.toString();
    const schedule = `schedule-${bay}_${dateText}`;
    await append(schedule, [
      {
        type: 'SlotsReserved',
        data: { bayId: bay, date: dateText, bookingId, from: at(startMs), to: at(end), reservedAt: at(requestedAt) },
      },
    ]);
    const life: DomainEvent[] = [
      {
        type: 'BookingRequested',
        data: {
          bookingId,
          orgId: setup.orgId,
          branchId: branch.id,
          bayId: bay,
          serviceIds: [randomUUID()],
          start: at(startMs),
          end: at(end),
          segments: [{ date: dateText, from: at(startMs), to: at(end) }],
          clientId,
          channel,
          details: null,
          requestedBy: channel === 'telegram' || channel === 'web' ? null : manager,
          requestedAt: at(requestedAt),
        },
      },
    ];
    const fate = random();
    if (fate < 0.04) {
      // still New
    } else if (fate < 0.18) {
      life.push({
        type: 'BookingCancelled',
        data: { bookingId, reason: pick(reasons), cancelledBy: manager, cancelledAt: at(Math.min(confirmedAt, startMs)) },
      });
    } else {
      life.push({ type: 'BookingConfirmed', data: { bookingId, confirmedBy: manager, confirmedAt: at(confirmedAt) } });
      if (fate < 0.22) {
        life.push({
          type: 'BookingCancelled',
          data: { bookingId, reason: 'no_show', cancelledBy: manager, cancelledAt: at(end) },
        });
      } else {
        life.push({ type: 'BookingStarted', data: { bookingId, startedBy: null, startedAt: at(startMs) } });
        life.push({ type: 'BookingCompleted', data: { bookingId, completedBy: null, completedAt: at(end) } });
      }
    }
    await append(`booking-${bookingId}`, life);
    if (life.at(-1)!.type === 'BookingCancelled') {
      await append(schedule, [
        {
          type: 'SlotsReleased',
          data: { bayId: bay, date: dateText, bookingId, reason: 'cancelled', releasedAt: at(startMs) },
        },
      ]);
    }
    if (random() < 0.03) {
      const refusalId = randomUUID();
      await append(`refusal-${refusalId}`, [
        {
          type: 'BookingRefused',
          data: {
            refusalId,
            orgId: setup.orgId,
            branchId: branch.id,
            channel,
            reason: 'slot_taken',
            requestedStart: at(startMs),
            refusedBy: null,
            refusedAt: at(requestedAt + 60_000),
          },
        },
      ]);
    }
  }
  await flush();
  return events;
};

/** The KPI tables alone, rebuilt from the whole log into a scratch schema in batches. */
const replayKpisOnly = async (pool: pg.Pool) => {
  const client = await pool.connect();
  const schema = 'kpi_bench';
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.anomalies (id bigserial, global_position bigint, event_type text, problem text, noticed_at timestamptz DEFAULT now());`);
    await client.query(createKpiTables(schema));
    const started = performance.now();
    let after: Checkpoint = { transactionId: '0', globalPosition: '0' };
    let events = 0;
    for (;;) {
      await client.query('BEGIN');
      const batch = await readBatch(client, after, 5000);
      await applyKpiEvents(client, schema, batch);
      await client.query('COMMIT');
      if (batch.length === 0) break;
      const last = batch.at(-1)!;
      after = { transactionId: last.transactionId.toString(), globalPosition: last.globalPosition.toString() };
      events += batch.length;
    }
    const seconds = (performance.now() - started) / 1000;
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    return { events, seconds, eventsPerSecond: Math.round(events / seconds) };
  } finally {
    client.release();
  }
};

/**
 * The live path: KPI events applied as the runner applies them, a batch of up to 500 per transaction
 * starting from the rows it wrote lately, for the first `limit` events of the log.
 */
const applyKpisLive = async (pool: pg.Pool, limit: number) => {
  const client = await pool.connect();
  const schema = 'kpi_live_bench';
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.anomalies (id bigserial, global_position bigint, event_type text, problem text, noticed_at timestamptz DEFAULT now());`);
    await client.query(createKpiTables(schema));
    let after: Checkpoint = { transactionId: '0', globalPosition: '0' };
    let events = 0;
    let elapsed = 0;
    while (events < limit) {
      const batch = await readBatch(client, after, 500);
      if (batch.length === 0) break;
      const started = performance.now();
      await client.query('BEGIN');
      await applyKpiEvents(client, schema, batch, { live: true });
      await client.query('COMMIT');
      elapsed += performance.now() - started;
      const last = batch.at(-1)!;
      after = { transactionId: last.transactionId.toString(), globalPosition: last.globalPosition.toString() };
      events += batch.length;
    }
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    return { events, seconds: elapsed / 1000, perEventMs: elapsed / events };
  } finally {
    client.release();
  }
};

const measureEndpoint = async (databaseUrl: string, setup: Setup) => {
  const runtime = await createRuntime({ databaseUrl, logLevel: 'warn' });
  try {
    const base = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    const { token } = (await login.json()) as { token: string };
    const date = Temporal.Now.plainDateISO('Europe/Moscow');
    const today = date.toString();
    const monthAgo = date.subtract({ days: 30 }).toString();
    const yearAgo = date.subtract({ days: 364 }).toString();
    const branch = setup.branches[0]!;
    const shapes: Record<string, string> = {
      'org, 31 days by day': `from=${monthAgo}&to=${today}`,
      'branch, 31 days by day': `branchId=${branch.id}&from=${monthAgo}&to=${today}`,
      'branch, 7 days, manager': `branchId=${branch.id}&managerId=${branch.managers[0]}`,
      'org, 365 days by month': `from=${yearAgo}&to=${today}&groupBy=month`,
      'org, 365 days by week': `from=${yearAgo}&to=${today}&groupBy=week`,
    };
    const all: number[] = [];
    const results: Record<string, ReturnType<typeof summarize>> = {};
    for (const [name, query] of Object.entries(shapes)) {
      const latencies: number[] = [];
      for (let i = 0; i < REQUESTS + 3; i++) {
        const started = performance.now();
        const response = await fetch(`${base}/api/kpis?${query}`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET /api/kpis?${query}: ${response.status}`);
        if (i >= 3) latencies.push(performance.now() - started); // the first few warm the caches
      }
      all.push(...latencies);
      results[name] = summarize(latencies);
    }
    return { results, overall: summarize(all) };
  } finally {
    await runtime.close();
  }
};

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zero-crm-kpi-bench-'));
// embedded-postgres stops the server and exits on Ctrl-C by itself; the directory goes with the process.
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
const embedded = await startEmbeddedPostgres(dataDir);
const pool = new pg.Pool({ connectionString: embedded.url, max: 4, types: plainJsonTypes });
// PostgreSQL stopping at the end closes idle connections under the pool: expected then, not a failure.
pool.on('error', () => undefined);
try {
  log(`KPI benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), PostgreSQL in ${dataDir}`);
  await migrate(pool, embedded.url);
  const setup = await createBranches(pool);
  const started = performance.now();
  const events = await generate(pool, setup, EVENTS);
  const bookings = (
    await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'BookingRequested'`)
  ).rows[0]!.n;
  log(
    `Generated ${events} events (${bookings} bookings, ${BRANCHES} branches, ${DAYS} days) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await pool.query('VACUUM ANALYZE emt_messages');

  const rates: number[] = [];
  for (let run = 1; run <= REPLAYS; run++) {
    // A vault of its own each time: its keys come cold, as in a fresh `npm run replay`.
    const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
    const replay = await replayReadModels(pool, vault.open);
    rates.push(replay.eventsPerSecond);
    log(
      `Full replay (board, calendar, clients, KPIs) #${run}: ${replay.events} events in ${replay.seconds.toFixed(1)} s = ${replay.eventsPerSecond} events/s; load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' / ')}`,
    );
  }
  if (REPLAYS > 1) log(`Full replay, median of ${REPLAYS}: ${summarize(rates).p50} events/s`);
  const kpiOnly = await replayKpisOnly(pool);
  log(`KPI tables alone: ${kpiOnly.events} events in ${kpiOnly.seconds.toFixed(1)} s = ${kpiOnly.eventsPerSecond} events/s`);
  const live = await applyKpisLive(pool, Math.min(events, 50_000));
  log(
    `KPI tables, live path (batches of up to 500): ${live.events} events in ${live.seconds.toFixed(1)} s = ${live.perEventMs.toFixed(3)} ms per event`,
  );
  await pool.query('VACUUM ANALYZE');

  if (!ONLY_APPLY) {
    const endpoint = await measureEndpoint(embedded.url, setup);
    log(`GET /api/kpis, ${REQUESTS} sequential requests per shape (ms):`);
    for (const [name, summary] of Object.entries(endpoint.results)) {
      log(`  ${name.padEnd(28)} p50 ${summary.p50.toFixed(1)}  p95 ${summary.p95.toFixed(1)}  max ${summary.max.toFixed(1)}`);
    }
    log(
      `  ${'all shapes'.padEnd(28)} p50 ${endpoint.overall.p50.toFixed(1)}  p95 ${endpoint.overall.p95.toFixed(1)}  max ${endpoint.overall.max.toFixed(1)}`,
    );
  }
} finally {
  await pool.end();
  if (KEEP) {
    log(`Kept running for inspection: ${embedded.url}; Ctrl-C stops and removes it`);
    await new Promise((resolve) => process.once('SIGINT', resolve));
  }
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
}
