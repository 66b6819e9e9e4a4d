/**
 * Page-ready time and JS before the first tap, per panel page, in a real browser (Debian's Chromium
 * through playwright-core) at the iPad landscape size (1180×820, touch), CPU throttled as a tablet.
 *
 * The server of a source tree (this one by default, or `--tree DIR`, e.g. a `git worktree` of an older
 * commit) runs as its own process (`npm start`'s entry) on a fresh embedded PostgreSQL in a temp dir,
 * so an old commit is measured with its own code. The owner signs in through the API; 60 bookings are
 * placed on tomorrow; then each page is opened `--runs` times in a fresh browser context (nothing cached):
 *   - in document: navigation start → the page's data is in the document (the board: all 60 cards; the
 *     others: the mark their tests wait for), timed inside the page;
 *   - readable: navigation start → the first frame painted after that (a task queued from that frame's
 *     animation callback runs once the frame's style, layout and paint are done): the data on screen;
 *   - ready: navigation start → the last request of the page finished before the network stayed
 *     quiet for a second (the live WebSocket aside) — the page has its data and its first code;
 *   - JS before the first tap: every script response until then, uncompressed and gzip -9.
 *
 *   npx tsx ops/bench/pages.ts [--tree DIR] [--runs 5] [--throttle 4] [--pages board,clients] [--json FILE] [--verbose] [--trace FILE]
 *   npx tsx ops/bench/pages.ts --compare BEFORE.json AFTER.json   (the Markdown table of BENCHMARKS.md)
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { median } from './stats.ts';

const here = fileURLToPath(new URL('../..', import.meta.url));
const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const TREE = path.resolve(option('tree') ?? here);
const RUNS = Number(option('runs') ?? 5);
const THROTTLE = Number(option('throttle') ?? 4);
const JSON_OUT = option('json');
/** `--pages board,clients`: only these (all by default). */
const ONLY = option('pages')?.split(',');
const OWNER = { email: 'owner@pages-bench.local', password: 'pages-bench-password-1' };
const VIEWPORT = { width: 1180, height: 820 };
const ZONE = 'Europe/Moscow';
const QUIET_MS = 1000;

const PAGES = ['board', 'calendar', 'clients', 'client', 'inbox', 'settings', 'reports', 'today', 'tasks', 'staff'] as const;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** The tree's own server as a child process on a fresh data directory; resolves once it answers. */
const startServer = async () => {
  const entry = ['main.ts', 'api/server.ts'].find((file) => existsSync(path.join(TREE, file)));
  if (!entry) throw new Error(`${TREE} has neither main.ts nor api/server.ts`);
  execFileSync(process.execPath, [path.join(TREE, 'web/scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zero-crm-pages-bench-'));
  const port = await freePort();
  const child = spawn(path.join(TREE, 'node_modules/.bin/tsx'), [entry], {
    cwd: TREE,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      OWNER_EMAIL: OWNER.email,
      OWNER_PASSWORD: OWNER.password,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server of ${TREE} exited with ${child.exitCode}`);
    const up = await fetch(`${url}/api/branches`).then(
      (response) => response.status === 401,
      () => false,
    );
    if (up) break;
    if (Date.now() - started > 180_000) throw new Error('the server did not come up in 3 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    await rm(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
};

type PageResult = {
  firstByteMs: number;
  /** Navigation start → the page's data is on screen (the board: every seeded card); null where not measured. */
  readableMs: number | null;
  /** Navigation start → the page's data is in the document, maybe not yet painted (absent in older results). */
  inDocumentMs?: number | null;
  readyMs: number;
  readyRunsMs: number[];
  domContentLoadedMs: number;
  scripts: number;
  jsRawBytes: number;
  jsGzipBytes: number;
  largestScripts: Script[];
};
type Results = {
  tree: string;
  commit: string;
  date: string;
  machine: string;
  loadAverage: string[];
  runs: number;
  throttle: number;
  viewport: typeof VIEWPORT;
  /** null: the tree has no such page. */
  pages: Record<string, PageResult | null>;
};

const call = async <T>(url: string, token: string | null, method: string, route: string, body?: unknown): Promise<T> => {
  const response = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
};

/** Sixty bookings on tomorrow over the demo bays, so the board and the calendar have a day to draw. */
const seed = async (url: string, token: string) => {
  const [branch] = await call<{ id: string }[]>(url, token, 'GET', '/api/branches');
  const services = await call<{ id: string; durationMinutes: number; bufferMinutes: number }[]>(
    url,
    token,
    'GET',
    `/api/services?branchId=${branch!.id}`,
  );
  // The shortest job, so sixty fit in one day.
  const shortest = services.reduce((best, service) =>
    service.durationMinutes + service.bufferMinutes < best.durationMinutes + best.bufferMinutes ? service : best,
  );
  const date = Temporal.Now.plainDateISO(ZONE).add({ days: 1 });
  // Sixty cards: the day's bays filled from 8:00 (each booking tries its time, then 5 minutes later);
  // when the day is full, some are cancelled by the client (they stay on the board) and their times booked again.
  let booked = 0;
  const ids: string[] = [];
  const fill = async () => {
    let minutes = 8 * 60;
    while (booked < 60 && minutes < 22 * 60) {
      const start = date
        .toZonedDateTime({
          timeZone: ZONE,
          plainTime: Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }),
        })
        .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
      const made = await call<{ id: string }>(url, token, 'POST', '/api/bookings', {
        branchId: branch!.id,
        serviceId: shortest.id,
        start,
        client: { name: `Клиент ${booked + 1}`, phone: `+7916${String(5_000_000 + booked)}` },
        car: { make: 'Lada', model: 'Vesta', plate: `А${String(100 + booked)}АА77` },
        channel: 'telegram',
      }).catch(() => null); // every bay is taken at this time (or the day is over): try the next
      if (made) {
        ids.push(made.id);
        booked++;
      } else minutes += 5;
    }
  };
  await fill();
  for (const id of ids.slice(0, 60 - booked)) {
    await call(url, token, 'POST', `/api/bookings/${id}/status`, { status: 'Cancelled', reason: 'client_request' });
  }
  await fill();
  return { date: date.toString(), booked };
};

/** `--verbose`: every script a page loaded, largest first (the five largest otherwise). */
const VERBOSE = process.argv.includes('--verbose');
/** `--trace FILE`: the first run of each page as a Chromium performance trace (FILE-page.json), to see where its time goes. */
const TRACE = option('trace');

type Script = { path: string; raw: number; gzip: number };
type Load = {
  /** Navigation start → the first byte of the page (the server's render included). */
  firstByte: number;
  inDocument: number;
  readable: number;
  ready: number;
  domContentLoaded: number;
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  largest: Script[];
  url: string;
};

/**
 * What each page shows once its data is in the document: `count` elements matching `selector` (the
 * board: every seeded card; the others: the marks their tests wait for, in the old tree as in the new).
 */
const readableWhen = (booked: number): Record<(typeof PAGES)[number], { selector: string; count: number }> => ({
  board: { selector: '[data-card-id]', count: booked },
  calendar: { selector: '.calendar-host.is-ready .fc-event', count: 1 },
  clients: { selector: '[data-clients].is-ready [data-client-id]', count: 1 },
  client: { selector: '[data-client-card] [data-booking-id]', count: 1 },
  inbox: { selector: '[data-inbox=ready]', count: 1 },
  settings: { selector: '.settings-grid.is-ready [data-bay-id]', count: 1 },
  reports: { selector: '[data-report=ready] [data-tile]', count: 1 },
  today: { selector: '.job-list.is-ready', count: 1 },
  tasks: { selector: '[data-page=tasks][data-ready=yes]', count: 1 },
  staff: { selector: '[data-page=staff][data-ready=yes] [data-person]', count: 1 },
});

const measure = async (page: Page, url: string, readable: { selector: string; count: number }): Promise<Load> => {
  // Timed in the page (from its navigation start), not by polling from here: under CPU throttling
  // each poll from outside costs more than the render it waits for. Attribute changes count too
  // (a list marked ready when its data has come).
  await page.addInitScript(`new MutationObserver((_, observer) => {
    if (document.querySelectorAll(${JSON.stringify(readable.selector)}).length < ${readable.count}) return;
    window.__inDocument = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__readable = performance.now())));
  }).observe(document, { childList: true, subtree: true, attributes: true });`);
  const started = Date.now();
  let last = started;
  let inFlight = 0;
  const scripts: Promise<Script | null>[] = [];
  page.on('request', () => {
    inFlight += 1;
  });
  const done = () => {
    inFlight -= 1;
    last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && !response.url().split('?')[0]!.endsWith('.js')) return;
    scripts.push(
      response.body().then(
        (body) => ({ path: new URL(response.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length }),
        () => null,
      ),
    );
  });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const domContentLoaded = Date.now() - started;
  let shown: [number, number] | null = null;
  // Polled with plain evaluations: waitForFunction's own polling evaluates strings, which the page's CSP forbids.
  for (let found: [number, number] | undefined; shown === null;) {
    found = await page.evaluate<[number, number] | undefined>('window.__readable && [window.__inDocument, window.__readable]');
    if (found) shown = [Math.round(found[0]), Math.round(found[1])];
    else if (Date.now() - started > 120_000) throw new Error(`${url} never showed ${readable.count} × ${readable.selector}`);
    else await page.waitForTimeout(50);
  }
  while (inFlight > 0 || Date.now() - last < QUIET_MS) {
    if (Date.now() - started > 120_000) throw new Error(`${url} never went quiet`);
    await page.waitForTimeout(50);
  }
  const loaded = (await Promise.all(scripts)).filter((script) => script !== null);
  const firstByte = Math.round(await page.evaluate<number>("performance.getEntriesByType('navigation')[0].responseStart"));
  return {
    firstByte,
    inDocument: shown[0],
    readable: shown[1],
    ready: last - started,
    domContentLoaded,
    scripts: loaded.length,
    rawBytes: loaded.reduce((sum, script) => sum + script.raw, 0),
    gzipBytes: loaded.reduce((sum, script) => sum + script.gzip, 0),
    largest: [...loaded].sort((a, b) => b.gzip - a.gzip).slice(0, VERBOSE ? undefined : 5),
    url: page.url(),
  };
};

/** `--compare BEFORE.json AFTER.json`: the two runs side by side as the Markdown table of BENCHMARKS.md. */
const compare = (before: Results, after: Results) => {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const ms = (n: number) => `${n} ms`;
  const cell = (
    page: PageResult | null | undefined,
    key: 'readableMs' | 'readyMs' | 'jsGzipBytes',
    format: (n: number) => string,
  ) => {
    const value = page?.[key];
    return value === null || value === undefined ? '—' : format(value);
  };
  const lines = [
    `| page | readable, before | readable, after | ready, before | ready, after | JS gzip, before | JS gzip, after | scripts, before → after |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const name of PAGES) {
    const [b, a] = [before.pages[name], after.pages[name]];
    lines.push(
      `| /${name} | ${cell(b, 'readableMs', ms)} | ${cell(a, 'readableMs', ms)} | ${cell(b, 'readyMs', ms)} | ${cell(a, 'readyMs', ms)} | ${cell(b, 'jsGzipBytes', kb)} | ${cell(a, 'jsGzipBytes', kb)} | ${b ? b.scripts : '—'} → ${a ? a.scripts : '—'} |`,
    );
  }
  return lines.join('\n');
};
const compared = option('compare');
if (compared) {
  const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Results;
  console.log(compare(read(compared), read(process.argv[process.argv.indexOf('--compare') + 2]!)));
  process.exit(0);
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
});
try {
  const { token } = await call<{ token: string }>(server.url, null, 'POST', '/api/auth/login', OWNER);
  const { date, booked } = await seed(server.url, token);
  const commit = execFileSync('git', ['-C', TREE, 'rev-parse', '--short', 'HEAD']).toString().trim();
  const results: Results = {
    tree: TREE,
    commit,
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${os.cpus().length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    loadAverage: os.loadavg().map((value) => value.toFixed(2)),
    runs: RUNS,
    throttle: THROTTLE,
    viewport: VIEWPORT,
    pages: {},
  };
  // The card of the client first in the list (one of the seeded bookings').
  const { clients } = await call<{ clients: { id: string }[] }>(server.url, token, 'GET', '/api/clients');
  const routes: Partial<Record<(typeof PAGES)[number], string>> = {
    board: `/board?date=${date}`,
    calendar: `/calendar?date=${date}`,
    client: `/client?id=${clients[0]?.id ?? ''}`,
  };
  for (const name of PAGES.filter((page) => !ONLY || ONLY.includes(page))) {
    const route = routes[name] ?? `/${name}`;
    const loads: Load[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: VIEWPORT, hasTouch: true, locale: 'ru-RU', timezoneId: ZONE });
      await context.addCookies([{ name: 'zero_session', value: token, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      const traced = TRACE && run === 0;
      if (traced) await browser.startTracing(page, { path: `${TRACE}-${name}.json`, screenshots: false });
      loads.push(await measure(page, `${server.url}${route}`, readableWhen(booked)[name]));
      if (traced) await browser.stopTracing();
      await context.close();
    }
    const final = new URL(loads[0]!.url);
    // A page the tree does not have falls back to the index or 404s: report it as missing.
    const exists =
      final.pathname.replace(/\/$/, '') === `/${name}` && !(await fetch(`${server.url}/${name}/`).then((r) => r.status === 404));
    results.pages[name] = exists
      ? {
          readableMs: median(loads.map((load) => load.readable)),
          inDocumentMs: median(loads.map((load) => load.inDocument)),
          firstByteMs: median(loads.map((load) => load.firstByte)),
          readyMs: median(loads.map((load) => load.ready)),
          readyRunsMs: loads.map((load) => load.ready),
          domContentLoadedMs: median(loads.map((load) => load.domContentLoaded)),
          scripts: median(loads.map((load) => load.scripts)),
          jsRawBytes: median(loads.map((load) => load.rawBytes)),
          jsGzipBytes: median(loads.map((load) => load.gzipBytes)),
          largestScripts: loads[0]!.largest,
        }
      : null;
    const shown = results.pages[name];
    console.log(
      shown
        ? `${name.padEnd(9)} readable ${shown.readableMs} ms (${name === 'board' ? `${booked} cards, ` : ''}runs ${loads.map((load) => load.readable).join(', ')}), in document ${shown.inDocumentMs} ms, first byte ${shown.firstByteMs} ms, DOM ${shown.domContentLoadedMs} ms, ready ${shown.readyMs} ms (runs ${loads.map((load) => load.ready).join(', ')}), JS ${(shown.jsGzipBytes / 1024).toFixed(1)} KB gzip in ${shown.scripts} scripts`
        : `${name.padEnd(9)} — not in this tree (landed on ${final.pathname})`,
    );
    if (shown && VERBOSE) {
      for (const script of loads[0]!.largest) console.log(`    ${script.path}: ${(script.gzip / 1024).toFixed(1)} KB gzip`);
    }
  }
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await server.stop();
}
