/**
 * The manager panel in a real browser (Debian's Chromium through playwright-core):
 *   - JS transferred before the first interaction on /board (sum of script responses until the board
 *     is usable, the live feed is online and the network has been quiet for a second), with the gzip
 *     size of each script (the target is 60 KB gzip) and what was actually sent (brotli when accepted);
 *   - time from navigation to a usable board (cards drawn, drag-and-drop armed) with 500 bookings on
 *     the day;
 *   - drag-to-saved latency: mouse drop on «Подтверждены» until the status command has answered 200.
 *
 *   npx tsx ops/bench/web.ts [--bookings 500] [--runs 3] [--json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createDemoOrganization } from '../../core/database/demo-organization.ts';
import { startEmbeddedPostgres } from '../../core/database/embedded-postgres.ts';
import { createRuntime } from '../../composition-root.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { createBookingFixture, TIME_ZONE } from './fixture.ts';
import { median } from './stats.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const BOOKINGS = argument('bookings', 500);
const RUNS = argument('runs', 3);
const OWNER = { email: 'bench-owner@demo.local', password: 'bench-password-1' };

type ScriptLoad = { url: string; raw: number; gzip: number; sent: number; encoding: string };

/** Every script the page fetched from navigation until it is usable and quiet. */
const collectScripts = (page: Page) => {
  const pending: Promise<ScriptLoad | null>[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() !== 'script' && !response.url().endsWith('.js')) return;
    pending.push(
      (async () => {
        const body = await response.body().catch(() => null);
        if (!body) return null;
        const sizes = await request.sizes().catch(() => null);
        return {
          url: new URL(response.url()).pathname,
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          sent: sizes?.responseBodySize ?? body.length,
          encoding: response.headers()['content-encoding'] ?? 'identity',
        };
      })(),
    );
  });
  return async () => (await Promise.all(pending)).filter((load): load is ScriptLoad => load !== null);
};

const quiet = async (page: Page, ms: number) => {
  let last = Date.now();
  const touch = () => (last = Date.now());
  page.on('request', touch);
  page.on('requestfinished', touch);
  while (Date.now() - last < ms) await page.waitForTimeout(100);
  page.off('request', touch);
  page.off('requestfinished', touch);
};

const dataDir = await mkdtemp(path.join(tmpdir(), 'zero-crm-web-bench-'));
const postgres = await startEmbeddedPostgres(dataDir);
const runtime = await createRuntime({ databaseUrl: postgres.url, logLevel: 'silent' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
});

try {
  execFileSync(process.execPath, [path.join(root, 'web/scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  await createDemoOrganization(runtime.pool, OWNER, runtime.passwords);
  const url = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const bays = Math.max(2, Math.ceil(BOOKINGS / 280));
  const fixture = await createBookingFixture(url, OWNER, bays);
  const day = Temporal.Now.plainDateISO(TIME_ZONE).add({ days: 2 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${fixture.token}` };

  console.log(`Placing ${BOOKINGS} bookings on ${day.toString()} over ${bays} bays …`);
  const ids: string[] = [];
  for (let i = 0; i < BOOKINGS; i++) {
    const bay = i % bays;
    const slot = Math.floor(i / bays);
    const start = day
      .toZonedDateTime({ timeZone: TIME_ZONE, plainTime: Temporal.PlainTime.from('00:05').add({ minutes: slot * 5 }) })
      .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
    const response = await fetch(`${url}/api/bookings`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        branchId: fixture.branchId,
        serviceId: fixture.serviceId,
        bayId: fixture.bayIds[bay],
        start,
        client: { name: `Клиент ${i + 1}`, phone: `+7915${String(1_000_000 + i).slice(-7)}` },
        car: { make: 'Lada', model: 'Granta', plate: `А${String(i).padStart(3, '0')}АА77` },
        channel: 'telegram',
      }),
    });
    if (response.status !== 201) throw new Error(`booking ${i} refused: ${response.status} ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }

  const host = new URL(url).hostname;
  const boardUrl = `${url}/board?branch=${fixture.branchId}&date=${day.toString()}`;
  const newContext = async (viewport: { width: number; height: number }) => {
    const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: TIME_ZONE });
    await context.addCookies([
      { name: 'zero_session', value: fixture.token, domain: host, path: '/', httpOnly: true, sameSite: 'Lax' },
    ]);
    return context;
  };

  // Wait for the read models to hold every booking before timing the board.
  for (let i = 0; ; i++) {
    const { rows } = await runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM rm.bookings WHERE branch_id = $1', [
      fixture.branchId,
    ]);
    if (rows[0]!.n >= BOOKINGS) break;
    if (i > 1200) throw new Error('the read models did not catch up in 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // 1. JS before the first interaction (a fresh context: nothing cached).
  const scripts: ScriptLoad[][] = [];
  const usable: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await newContext({ width: 1024, height: 768 });
    const page = await context.newPage();
    const collected = collectScripts(page);
    const started = Date.now();
    if (process.env.TRACE) {
      page.on('request', (r) => console.log('REQ', Date.now() - started, r.url().replace(url, '')));
      page.on('websocket', (ws) => {
        console.log('WS', Date.now() - started);
        ws.on('framereceived', (f) => console.log('WSFRAME', Date.now() - started, String(f.payload).slice(0, 60)));
      });
    }
    await page.goto(boardUrl);
    await page.locator('.board.is-ready').waitFor({ timeout: 60_000 });
    await page.locator(`[data-card-id="${ids[0]}"]`).waitFor({ timeout: 60_000 });
    usable.push(Date.now() - started);
    await page.locator('[data-live=online]').waitFor({ timeout: 60_000 });
    await quiet(page, 1000);
    scripts.push(await collected());
    await context.close();
  }
  const first = scripts[0]!;
  const total = (key: 'raw' | 'gzip' | 'sent') => first.reduce((sum, load) => sum + load[key], 0);

  // 2. Drag-to-saved latency with the mouse at desktop size.
  const context = await newContext({ width: 1366, height: 900 });
  const page = await context.newPage();
  await page.goto(boardUrl);
  await page.locator('.board.is-ready').waitFor({ timeout: 60_000 });
  await page.locator('[data-live=online]').waitFor({ timeout: 60_000 });
  const latencies: number[] = [];
  for (const id of ids.slice(0, 5)) {
    const card = page.locator(`[data-column=New] [data-card-id="${id}"]`);
    await card.scrollIntoViewIfNeeded();
    const from = (await card.boundingBox())!;
    const to = (await page.locator('[data-column=Confirmed]').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, Math.min(to.y + 80, from.y + from.height / 2), { steps: 10 });
    const saved = page.waitForResponse((response) => response.url().endsWith(`/api/bookings/${id}/status`));
    const dropped = Date.now();
    await page.mouse.up();
    const response = await saved;
    if (response.status() !== 200) throw new Error(`status change refused: ${response.status()}`);
    latencies.push(Date.now() - dropped);
  }
  await context.close();

  const result = {
    bookingsOnBoard: BOOKINGS,
    runs: RUNS,
    jsBeforeFirstInteraction: {
      scripts: first.length,
      rawBytes: total('raw'),
      gzipBytes: total('gzip'),
      sentBytes: total('sent'),
      encodings: [...new Set(first.map((load) => load.encoding))],
      gzipBytesPerRun: scripts.map((run) => run.reduce((sum, load) => sum + load.gzip, 0)),
      largest: [...first].sort((a, b) => b.gzip - a.gzip).slice(0, process.env.TRACE ? 40 : 5),
    },
    timeToUsableBoardMs: { median: median(usable), runs: usable },
    dragToSavedMs: { median: median(latencies), runs: latencies },
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`JS before first interaction on /board: ${first.length} scripts, ${kb(total('gzip'))} gzip`);
    console.log(
      `  (${kb(total('raw'))} uncompressed, ${kb(total('sent'))} actually sent as ${result.jsBeforeFirstInteraction.encodings.join('/')}; target ≤ 60 KB gzip)`,
    );
    for (const load of result.jsBeforeFirstInteraction.largest) console.log(`  ${load.url}: ${kb(load.gzip)} gzip`);
    console.log(`Time to a usable board with ${BOOKINGS} bookings: median ${median(usable)} ms (${usable.join(', ')})`);
    console.log(`Drag to saved (mouse drop → 200): median ${median(latencies)} ms (${latencies.join(', ')})`);
  }
} finally {
  await browser.close();
  await runtime.close();
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
