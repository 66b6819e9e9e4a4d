import type { BookingLevel } from './booking-load.ts';
import type { CpuShare } from './cpu.ts';
import type { Progress } from './measure.ts';
import type { BenchResults, Check } from './results.ts';
import { cores, kib, mib, ms, rate } from './stats.ts';

const log = (line: string) => console.log(line);

const cpuText = (cpu: CpuShare, generatorCpuMs: number) =>
  `server ${cores(cpu.nodeMs, cpu.wallMs)} cores, load generator ${cores(generatorCpuMs, cpu.wallMs)}, ` +
  `PostgreSQL ${cpu.postgresMs === null ? '?' : cores(cpu.postgresMs, cpu.wallMs)} cores`;

const levelText = (level: BookingLevel) => {
  const bad = Object.entries(level.outcomes).filter(([label]) => label !== '201');
  return (
    `${String(level.clients).padStart(3)} clients × ${level.count}: p50 ${ms(level.p50)} ms, p95 ${ms(level.p95)} ms, ` +
    `p99 ${ms(level.p99)} ms, ${rate(level.perSecond)} bookings/s, non-201: ${bad.length ? bad.map(([l, n]) => `${n}×${l}`).join(', ') : 0}` +
    (level.firstFailure ? `\n      first failure: ${level.firstFailure}` : '')
  );
};

/** Progress lines on stdout while the bench runs. */
export const consoleProgress: Progress = {
  phase: log,
  level: (level) => {
    log(levelText(level));
    if ('cpu' in level) {
      log(
        `      projection caught up ${level.catchUpMs} ms later; CPU: ${cpuText(level.cpu, level.generatorCpuMs)}; ` +
          `WAL ${kib(level.walPerBooking)} per booking (command + read models)`,
      );
    }
  },
  round: ({ round, load, raw, booking, rateRatio, p95Ratio }) =>
    log(
      `  round ${round} (load ${load.toFixed(2)}): raw INSERT ${rate(raw.perSecond)} rows/s (p95 ${ms(raw.p95, 2)} ms), ` +
        `bookings ${rate(booking.perSecond)}/s (p95 ${ms(booking.p95)} ms, non-201: ${booking.failures}): ` +
        `${(rateRatio * 100).toFixed(1)} % of the rate, p95 ${p95Ratio.toFixed(1)}×`,
    ),
  append: ({ store, raw, ratio }) =>
    log(
      `  store.appendMany ${rate(store.perSecond)} events/s (p95 ${ms(store.p95, 2)} ms), ` +
        `raw INSERT ${rate(raw.perSecond)} rows/s (p95 ${ms(raw.p95, 2)} ms), ratio ${(ratio * 100).toFixed(1)} %; ` +
        `WAL per write ${kib(store.walPerWrite)} vs ${kib(raw.walPerWrite)}`,
    ),
  push: (push) =>
    log(
      'error' in push
        ? `  not measured: ${push.error}`
        : `  p50 ${ms(push.p50)} ms, p95 ${ms(push.p95)} ms, p99 ${ms(push.p99)} ms, max ${ms(push.max)} ms, failures ${push.failures}; ` +
            `the POST alone p50 ${ms(push.command.p50)} ms, p95 ${ms(push.command.p95)} ms` +
            (push.firstFailure ? `\n  first failure: ${push.firstFailure}` : ''),
    ),
};

export const printSummary = (results: BenchResults, checks: Check[]) => {
  const { memory } = results;
  log(`Memory: RSS ${mib(memory.rss)} (peak ${mib(memory.maxRss)}), heap used ${mib(memory.heapUsed)}`);
  for (const check of checks)
    log(`${check.ok === null ? 'N/A   ' : check.ok ? 'MET   ' : 'MISSED'} ${check.name}: ${check.value}`);
};
