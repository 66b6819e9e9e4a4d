/**
 * `npx tsx ops/bench/bot.ts [--bookings 100] [--burst 500] [--no-write]`: the Telegram bot under
 * load, in one process: a fresh embedded PostgreSQL and the real runtime on it (environment.ts),
 * the fake Bot API on loopback and the real grammY bot with long polling between them, started by
 * the bot tests' harness (tests/support/bot-harness.ts → startMessaging), and a panel's WebSocket on
 * /api/live. Measures
 *
 * 1. confirm tap → board: for N bookings, one at a time, each by its own linked client, the time
 *    from the callback query of the wizard's final «✅ Записаться» reaching the bot to the
 *    booking's card arriving on the socket (`{type: 'booking', booking}`), and on the way the
 *    time to the «Вы записаны» edit in the chat;
 * 2. updates handled per second: bursts of users writing or tapping at the same moment, each
 *    burst timed from its first update to the last one confirmed, counting only updates whose
 *    answer (message, edit, callback answer) the chat really shows.
 *
 * Prints a Markdown block and writes it as the "## Telegram bot" section of BENCHMARKS.md
 * (replacing the previous one) unless `--no-write` is given.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Bay, Branch, Service } from '../../domain/catalog/catalog.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../../tests/support/bot-harness.ts';
import { buttonOf, type BotMessage, type FakeUser } from '../../tests/support/fake-telegram.ts';
import type { TestServer } from '../../tests/support/test-server.ts';
import { OWNER, startEnvironment, waitForProjection, type BenchEnvironment } from './environment.ts';
import { createHttpClient, expectStatus } from './http-client.ts';
import { openLiveSocket } from './live-socket.ts';
import { describeMachine } from './results.ts';
import { ms, summarizeLatencies, type LatencySummary } from './stats.ts';

const { values } = parseArgs({
  options: {
    bookings: { type: 'string', default: '100' },
    burst: { type: 'string', default: '500' },
    'no-write': { type: 'boolean', default: false },
  },
});
const N = Number(values.bookings);
const BURST = Number(values.burst);
if (!Number.isInteger(N) || N < 1) throw new Error('--bookings must be a positive whole number');
if (!Number.isInteger(BURST) || BURST < 1) throw new Error('--burst must be a positive whole number');

/** 30 minutes without buffer on the demo branch's two lifts: 44 free starts a day. */
const SERVICE = 'Диагностика';
const WAIT_MS = 10_000;
const BENCHMARKS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../BENCHMARKS.md');
const SECTION = '## Telegram bot';

const log = (line: string) => console.error(line);

/** The harness takes a TestServer; this one is the bench environment's runtime seen through the owner API. */
const benchServer = async (env: BenchEnvironment): Promise<TestServer & { close: () => void }> => {
  const http = createHttpClient(env.url, { maxSockets: 4 });
  const login = async (email: string, password: string) =>
    expectStatus(await http.request('POST', '/api/auth/login', { email, password }), 200, 'login').json<{ token: string }>()
      .token;
  const token = await login(OWNER.email, OWNER.password);
  const auth = { authorization: `Bearer ${token}` };
  const api: TestServer['api'] = async (method, route, body, headers = {}) => {
    const response = await http.request(method, route, body, { ...auth, ...headers });
    let parsed: unknown = response.text;
    try {
      parsed = JSON.parse(response.text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  };
  const get = async <T>(route: string) => expectStatus(await http.request('GET', route, undefined, auth), 200, route).json<T>();
  const branch = (await get<Branch[]>('/api/branches'))[0]!;
  const bays = await get<Bay[]>(`/api/bays?branchId=${branch.id}`);
  const services = await get<Service[]>(`/api/services?branchId=${branch.id}`);
  return {
    url: env.url,
    databaseUrl: env.runtime.pool.options.connectionString ?? '',
    runtime: env.runtime,
    token,
    branch,
    bays,
    services,
    service: (name) => {
      const found = services.find((service) => service.name.startsWith(name));
      if (!found) throw new Error(`no service ${name}`);
      return found;
    },
    api,
    login,
    addUser: () => Promise.reject(new Error('not used by the bench')),
    droppedFields: [],
    eventCount: async () =>
      (await env.runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM emt_messages')).rows[0]!.n,
    waitForProjection: async () => {
      await waitForProjection(env.runtime);
    },
    stop: env.stop,
    close: () => http.close(),
  };
};

type BurstResult = { name: string; users: number; updates: number; answered: number; wallMs: number; apiCalls: number };

/**
 * Starts every user's action at once (the fake queues the updates; the bot takes them in batches
 * of up to 100) and times until the last has been confirmed by the bot. An action resolves to the
 * number of its updates that were fully answered.
 */
const runBurst = async (
  h: BotHarness,
  name: string,
  actions: (() => Promise<number>)[],
  updatesPerUser: number,
): Promise<BurstResult> => {
  const callsBefore = h.telegram.calls.length;
  const started = performance.now();
  const answered = await Promise.all(actions.map((action) => action().catch(() => 0)));
  const wallMs = performance.now() - started;
  const result: BurstResult = {
    name,
    users: actions.length,
    updates: actions.length * updatesPerUser,
    answered: answered.reduce((sum, n) => sum + n, 0),
    wallMs,
    apiCalls: h.telegram.calls.length - callsBefore,
  };
  log(
    `  ${name}: ${result.answered}/${result.updates} answered in ${(wallMs / 1000).toFixed(2)} s — ${((result.answered * 1000) / wallMs).toFixed(0)} updates/s`,
  );
  return result;
};

const hasContactKeyboard = (message: BotMessage | undefined) =>
  !!message?.reply_markup?.keyboard?.flat().some((button) => typeof button === 'object' && button.request_contact);

type LatencyResult = {
  push: LatencySummary;
  reply: LatencySummary;
  walk: LatencySummary;
  failures: number;
  firstFailure: string | null;
};

const loadAtStart = os.loadavg();
const runStarted = performance.now();
const env = await startEnvironment(log);
let server: Awaited<ReturnType<typeof benchServer>> | null = null;
let h: BotHarness | null = null;
let socket: Awaited<ReturnType<typeof openLiveSocket>> | null = null;
try {
  server = await benchServer(env);
  h = await startBotHarness({ server });
  const harness = h;
  const bench = server;
  const timeZone = server.branch.timeZone;
  const service = server.service(SERVICE);

  // The board: every booking card pushed on the panel's socket, by client name (unique per user).
  const pushedAt = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  socket = await openLiveSocket(
    `${env.url.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(server.token)}`,
    (message) => {
      const card: { id: string; clientName?: string | null } | undefined = message.booking;
      if (message.type !== 'booking' || !card?.clientName || pushedAt.has(card.clientName)) return;
      const at = performance.now();
      pushedAt.set(card.clientName, at);
      waiting.get(card.clientName)?.(at);
    },
  );
  const pushOf = (clientName: string) =>
    new Promise<number | null>((resolve) => {
      const early = pushedAt.get(clientName);
      if (early !== undefined) return resolve(early);
      const timer = setTimeout(() => resolve(null), WAIT_MS);
      waiting.set(clientName, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    }).finally(() => waiting.delete(clientName));
  const nameOf = (user: FakeUser) => [user.first_name, user.last_name].filter(Boolean).join(' ');

  // 0. N clients link themselves at the same time: /start → «Согласен» → own contact, each in turn.
  log(`Bot on the fake Telegram at ${harness.telegram.apiRoot}; ${N} clients link concurrently …`);
  const bookers = Array.from({ length: N }, (_, i) => newUser('Бенч', `Клиент${i + 1}`));
  const bursts: BurstResult[] = [];
  bursts.push(
    await runBurst(
      harness,
      '`/start` → «Согласен» → own contact, each client waiting for each answer',
      bookers.map((user) => async () => {
        const reply = await harness.link(user, phoneFor(user));
        return reply?.text.includes('номер подтверждён') ? 3 : 0;
      }),
      3,
    ),
  );

  // 1. Confirm tap → board, one booking at a time on an otherwise idle server.
  log(`${N} bookings through the wizard, one at a time …`);
  let day = 1;
  const nextSlot = async () => {
    for (; day <= 13; day++) {
      const date = Temporal.Now.plainDateISO(timeZone).add({ days: day }).toString();
      const response = await bench.api(
        'GET',
        `/api/availability?branchId=${bench.branch.id}&serviceId=${service.id}&date=${date}`,
      );
      if (response.status !== 200) throw new Error(`availability: HTTP ${response.status}`);
      const first = (response.body as { slots: { start: string }[] }).slots[0];
      // The branch-local ISO start: its hh:mm is the wizard's time button.
      if (first) return { days: day, time: first.start.slice(11, 16) };
    }
    throw new Error('no free time left in the wizard’s 14 days');
  };
  const pushLatencies: number[] = [];
  const replyLatencies: number[] = [];
  const walks: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const fail = (why: string) => {
    failures++;
    firstFailure ??= why;
  };
  for (const [i, user] of bookers.entries()) {
    const slot = await nextSlot();
    const walkStarted = performance.now();
    const summary = await harness.toSummary(user, { service: SERVICE, days: slot.days, time: slot.time });
    walks.push(performance.now() - walkStarted);
    const confirm = buttonOf(summary, '✅ Записаться')?.callback_data;
    if (!confirm) {
      fail(`booking ${i + 1}: no confirm button on «${summary.text.slice(0, 80)}»`);
      continue;
    }
    const tapped = performance.now();
    const { updateId } = harness.telegram.pressData(user, summary, confirm);
    const [pushed, replied] = await Promise.all([
      pushOf(nameOf(user)),
      harness.telegram
        .waitFor(() => summary.text.startsWith('Вы записаны') && performance.now(), WAIT_MS, 'the «Вы записаны» edit')
        .catch(() => null),
    ]);
    await harness.handled(updateId);
    if (replied === null) fail(`booking ${i + 1}: the chat shows «${summary.text.slice(0, 80)}»`);
    else replyLatencies.push(replied - tapped);
    if (pushed === null) fail(`booking ${i + 1}: no card on the board within ${WAIT_MS} ms`);
    else pushLatencies.push(pushed - tapped);
    if ((i + 1) % 25 === 0) log(`  ${i + 1}/${N}`);
  }
  const latency: LatencyResult = {
    push: summarizeLatencies(pushLatencies),
    reply: summarizeLatencies(replyLatencies),
    walk: summarizeLatencies(walks),
    failures,
    firstFailure,
  };
  log(`  tap → board p50 ${ms(latency.push.p50)} ms, p95 ${ms(latency.push.p95)} ms, p99 ${ms(latency.push.p99)} ms`);

  // 2. Bursts: every user's update queued at the same moment.
  log('Bursts …');
  const newcomers = Array.from({ length: BURST }, (_, i) => newUser('Новый', `Гость${i + 1}`));
  bursts.push(
    await runBurst(
      harness,
      '`/start` from new users (greeting + consent message)',
      newcomers.map((user) => async () => (buttonOf(await harness.send(user, '/start'), 'Согласен') ? 1 : 0)),
      1,
    ),
  );
  const consentTaps = newcomers.map((user) => {
    const message = harness.withButton(user, 'Согласен');
    const data = buttonOf(message, 'Согласен')!.callback_data!;
    return async () => {
      const { answer, message: last } = await harness.pressData(user, message, data);
      return answer && hasContactKeyboard(last) ? 1 : 0;
    };
  });
  bursts.push(
    await runBurst(harness, '«Согласен» tapped (answer, keyboard retired, phone request, session saved)', consentTaps, 1),
  );
  bursts.push(
    await runBurst(
      harness,
      '«📅 Записаться» from linked clients (service list)',
      bookers.map((user) => async () => (buttonOf(await harness.send(user, '📅 Записаться'), SERVICE) ? 1 : 0)),
      1,
    ),
  );
  const serviceTaps = bookers.map((user) => {
    const message = harness.withButton(user, SERVICE);
    const data = buttonOf(message, SERVICE)!.callback_data!;
    return async () => {
      const { answer, message: last } = await harness.pressData(user, message, data);
      return answer && buttonOf(last, /\d\d\.\d\d/) ? 1 : 0;
    };
  });
  bursts.push(await runBurst(harness, 'service tapped (14-day date keyboard, free times counted per day)', serviceTaps, 1));

  const botErrors = harness.logs.filter((line) => line.level === 'error').length;
  const durationMs = performance.now() - runStarted;
  const loadAtEnd = os.loadavg();

  // Report.
  const machine = describeMachine();
  const load = (averages: number[]) => averages.map((value) => value.toFixed(2)).join(' / ');
  const row = (name: string, s: LatencySummary, failed: number | string) =>
    `| ${name} | ${s.count} | ${failed} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`;
  const perSecond = (burst: BurstResult) => Math.round((burst.answered * 1000) / burst.wallMs).toLocaleString('en-US');
  const block = [
    SECTION,
    '',
    '`npx tsx ops/bench/bot.ts`: the real runtime on a fresh embedded PostgreSQL (ops/bench/environment.ts), the',
    'fake Bot API on loopback and the real grammY bot with long polling, started as the bot tests start it',
    '(tests/support/bot-harness.ts → `startMessaging`, reactors included), and a board on `/api/live`, all in one process.',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machine.cpu}, ${machine.cores} logical CPUs, ${machine.os}; Node ${machine.node}`,
    `- Load average: ${load(loadAtStart)} before, ${load(loadAtEnd)} after the run (1 / 5 / 15 min)`,
    `- N = ${N} bookings, each by its own linked client («${service.name}», first free time from tomorrow on); bursts of ${BURST} new users and of the ${N} linked clients; whole run ${(durationMs / 1000).toFixed(0)} s; ${botErrors} bot errors logged`,
    '',
    `Confirm tap → card on the board: **p50 ${ms(latency.push.p50)} ms, p95 ${ms(latency.push.p95)} ms, p99 ${ms(latency.push.p99)} ms**.`,
    '',
    '### Confirm tap → board',
    '',
    "From the callback query of «✅ Записаться» handed to the bot to `{type: 'booking', booking}` for that client on",
    'the WebSocket; one booking at a time.',
    '',
    '| measured | bookings | failures | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('tap → card on the board (WebSocket)', latency.push, latency.failures),
    row('tap → «Вы записаны» in the chat', latency.reply, ''),
    row('before it, not included: menu → summary (7 updates)', latency.walk, ''),
    '',
    ...(latency.firstFailure ? [`First failure: ${latency.firstFailure}`, ''] : []),
    '### Updates handled per second',
    '',
    'Each user’s update queued at the same moment, timed until the bot confirmed the last one; answered = the chat',
    'shows the expected answer. grammY’s long polling handles one update at a time, so the rate is the inverse of',
    'one update’s cost.',
    '',
    '| burst | users | updates | answered | wall s | updates/s | Bot API calls per update |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...bursts.map(
      (burst) =>
        `| ${burst.name} | ${burst.users} | ${burst.updates} | ${burst.answered} | ${(burst.wallMs / 1000).toFixed(2)} | ${perSecond(burst)} | ${(burst.apiCalls / burst.updates).toFixed(1)} |`,
    ),
    '',
  ].join('\n');
  console.log(`\n${block}`);

  if (!values['no-write']) {
    const current = existsSync(BENCHMARKS_FILE) ? await readFile(BENCHMARKS_FILE, 'utf8') : '';
    const start = current.search(/^## Telegram bot[ \t]*$/m);
    let next: string;
    if (start < 0) next = `${current.trimEnd()}\n\n${block}`;
    else {
      const rest = current.slice(start + SECTION.length);
      const end = rest.search(/^## /m);
      next = `${current.slice(0, start)}${block}${end < 0 ? '' : `\n${rest.slice(end)}`}`;
    }
    await writeFile(BENCHMARKS_FILE, next);
    log(`Wrote the "${SECTION}" section of ${BENCHMARKS_FILE}`);
  }
} finally {
  socket?.close();
  await h?.stop().catch((error: unknown) => log(`bot stop failed: ${(error as Error).message}`));
  server?.close();
  await env.stop();
}
