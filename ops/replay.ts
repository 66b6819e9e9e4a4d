import pg from 'pg';
import { createVault } from '../core/vault/vault.ts';
import { loadConfig } from '../config.ts';
import { startEmbeddedPostgres } from '../core/database/embedded-postgres.ts';
import { migrate } from '../core/database/migrations.ts';
import { plainJsonTypes } from '../core/database/pool-types.ts';
import { installationSecret } from '../core/database/secrets.ts';
import { requestReactorRetries } from '../core/followers/reactor.ts';
import { parseAsOf, replayAsOf, replayReadModels } from '../projections/replay.ts';

// `npm run replay`: rebuilds every read model from the event log and swaps it in while the server runs.
// Events the read models had set aside are applied again with the rest (the ones that still fail are
// set aside again), and the reactors are asked to try theirs again on their next turn.
// `npm run replay -- --as-of 2026-10-01T00:00+03:00`: builds the board, calendar and KPIs as they were at
// that instant (events appended by then) into the read-only schema rm_asof_<yyyymmddhhmm> (UTC).
const asOfArgument = (argv: readonly string[]): string | null => {
  const index = argv.findIndex((arg) => arg === '--as-of' || arg.startsWith('--as-of='));
  if (index < 0) return null;
  const arg = argv[index]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  if (!value) throw new Error('--as-of needs an instant, e.g. --as-of 2026-10-01T00:00+03:00');
  return value;
};

const asOfText = asOfArgument(process.argv.slice(2));
const asOf = asOfText === null ? null : parseAsOf(asOfText);
if (asOfText !== null && asOf === null) {
  console.error(`--as-of ${asOfText}: give a whole minute with an offset, e.g. 2026-10-01T00:00+03:00`);
  process.exit(2);
}

const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
const databaseUrl = config.databaseUrl ?? embedded!.url;
// One connection builds, the others read the log ahead, write the held KPI counts and fetch the vault's keys meanwhile.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, types: plainJsonTypes });
try {
  await migrate(pool, databaseUrl);
  let last = 0;
  const progress = (events: number) => {
    if (events - last >= 50_000) {
      last = events;
      process.stdout.write(`  ${events} events…\n`);
    }
  };
  if (asOf) {
    const report = await replayAsOf(pool, asOf, { onProgress: progress });
    console.log(
      `Replayed ${report.events} events appended by ${report.asOf} in ${report.seconds.toFixed(1)} s ` +
        `(${report.eventsPerSecond} events/s) into ${report.schema} (read-only).`,
    );
  } else {
    const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
    const report = await replayReadModels(pool, vault.open, { onProgress: progress });
    console.log(
      `Replayed ${report.events} events in ${report.seconds.toFixed(1)} s (${report.eventsPerSecond} events/s); read models swapped in.`,
    );
    if (report.quarantined > 0) console.log(`${report.quarantined} events still cannot be applied: they stay set aside.`);
    const retried = await requestReactorRetries(pool);
    if (retried > 0) console.log(`${retried} events set aside by reactors will be tried again by the running server.`);
  }
} finally {
  await pool.end();
  if (embedded && !embedded.adopted) await embedded.stop();
}
