import os from 'node:os';
import type { AppendComparison } from './append-rate.ts';
import type { BookingLevel } from './booking-load.ts';
import type { CpuShare } from './cpu.ts';
import type { PushOutcome } from './push-latency.ts';
import { ms, rate } from './stats.ts';

export const TARGETS = { bookingP95Ms: 25, bookingVsRawPercent: 20, pushP95Ms: 250 } as const;

export type Machine = { cpu: string; cores: number; memory: string; node: string; os: string };

export type BenchResults = {
  date: string;
  command: string;
  machine: Machine;
  /** os.loadavg() before the run: other work on the machine skews everything. */
  loadAtStart: number[];
  postgres: string;
  poolSize: number;
  bays: number;
  durationMs: number;
  warmup: BookingLevel;
  levels: (BookingLevel & { catchUpMs: number; cpu: CpuShare; walPerBooking: number })[];
  append: AppendComparison & { concurrency: number };
  push: PushOutcome;
  memory: { rss: number; heapUsed: number; maxRss: number };
};

export const describeMachine = (): Machine => {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
};

/** One target against this run; ok is null when the number could not be measured. */
export type Check = { name: string; value: string; ok: boolean | null };

/** The highest booking level (64 clients) and its rate as a share of the raw INSERT rate. */
export const topLevel = (results: BenchResults) => {
  const top = results.levels.find((level) => level.clients === 64) ?? results.levels.at(-1)!;
  return { top, bookingVsRawPercent: (top.perSecond / results.append.raw.perSecond) * 100 };
};

/** The targets, computed once so the console and BENCHMARKS.md agree. */
export const targetChecks = (results: BenchResults): Check[] => {
  const { top, bookingVsRawPercent: bookingVsRaw } = topLevel(results);
  return [
    {
      name: `booking p95 at ${top.clients} clients ≤ ${TARGETS.bookingP95Ms} ms`,
      value: `${ms(top.p95)} ms`,
      ok: top.p95 <= TARGETS.bookingP95Ms,
    },
    {
      name: `booking rate at ${top.clients} clients ≥ ${TARGETS.bookingVsRawPercent} % of raw INSERT rate`,
      value: `${bookingVsRaw.toFixed(1)} % (${rate(top.perSecond)} / ${rate(results.append.raw.perSecond)} per s)`,
      ok: bookingVsRaw >= TARGETS.bookingVsRawPercent,
    },
    'error' in results.push
      ? { name: `push p95 ≤ ${TARGETS.pushP95Ms} ms`, value: '—', ok: null }
      : {
          name: `push p95 ≤ ${TARGETS.pushP95Ms} ms`,
          value: `${ms(results.push.p95)} ms`,
          ok: results.push.p95 <= TARGETS.pushP95Ms,
        },
  ];
};
