import { performance } from 'node:perf_hooks';
import { summarizeRun, type RateSummary } from './stats.ts';

export type Outcome = { ok: boolean; label: string };

export type ConcurrentRun = RateSummary & {
  /** How many tasks ended with each label (HTTP status, error name…). */
  outcomes: Record<string, number>;
  failures: number;
  firstFailure: string | null;
};

/**
 * Runs `count` tasks with at most `concurrency` in flight (closed loop: each worker starts its
 * next task as soon as the previous one ends). Latency is per task; the rate counts successes
 * over the wall time of the whole run.
 */
export const runConcurrent = async (
  count: number,
  concurrency: number,
  task: (index: number) => Promise<Outcome & { detail?: string }>,
): Promise<ConcurrentRun> => {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  let succeeded = 0;
  let firstFailure: string | null = null;

  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      let outcome: Outcome & { detail?: string };
      try {
        outcome = await task(index);
      } catch (error) {
        outcome = { ok: false, label: (error as Error).name || 'Error', detail: (error as Error).message };
      }
      latencies.push(performance.now() - started);
      outcomes[outcome.label] = (outcomes[outcome.label] ?? 0) + 1;
      if (outcome.ok) succeeded++;
      else firstFailure ??= `${outcome.label}${outcome.detail ? `: ${outcome.detail.slice(0, 300)}` : ''}`;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - started;
  return { ...summarizeRun(latencies, wallMs, succeeded), outcomes, failures: count - succeeded, firstFailure };
};
