import os from 'node:os';
import { compareAppendRates, measureRawInserts } from './append-rate.ts';
import { createSlotFeed } from './booking-load.ts';
import { cpuBetween, cpuSnapshot } from './cpu.ts';
import { OWNER, waitForFollowers, waitForProjection, type BenchEnvironment } from './environment.ts';
import { createBookingFixture, futureSlots } from './fixture.ts';
import { startLoadGenerator } from './load-generator.ts';
import { bookingsNeeded, type Plan } from './plan.ts';
import { measurePushLatency, type PushOutcome } from './push-latency.ts';
import type { BenchResults } from './results.ts';
import { walBytesSince, walPosition } from './wal.ts';

export type Measured = Pick<BenchResults, 'warmup' | 'levels' | 'rounds' | 'append' | 'push'>;

export type Progress = {
  phase: (text: string) => void;
  level: (level: BenchResults['levels'][number] | BenchResults['warmup']) => void;
  round: (round: BenchResults['rounds'][number]) => void;
  append: (append: BenchResults['append']) => void;
  push: (push: PushOutcome) => void;
};

/** The measurements, in order, on one environment: warm-up, booking levels, append rates, push latency. */
export const measure = async (env: BenchEnvironment, plan: Plan, progress: Progress): Promise<Measured> => {
  const { runtime, url } = env;
  progress.phase(`Server on ${url}; setting up ${plan.bays} bays …`);
  const fixture = await createBookingFixture(url, OWNER, plan.bays);
  const feed = createSlotFeed(futureSlots(bookingsNeeded(plan)));

  const generator = startLoadGenerator(url, fixture);
  try {
    progress.phase(`Warm-up: ${plan.warmup} bookings at 16 clients …`);
    const warmup = await generator.run(feed, 16, plan.warmup);
    progress.level(warmup);
    await waitForProjection(runtime);

    const levels: BenchResults['levels'] = [];
    for (const { clients, count } of plan.levels) {
      const wal = await walPosition(runtime.pool);
      const before = cpuSnapshot(env.dataDir);
      const run = await generator.run(feed, clients, count);
      const cpu = cpuBetween(before, cpuSnapshot(env.dataDir));
      const catchUpMs = await waitForProjection(runtime);
      const level = { ...run, catchUpMs, cpu, walPerBooking: (await walBytesSince(runtime.pool, wal)) / count };
      progress.level(level);
      levels.push(level);
    }

    const { repeats, clients, bookings, rawInserts } = plan.rounds;
    progress.phase(
      `Booking rate vs raw INSERT: ${repeats} rounds of ${rawInserts} INSERTs then ${bookings} bookings, ${clients} concurrent …`,
    );
    const rounds: BenchResults['rounds'] = [];
    for (let round = 1; round <= repeats; round++) {
      // The reference on a server that has finished with the last round.
      await waitForFollowers(runtime);
      const load = os.loadavg()[0]!;
      const raw = await measureRawInserts(runtime.pool, { count: rawInserts, warmup: 200, concurrency: clients });
      const booking = await generator.run(feed, clients, bookings);
      await waitForProjection(runtime);
      const measured = {
        round,
        load,
        raw,
        booking,
        rateRatio: booking.perSecond / raw.perSecond,
        p95Ratio: booking.p95 / raw.p95,
      };
      progress.round(measured);
      rounds.push(measured);
    }

    progress.phase(`Append rate: ${plan.append.count} writes each at ${plan.append.concurrency} concurrent …`);
    const append = { ...(await compareAppendRates(runtime, plan.append)), concurrency: plan.append.concurrency };
    progress.append(append);
    await waitForProjection(runtime);

    progress.phase(`Push latency: ${plan.push} sequential bookings …`);
    const push: PushOutcome = await measurePushLatency(url, fixture, feed, plan.push).catch((error: unknown) => ({
      error: (error as Error).message,
    }));
    progress.push(push);

    return { warmup, levels, rounds, append, push };
  } finally {
    generator.stop();
  }
};
