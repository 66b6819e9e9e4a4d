/** How much of each measurement one run does; `--quick` is a smoke test of the bench itself. */
export type Plan = {
  bays: number;
  warmup: number;
  levels: { clients: number; count: number }[];
  append: { count: number; warmup: number; concurrency: number };
  push: number;
};

const levels = (...pairs: [clients: number, count: number][]) => pairs.map(([clients, count]) => ({ clients, count }));

/** About 40 s of measuring on 2 cores, far under the 5-minute budget, so p99s rest on thousands of requests. */
export const FULL: Plan = {
  bays: 10,
  warmup: 500,
  levels: levels([1, 1000], [16, 4000], [64, 10_000]),
  append: { count: 20_000, warmup: 1000, concurrency: 16 },
  push: 200,
};

export const QUICK: Plan = {
  bays: 10,
  warmup: 50,
  levels: levels([1, 30], [16, 200], [64, 400]),
  append: { count: 500, warmup: 50, concurrency: 16 },
  push: 30,
};

export const bookingsNeeded = (plan: Plan) => plan.warmup + plan.levels.reduce((sum, level) => sum + level.count, 0) + plan.push;
