import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { createCatalogRepository } from '../core/catalog/catalog-repository.ts';
import { startEmbeddedPostgres } from '../core/database/embedded-postgres.ts';
import { migrate } from '../core/database/migrations.ts';
import { plainJsonTypes } from '../core/database/pool-types.ts';
import { installationSecret } from '../core/database/secrets.ts';
import { createEventStore } from '../core/event-store/event-store.ts';
import { createDemoBranch } from '../core/setup/demo-branch.ts';
import { createStaffRoster } from '../core/staff/staff-roster.ts';
import { createVault } from '../core/vault/vault.ts';

// `npm run demo` fills a separate demo branch with a lived-in week; `npm run demo -- --remove`
// removes it. The same as the button in the owner's first-run guide; the running server's read
// models follow the log by themselves.

const usage = `Usage: npm run demo [-- --remove]

  (no option)  make the demo branch «Демо-филиал (пример)» with a week of bookings, if there is none
  --remove     remove the demo branch, its bookings and its clients' data`;

const { values } = parseArgs({
  options: { remove: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
const databaseUrl = config.databaseUrl ?? embedded!.url;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, types: plainJsonTypes });
let exitCode = 0;
try {
  await migrate(pool, databaseUrl);
  const { rows } = await pool.query<{ id: string; org_id: string; orgs: number }>(
    `SELECT id, org_id, (SELECT count(*)::int FROM organizations) AS orgs
       FROM users WHERE role = 'owner' AND active ORDER BY created_at LIMIT 1`,
  );
  if (!rows[0]) throw new Error('There is no organization yet: start the server once (npm start) to create one');
  if (rows[0].orgs > 1) throw new Error('There are several organizations: use the button in the owner’s panel');
  const owner = { orgId: rows[0].org_id, userId: rows[0].id };
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  const demo = createDemoBranch({
    pool,
    store: createEventStore(pool),
    vault,
    catalog: createCatalogRepository(pool),
    roster: createStaffRoster(pool),
    now: Date.now,
  });
  if (values.remove) {
    await demo.remove(owner.orgId);
    console.log('The demo branch is removed: its bookings, its clients’ data and its settings.');
  } else {
    const made = await demo.create(owner);
    console.log(`The demo branch «Демо-филиал (пример)» is ready: a week of bookings of ${made.clients} demo clients.`);
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  await pool.end();
  if (embedded && !embedded.adopted) await embedded.stop();
}
process.exit(exitCode);
