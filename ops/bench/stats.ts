/** Latency and rate summaries over one measured run. */

export type LatencySummary = { count: number; p50: number; p95: number; p99: number; max: number; mean: number };

export type RateSummary = LatencySummary & { wallMs: number; perSecond: number };

/** Nearest-rank percentile (0 < p <= 100) of an ascending array. */
export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

/** The middle of the values (the lower of the two middles for an even count): a value that was measured. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : Number.NaN;
};

export const summarizeLatencies = (latenciesMs: readonly number[]): LatencySummary => {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    mean: sorted.length ? total / sorted.length : Number.NaN,
  };
};

export const summarizeRun = (latenciesMs: readonly number[], wallMs: number, completed: number): RateSummary => ({
  ...summarizeLatencies(latenciesMs),
  wallMs,
  perSecond: wallMs > 0 ? (completed * 1000) / wallMs : Number.NaN,
});

export const ms = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

export const rate = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Average cores busy over a wall-clock span. */
export const cores = (cpuMs: number, wallMs: number) => (wallMs > 0 ? (cpuMs / wallMs).toFixed(2) : '—');
