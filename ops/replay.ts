import pg from 'pg';
import { createVault } from '../api/crypto/vault.ts';
import { loadConfig } from '../api/config.ts';
import { startEmbeddedPostgres } from '../api/database/embedded-postgres.ts';
import { migrate } from '../api/database/migrations.ts';
import { installationSecret } from '../api/database/secrets.ts';
import { replayReadModels } from '../projections/replay.ts';

// `npm run replay`: rebuilds every read model from the event log and swaps it in while the server runs.
const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
const databaseUrl = config.databaseUrl ?? embedded!.url;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
try {
  await migrate(pool, databaseUrl);
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  let last = 0;
  const report = await replayReadModels(pool, vault.open, (events) => {
    if (events - last >= 50_000) {
      last = events;
      process.stdout.write(`  ${events} events…\n`);
    }
  });
  console.log(
    `Replayed ${report.events} events in ${report.seconds.toFixed(1)} s (${report.eventsPerSecond} events/s); read models swapped in.`,
  );
} finally {
  await pool.end();
  if (embedded && !embedded.adopted) await embedded.stop();
}
