/** How much of each measurement one run does; `--quick` is a smoke test of the bench itself. */
export type Plan = {
  bays: number;
  warmup: number;
  levels: { clients: number; count: number }[];
  /** The key ratio, measured `repeats` times: raw INSERTs then bookings, both at `clients` concurrent. */
  rounds: { repeats: number; clients: number; bookings: number; rawInserts: number };
  append: { count: number; warmup: number; concurrency: number };
  push: number;
};

const levels = (...pairs: [clients: number, count: number][]) => pairs.map(([clients, count]) => ({ clients, count }));

/** About 80 s of measuring on 2 cores, far under the 5-minute budget, so p99s rest on thousands of requests. */
export const FULL: Plan = {
  bays: 10,
  warmup: 500,
  levels: levels([1, 1000], [16, 4000], [64, 10_000]),
  rounds: { repeats: 3, clients: 64, bookings: 4000, rawInserts: 10_000 },
  append: { count: 20_000, warmup: 1000, concurrency: 16 },
  push: 200,
};

export const QUICK: Plan = {
  bays: 10,
  warmup: 50,
  levels: levels([1, 30], [16, 200], [64, 400]),
  rounds: { repeats: 3, clients: 64, bookings: 200, rawInserts: 500 },
  append: { count: 500, warmup: 50, concurrency: 16 },
  push: 30,
};

export const bookingsNeeded = (plan: Plan) =>
  plan.warmup + plan.levels.reduce((sum, level) => sum + level.count, 0) + plan.rounds.repeats * plan.rounds.bookings + plan.push;
