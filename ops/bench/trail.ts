/**
 * `npx tsx ops/bench/trail.ts [--events N]`: the per-client trail export (152-FZ kit) for one client
 * with about N events (default 1,000: 250 bookings, each requested, confirmed, started, finished),
 * on a fresh embedded PostgreSQL through the real server. Prints the export times as JSON and HTML
 * and exits with 1 when the slowest export misses the target of 2 s.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { OWNER, startEnvironment, waitForProjection } from './environment.ts';
import { createBookingFixture, futureSlots } from './fixture.ts';
import { createHttpClient, expectStatus } from './http-client.ts';

const TARGET_MS = 2000;
const RUNS = 10;
const WORKERS = 4;
const eventsArg = process.argv.indexOf('--events');
const wanted = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : 1000;
const bookings = Math.max(1, Math.ceil(wanted / 4));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const env = await startEnvironment((line) => console.log(line));
let failed = false;
try {
  const fixture = await createBookingFixture(env.url, OWNER, 4);
  const staff = createHttpClient(env.url, { token: fixture.token });
  const officerEmail = 'dpo@bench.local';
  const { rows: org } = await env.runtime.pool.query<{ org_id: string }>('SELECT org_id FROM branches WHERE id = $1', [
    fixture.branchId,
  ]);
  await env.runtime.pool.query(
    `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Bench officer', $4, 'compliance')`,
    [randomUUID(), org[0]!.org_id, officerEmail, await env.runtime.passwords.hash('bench-officer-password')],
  );
  const anonymous = createHttpClient(env.url);
  const login = expectStatus(
    await anonymous.request('POST', '/api/auth/login', { email: officerEmail, password: 'bench-officer-password' }),
    200,
    'officer login',
  ).json<{ token: string }>();
  anonymous.close();
  const officer = createHttpClient(env.url, { token: login.token });

  console.log(`Seeding one client with ${bookings} bookings × 4 events …`);
  const seedStarted = performance.now();
  const slots = futureSlots(bookings);
  let next = 0;
  const worker = async () => {
    while (next < slots.length) {
      const i = next++;
      const booked = expectStatus(
        await staff.request('POST', '/api/bookings', {
          branchId: fixture.branchId,
          serviceId: fixture.serviceId,
          start: slots[i],
          client: { name: 'Trail Bench Client', phone: '+79990000001' },
          car: { make: 'Lada', model: 'Vesta', plate: 'А001АА77' },
          comment: `Visit ${i}`,
        }),
        201,
        'booking',
      ).json<{ id: string }>();
      for (const status of ['Confirmed', 'InProgress', 'Done']) {
        expectStatus(await staff.request('POST', `/api/bookings/${booked.id}/status`, { status }), 200, `status ${status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  await waitForProjection(env.runtime);
  console.log(`Seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

  const { rows: client } = await env.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients LIMIT 1');
  const clientId = client[0]!.id;
  const results: Record<string, { events: number; bytes: number; ms: number[] }> = {};
  for (const format of ['json', 'html'] as const) {
    const times: number[] = [];
    let bytes = 0;
    let events = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const response = expectStatus(
        await officer.request('GET', `/api/compliance/clients/${clientId}/trail?format=${format}`),
        200,
        'trail',
      );
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(response.text);
      if (format === 'json') events = response.json<{ events: unknown[] }>().events.length;
    }
    results[format] = { events, bytes, ms: times.sort((a, b) => a - b) };
  }
  staff.close();
  officer.close();

  const events = results.json!.events;
  console.log(`\nTrail export of one client with ${events} events (${RUNS} runs each, target ≤ ${TARGET_MS} ms)`);
  for (const [format, result] of Object.entries(results)) {
    const slowest = result.ms.at(-1)!;
    failed ||= slowest > TARGET_MS;
    console.log(
      `  ${format.padEnd(4)} ${(result.bytes / 1024).toFixed(0).padStart(6)} KiB   p50 ${percentile(result.ms, 50).toFixed(0)} ms` +
        `   p95 ${percentile(result.ms, 95).toFixed(0)} ms   max ${slowest.toFixed(0)} ms   ${slowest <= TARGET_MS ? 'ok' : 'MISSED'}`,
    );
  }
  if (events < wanted) {
    failed = true;
    console.log(`Only ${events} events were seeded, ${wanted} were wanted`);
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await env.stop();
}
process.exit(failed ? 1 : 0);
