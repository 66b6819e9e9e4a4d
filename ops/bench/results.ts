import os from 'node:os';
import type { AppendComparison, WriteRun } from './append-rate.ts';
import type { CpuShare } from './cpu.ts';
import type { GeneratedLevel } from './load-generator.ts';
import type { PushOutcome } from './push-latency.ts';
import { median, ms } from './stats.ts';

/** Issue 17: the booking rate at 64 clients ≥ 40 % of raw INSERT's, and its p95 ≤ 5× raw INSERT's at the same concurrency. */
export const TARGETS = { bookingP95Ms: 25, bookingVsRawPercent: 40, bookingVsRawP95Times: 5, pushP95Ms: 250 } as const;

/** One round of the key ratio: raw INSERTs, then bookings right after, at the same concurrency. */
export type RatioRound = {
  round: number;
  load: number;
  raw: WriteRun;
  booking: GeneratedLevel;
  rateRatio: number;
  p95Ratio: number;
};

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
  warmup: GeneratedLevel;
  levels: (GeneratedLevel & { catchUpMs: number; cpu: CpuShare; walPerBooking: number })[];
  rounds: RatioRound[];
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

/** The highest booking level (64 clients), and the key ratios as medians of the interleaved rounds. */
export const topLevel = (results: BenchResults) => {
  const top = results.levels.find((level) => level.clients === 64) ?? results.levels.at(-1)!;
  return {
    top,
    bookingVsRawPercent: median(results.rounds.map((round) => round.rateRatio)) * 100,
    p95VsRaw: median(results.rounds.map((round) => round.p95Ratio)),
  };
};

/** The targets, computed once so the console and BENCHMARKS.md agree. */
export const targetChecks = (results: BenchResults): Check[] => {
  const { top, bookingVsRawPercent, p95VsRaw } = topLevel(results);
  const clients = results.rounds[0]?.booking.clients ?? top.clients;
  return [
    {
      name: `booking p95 at ${top.clients} clients ≤ ${TARGETS.bookingP95Ms} ms`,
      value: `${ms(top.p95)} ms`,
      ok: top.p95 <= TARGETS.bookingP95Ms,
    },
    {
      name: `booking rate at ${clients} clients ≥ ${TARGETS.bookingVsRawPercent} % of raw INSERT rate (median of ${results.rounds.length} rounds)`,
      value: results.rounds.map((round) => `${(round.rateRatio * 100).toFixed(1)} %`).join(', '),
      ok: bookingVsRawPercent >= TARGETS.bookingVsRawPercent,
    },
    {
      name: `booking p95 at ${clients} clients ≤ ${TARGETS.bookingVsRawP95Times}× raw INSERT p95 (median of ${results.rounds.length} rounds)`,
      value: results.rounds.map((round) => `${round.p95Ratio.toFixed(1)}×`).join(', '),
      ok: p95VsRaw <= TARGETS.bookingVsRawP95Times,
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
