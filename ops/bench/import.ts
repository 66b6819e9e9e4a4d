import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createVault } from '../../core/vault/vault.ts';
import { createDemoOrganization } from '../../core/database/demo-organization.ts';
import { createPasswords } from '../../core/staff/passwords.ts';
import { startEmbeddedPostgres } from '../../core/database/embedded-postgres.ts';
import { migrate } from '../../core/database/migrations.ts';
import { installationSecret } from '../../core/database/secrets.ts';
import { createCliImportCommands } from '../../core/import/import-commands.ts';

// `npx tsx ops/bench/import.ts [--rows 100000] [--file some.csv]`: a generated client list (or the
// given file) imported the way `npm run import` does it, into a fresh embedded PostgreSQL in a temp
// directory. Prints rows/s and the importing process's peak RSS. The server's projection runner is
// not in this process: read models follow when the server runs.

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    file: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive whole number');

const lastNames = ['Иванов', 'Петров', 'Сидоров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков'];
const firstNames = ['Иван', 'Пётр', 'Сергей', 'Алексей', 'Дмитрий', 'Андрей', 'Максим', 'Олег', 'Юрий', 'Павел'];
const middleNames = ['Иванович', 'Петрович', 'Сергеевич', 'Алексеевич', 'Дмитриевич', 'Андреевич'];
const cars = ['Lada Vesta', 'Kia Rio', 'Hyundai Solaris', 'Toyota Camry', 'Renault Logan', 'Skoda Octavia', 'Haval Jolion'];
const letters = 'АВЕКМНОРСТУХ';

/** A deterministic client list in the shape of the sample: 7 phone notations, 3 % repeats, 1 % bad rows. */
const generateCsv = (rows: number): string => {
  const lines = ['ФИО,Телефон,Автомобиль,Госномер,Последний визит,Визитов,Комментарий'];
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
  for (let i = 0; i < rows; i++) {
    const n = i % 100 === 99 ? i - 50 : i; // every hundredth row repeats an earlier phone
    const digits = String(9_160_000_000 + n * 7);
    const phone = [
      `+7${digits}`,
      `8${digits}`,
      `7${digits}`,
      `8 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`,
      `8-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`,
      `+7(${digits.slice(0, 3)})${digits.slice(3, 6)}-${digits.slice(6)}`,
      `+7 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`,
    ][i % 7]!;
    const badRow = i % 100 === 42;
    const plate = `${pick([...letters], i)}${String(100 + (n % 900))}${pick([...letters], n * 7)}${pick([...letters], n * 13)}${pick(['77', '50', '197', '777'], n)}`;
    const date = `${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + (i % 12)).padStart(2, '0')}.${2019 + (i % 7)}`;
    lines.push(
      [
        `${pick(lastNames, n)} ${pick(firstNames, n * 3)} ${pick(middleNames, n * 5)}`,
        badRow ? '' : phone,
        pick(cars, n),
        plate,
        date,
        String(1 + (i % 15)),
        i % 10 === 0 ? '"просит СМС, не звонки"' : '',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'zero-crm-import-bench-'));
const embedded = await startEmbeddedPostgres(dataDir);
const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
try {
  await migrate(pool, embedded.url);
  await createDemoOrganization(pool, { email: 'owner@bench.local', password: 'bench-owner-password-1' }, createPasswords());
  const orgId = (await pool.query<{ id: string }>('SELECT id FROM organizations LIMIT 1')).rows[0]!.id;
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  const imports = createCliImportCommands(pool, vault);

  const path100k = values.file ?? path.join(dataDir, 'bench.csv');
  if (!values.file) await writeFile(path100k, generateCsv(ROWS));
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  // As the CLI does it: the file's bytes, then the import with a progress callback.
  const bytes = new Uint8Array(await readFile(path100k));
  let lastTenth = 0;
  const result = await imports.commit({ orgId, userId: null, branchIds: null }, bytes, {
    fileName: path.basename(path100k),
    onProgress: (done, fraction) => {
      if (Math.floor(fraction * 10) > lastTenth) {
        lastTenth = Math.floor(fraction * 10);
        const memory = process.memoryUsage();
        console.error(
          `  ${done} rows, ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${mb(memory.rss)}, heap ${mb(memory.heapUsed)}`,
        );
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const events = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM emt_messages')).rows[0]!.n;
  const rows = result.counts.rows;
  console.log(
    `Import of a ${rows.toLocaleString('en')}-row CSV (${mb(bytes.length)}), ${os.cpus().length} cores, Node ${process.version}, PostgreSQL on the same machine`,
  );
  console.log(`  counts: ${JSON.stringify(result.counts)}; ${events.toLocaleString('en')} events in the log`);
  console.log(`  time: ${seconds.toFixed(1)} s — ${Math.round(rows / seconds).toLocaleString('en')} rows/s`);
  console.log(
    `  RSS of the importing process: ${mb(rssBefore)} before (modules loaded), peak ${mb(peak)} (sampled every 10 ms), maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
} finally {
  await pool.end();
  await embedded.stop();
  await rm(dataDir, { recursive: true, force: true });
}
