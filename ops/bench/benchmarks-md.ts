import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { AppendComparison } from './append-rate.ts';
import type { BookingLevel } from './booking-load.ts';
import { targetChecks, topLevel, TARGETS, type BenchResults } from './results.ts';
import { cores, kib, mib, ms, rate } from './stats.ts';

const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**missed**');

const outcomesText = (outcomes: Record<string, number>) =>
  Object.entries(outcomes)
    .filter(([label]) => label !== '201')
    .map(([label, n]) => `${n}×${label}`)
    .join(', ') || '0';

/** One paragraph of medians and ratios from this run. */
const summary = (results: BenchResults) => {
  const { top, bookingVsRawPercent, p95VsRaw } = topLevel(results);
  const medians = results.levels
    .map((level) => `${ms(level.p50)} ms at ${level.clients} client${level.clients === 1 ? '' : 's'}`)
    .join(', ');
  const push = 'error' in results.push ? 'not measured' : `${ms(results.push.p50)} ms median, ${ms(results.push.p95)} ms p95`;
  return (
    `Median booking latency ${medians}; ${rate(top.perSecond)} bookings/s at ${top.clients} clients. ` +
    `Against raw INSERTs measured right before them, at the same concurrency, bookings reached a median ` +
    `${bookingVsRawPercent.toFixed(1)} % of the rate with ${p95VsRaw.toFixed(1)}× the p95 (${results.rounds.length} rounds). ` +
    `The event store appends ${(results.append.ratio * 100).toFixed(1)} % as many one-event streams per second as raw INSERTs. ` +
    `Command → WebSocket push: ${push}.`
  );
};

export const resultsSection = (results: BenchResults): string => {
  const { machine, append, push } = results;
  const checks = targetChecks(results);
  const levelRow = (level: BookingLevel, extra: string) =>
    `| ${level.clients} | ${level.count} | ${outcomesText(level.outcomes)} | ${ms(level.p50)} | ${ms(level.p95)} | ${ms(level.p99)} | ${ms(level.max)} | ${rate(level.perSecond)} | ${extra} |`;
  const roundRow = (round: BenchResults['rounds'][number]) =>
    `| ${round.round} | ${round.load.toFixed(2)} | ${rate(round.raw.perSecond)} | ${ms(round.raw.p95, 2)} | ${rate(round.booking.perSecond)} | ${ms(round.booking.p95)} | ${round.booking.failures} | ${(round.rateRatio * 100).toFixed(1)} % | ${round.p95Ratio.toFixed(1)}× |`;
  const appendRow = (name: string, run: AppendComparison['raw']) =>
    `| ${name} | ${run.count} | ${rate(run.perSecond)} | ${ms(run.p50, 2)} | ${ms(run.p95, 2)} | ${ms(run.p99, 2)} | ${kib(run.walPerWrite)} |`;
  return [
    '## Results',
    '',
    `- Date: ${results.date}`,
    `- Machine: ${machine.cpu}, ${machine.cores} logical CPUs, ${machine.memory} RAM, ${machine.os}`,
    `- Node ${machine.node}; embedded PostgreSQL ${results.postgres} on the same machine; server pool ${results.poolSize} connections`,
    `- Load average before the run: ${results.loadAtStart.map((load) => load.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`,
    `- Command: \`${results.command}\` (whole run ${(results.durationMs / 1000).toFixed(0)} s)`,
    `- Fixture: ${results.bays} lift bays, 5-minute service, every request a distinct free slot`,
    '- The load generator runs in its own process; it, the server and PostgreSQL share the same cores.',
    '',
    summary(results),
    '',
    '### Targets',
    '',
    '| target | this run | |',
    '| --- | --- | --- |',
    ...checks.map((check) => `| ${check.name} | ${check.value} | ${verdict(check.ok)} |`),
    '',
    '### Booking over HTTP (POST /api/bookings)',
    '',
    '| clients | requests | non-201 | p50 ms | p95 ms | p99 ms | max ms | bookings/s | projection catch-up | cores busy: server / load generator / PostgreSQL | WAL per booking |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    levelRow(results.warmup, 'warm-up | — | —'),
    ...results.levels.map((level) =>
      levelRow(
        level,
        `${level.catchUpMs} ms | ${cores(level.cpu.nodeMs, level.cpu.wallMs)} / ${cores(level.generatorCpuMs, level.cpu.wallMs)} / ${level.cpu.postgresMs === null ? '?' : cores(level.cpu.postgresMs, level.cpu.wallMs)} | ${kib(level.walPerBooking)}`,
      ),
    ),
    '',
    `### Booking rate vs raw INSERT, interleaved (${results.rounds[0]?.booking.clients ?? '—'} concurrent)`,
    '',
    '| round | load (1 min) | raw INSERT rows/s | raw INSERT p95 ms | bookings/s | booking p95 ms | non-201 | rate ratio | p95 ratio |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.rounds.map(roundRow),
    '',
    `### Event append vs raw INSERT (${append.concurrency} concurrent)`,
    '',
    '| writer | writes | per s | p50 ms | p95 ms | p99 ms | WAL per write |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    appendRow('`store.appendMany`, one-event new stream', append.store),
    appendRow('`INSERT INTO bench_raw` (bigserial, jsonb)', append.raw),
    '',
    `appendMany / raw INSERT = **${(append.ratio * 100).toFixed(1)} %**.`,
    '',
    '### Command → WebSocket push',
    '',
    ...('error' in push
      ? [`Not measured: ${push.error}`]
      : [
          '| measured | bookings | failures | p50 ms | p95 ms | p99 ms | max ms |',
          '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
          `| send → push received | ${push.count + push.failures} | ${push.failures} | ${ms(push.p50)} | ${ms(push.p95)} | ${ms(push.p99)} | ${ms(push.max)} |`,
          `| of which send → 201 | ${push.command.count} | | ${ms(push.command.p50)} | ${ms(push.command.p95)} | ${ms(push.command.p99)} | ${ms(push.command.max)} |`,
        ]),
    '',
    '### Memory',
    '',
    `RSS of the server's process at the end: ${mib(results.memory.rss)} (peak ${mib(results.memory.maxRss)}, JS heap used ${mib(results.memory.heapUsed)}); PostgreSQL's processes not included.`,
    '',
  ].join('\n');
};

const INTRO = `# Benchmarks

\`npm run bench\` (ops/bench/run.ts) starts a fresh embedded PostgreSQL in a temp directory, the real
server runtime on it (\`createRuntime\`, the same wiring as main.ts, log level \`warn\`) with the
demo organization, listens on a free port and measures, in one process run:

- **Booking latency and throughput.** \`POST /api/bookings\` over HTTP (keep-alive, Bearer token from
  \`POST /api/auth/login\`) from 1, 16 and 64 concurrent clients, each sending its next request as soon
  as the previous one answers. The owner API first creates a branch open 00:00–23:59 every day
  (Europe/Moscow, 5-minute grid), ten lift bays and a 5-minute lift service without buffer; every
  request asks for its own free (day, time), without a bay, for its own client (phone) with a car,
  so all should answer 201 — anything else is counted and printed. Latency is send → full response
  on the client, percentiles by nearest rank; bookings/s is 201s over the level's wall time. After a
  warm-up each level runs a fixed number of requests. Alongside: how long the read-model projection
  needed to catch up after the level's last answer, the cores the server, the load generator and
  PostgreSQL kept busy during the level, and the WAL written per booking (command and read models).
  The load generator is a process of its own (ops/bench/load-generator.ts), so the server's event
  loop and heap do only the server's work.
- **Event-append rate.** The event store's \`appendMany\` (as the runtime wires it, projection poke
  included) of one-event new streams, next to a raw single-row \`INSERT\` into a plain
  \`bench_raw(id bigserial primary key, payload jsonb)\` table: same pool, same concurrency (16), same
  database, same run. The ratio is the store's cost over the cheapest durable write.
- **Booking rate vs raw INSERT.** Three rounds, each raw single-row INSERTs on the server's pool at
  64 concurrent right followed by 4,000 bookings from 64 clients: the booking rate as a share of the
  INSERT rate and the booking p95 as a multiple of the INSERT p95, each round's pair measured
  minutes apart at most so the machine's load moves both alike; the targets use the medians. A
  booking is several database round trips behind HTTP, auth, validation and encryption, so it
  cannot reach 100 %; the target keeps the path lean.
- **Command → WebSocket push.** A panel's socket on \`/api/live\`; one booking at a time, the time from
  sending the POST to receiving \`{type: 'booking', booking: {id}}\` for that booking: command,
  projection batch, live hub flush and WebSocket together, on an idle server.
- **Memory.** RSS of the server's process at the end, and its peak.

Targets: booking p95 ≤ ${TARGETS.bookingP95Ms} ms at 64 clients; booking rate at 64 clients ≥ ${TARGETS.bookingVsRawPercent} % of the raw
INSERT rate and booking p95 ≤ ${TARGETS.bookingVsRawP95Times}× the raw INSERT p95 (medians of the rounds); push p95 ≤ ${TARGETS.pushP95Ms} ms. With 64 clients in a closed loop, p95 ≤ 25 ms needs roughly
64 / 25 ms ≈ 2,600 bookings/s, so the two booking targets are really one throughput target.

The load generator, the server and PostgreSQL run on the same machine, so on a 2-core box all
three share two cores: the numbers are a floor for the server alone. Compare runs
on the same machine, and mind the load average printed with each run. \`npm run bench -- --quick\`
is a few-second smoke test that leaves this file alone. Each full run rewrites the section below.

`;

/** Rewrites the "## Results" section of BENCHMARKS.md (up to the next "## " heading), keeping the rest. */
export const writeBenchmarksFile = async (file: string, results: BenchResults) => {
  const section = resultsSection(results);
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const start = current.search(/^## Results[ \t]*$/m);
  let next: string;
  if (!current.trim()) next = `${INTRO}${section}`;
  else if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const rest = current.slice(start + '## Results'.length);
    const end = rest.search(/^## /m);
    next = `${current.slice(0, start)}${section}${end < 0 ? '' : `\n${rest.slice(end)}`}`;
  }
  await writeFile(file, next);
};
