/**
 * `npx tsx ops/bench/json-parse.ts`: what reading event rows costs with Emmett's process-wide jsonb
 * parser (a BigInt reviver on every value) against plain JSON.parse (core/database/pool-types.ts).
 * Books a few hundred bookings through the real server, then reads every event row of the log
 * through a pool of each kind, rounds interleaved; prints µs per row (median of the rounds).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { plainJsonTypes } from '../../core/database/pool-types.ts';
import { createSlotFeed, runBookingLevel } from './booking-load.ts';
import { OWNER, startEnvironment, waitForProjection } from './environment.ts';
import { createBookingFixture, futureSlots } from './fixture.ts';

const BOOKINGS = 500;
const ROUNDS = 7;
const READS_PER_ROUND = 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const env = await startEnvironment((line) => console.log(line));
try {
  const fixture = await createBookingFixture(env.url, OWNER, 4);
  await runBookingLevel(env.url, fixture, createSlotFeed(futureSlots(BOOKINGS)), 8, BOOKINGS);
  await waitForProjection(env.runtime);
  const connectionString = env.runtime.pool.options.connectionString!;
  // Emmett's parser is process-wide since migrate() ran: a pool without `types` gets it.
  const emmett = new pg.Pool({ connectionString, max: 1 });
  const plain = new pg.Pool({ connectionString, max: 1, types: plainJsonTypes });
  const sql = 'SELECT message_data, message_metadata FROM emt_messages';
  const rows = (await plain.query(sql)).rowCount ?? 0;
  const timings = { emmett: [] as number[], plain: [] as number[] };
  const readAll = async (pool: pg.Pool) => {
    const started = performance.now();
    for (let i = 0; i < READS_PER_ROUND; i++) await pool.query(sql);
    return ((performance.now() - started) * 1000) / (READS_PER_ROUND * rows);
  };
  await readAll(emmett);
  await readAll(plain);
  for (let round = 0; round < ROUNDS; round++) {
    timings.emmett.push(await readAll(emmett));
    timings.plain.push(await readAll(plain));
  }
  // The parse alone, without the round trip: each pool's parser over the same texts.
  const texts = (await plain.query<{ data: string }>('SELECT message_data::text AS data FROM emt_messages')).rows.map(
    (r) => r.data,
  );
  const emmettParse = pg.types.getTypeParser(pg.types.builtins.JSONB, 'text') as (value: string) => unknown;
  const parseOnly = { emmett: [] as number[], plain: [] as number[] };
  const parseAll = (parse: (value: string) => unknown) => {
    const started = performance.now();
    for (let i = 0; i < READS_PER_ROUND; i++) for (const text of texts) parse(text);
    return ((performance.now() - started) * 1000) / (READS_PER_ROUND * texts.length);
  };
  for (let round = 0; round < ROUNDS; round++) {
    parseOnly.emmett.push(parseAll(emmettParse));
    parseOnly.plain.push(parseAll((text) => JSON.parse(text)));
  }
  await emmett.end();
  await plain.end();
  const mean = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
  console.log(
    `\n${new Date().toISOString()}; load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' / ')}`,
  );
  console.log(`${rows} event rows, message_data ${mean.toFixed(0)} characters on average; ${ROUNDS} interleaved rounds`);
  console.log(`| | Emmett's reviver | plain JSON.parse |\n| --- | --- | --- |`);
  console.log(
    `| query + parse, µs per row (median) | ${median(timings.emmett).toFixed(1)} | ${median(timings.plain).toFixed(1)} |`,
  );
  console.log(
    `| parse alone, µs per row (median) | ${median(parseOnly.emmett).toFixed(2)} | ${median(parseOnly.plain).toFixed(2)} |`,
  );
} finally {
  await env.stop();
}
