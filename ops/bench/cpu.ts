import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat times (100 on Linux builds). */
const TICKS = 100;

export type CpuSnapshot = { at: number; nodeMs: number; postgresMs: number | null };

export type CpuShare = { wallMs: number; nodeMs: number; postgresMs: number | null };

const statFields = (pid: number | string): string[] | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
};

/**
 * CPU time of this PostgreSQL: the postmaster (its own time and that of children it has reaped)
 * plus its live children (backends, WAL writer, checkpointer…). Linux only; null elsewhere.
 */
const postgresCpuMs = (dataDir: string): number | null => {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  const own = statFields(postmaster);
  if (!own) return null;
  // Fields after "(comm) ": state=0 ppid=1 … utime=11 stime=12 cutime=13 cstime=14.
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS;
};

export const cpuSnapshot = (dataDir: string): CpuSnapshot => {
  const usage = process.cpuUsage();
  return { at: performance.now(), nodeMs: (usage.user + usage.system) / 1000, postgresMs: postgresCpuMs(dataDir) };
};

/** CPU spent by this process (server and load generator) and by PostgreSQL between two snapshots. */
export const cpuBetween = (before: CpuSnapshot, after: CpuSnapshot): CpuShare => ({
  wallMs: after.at - before.at,
  nodeMs: after.nodeMs - before.nodeMs,
  postgresMs: before.postgresMs === null || after.postgresMs === null ? null : after.postgresMs - before.postgresMs,
});
