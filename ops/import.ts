import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { createVault } from '../core/vault/vault.ts';
import { startEmbeddedPostgres } from '../core/database/embedded-postgres.ts';
import { migrate } from '../core/database/migrations.ts';
import { installationSecret } from '../core/database/secrets.ts';
import { createCliImportCommands, type ImportActor } from '../core/import/import-commands.ts';
import { MAX_IMPORT_BYTES, tooLarge } from '../core/import/read-file.ts';
import { HttpProblem } from '../api/plugins/problems.ts';
import { isDomainError } from '../domain/shared/errors.ts';

// `npm run import -- FILE [--branch ID] [--dry-run] [--sheet NAME] [--report FILE]`: imports a client
// list into the organization of the branch (or the only one), with a progress bar on stderr.

const usage = `Usage: npm run import -- FILE [--branch ID] [--dry-run] [--sheet NAME] [--report FILE]

  FILE           a client list: CSV (UTF-8 or Windows-1251, any delimiter), .xlsx, or a 1C export
  --branch ID    the branch (and so the organization) the clients belong to; needed when there are several organizations
  --dry-run      read the file and print what would happen; write nothing
  --sheet NAME   the sheet of an .xlsx to read (the first one by default)
  --report FILE  where to write the rejected rows as CSV (default: FILE.rejections.csv in the current directory)`;

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        branch: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        sheet: { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`, 2);
  }
})();
if (values.help) fail(usage, 0);
if (positionals.length !== 1) fail(usage, 2);

// `npm run` starts scripts in the package folder; paths are meant from where the user typed them.
const cwd = process.env.INIT_CWD ?? process.cwd();
const filePath = path.resolve(cwd, positionals[0]!);
const fileName = path.basename(filePath);
const size = await stat(filePath).then(
  (found) => found.size,
  () => fail(`No such file: ${filePath}`),
);
// Refused by its size before a byte is read.
if (size > MAX_IMPORT_BYTES) fail(tooLarge(size).message);

/** A bar that redraws in place on a terminal and prints every tenth otherwise (logs, CI). */
const progressBar = (label: string) => {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastTenth = -1;
  return (rows: number, fraction: number) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      process.stderr.write(`\r${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${rows} rows, ${rate} rows/s `);
      if (fraction >= 1) process.stderr.write('\n');
    } else if (Math.floor(fraction * 10) > lastTenth) {
      lastTenth = Math.floor(fraction * 10);
      process.stderr.write(`${label} ${(fraction * 100).toFixed(0)}% (${rows} rows, ${rate} rows/s)\n`);
    }
  };
};

const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
const databaseUrl = config.databaseUrl ?? embedded!.url;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });

const actorFor = async (branchId: string | undefined): Promise<ImportActor & { branchId: string | null }> => {
  if (branchId) {
    const { rows } = await pool.query<{ org_id: string }>('SELECT org_id FROM branches WHERE id::text = $1', [branchId]);
    if (!rows[0]) return fail(`No branch ${branchId}`);
    return { orgId: rows[0].org_id, userId: null, branchIds: null, branchId };
  }
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM organizations ORDER BY created_at LIMIT 2');
  if (rows.length === 0) return fail('There is no organization yet: start the server once (npm start) to create one');
  if (rows.length > 1) return fail('There are several organizations: say which with --branch ID');
  return { orgId: rows[0]!.id, userId: null, branchIds: null, branchId: null };
};

let exitCode = 0;
try {
  await migrate(pool, databaseUrl);
  const vault = await createVault(pool, await installationSecret(pool, 'phone-pepper'));
  const imports = createCliImportCommands(pool, vault);
  const actor = await actorFor(values.branch);
  process.stderr.write(`Reading ${fileName} (${(size / 1024 / 1024).toFixed(1)} MB)…\n`);
  const bytes = new Uint8Array(await readFile(filePath));
  const options = { fileName, sheet: values.sheet, branchId: actor.branchId };

  if (values['dry-run']) {
    const preview = await imports.preview(actor, bytes, options);
    const columns = preview.columns
      .filter((column) => column.field)
      .map((column) => `${column.field} ← «${column.header}»`)
      .join(', ');
    console.log(
      `${fileName}: ${preview.format}${preview.encoding ? `, ${preview.encoding}` : ''}${preview.delimiter ? `, delimiter «${preview.delimiter}»` : ''}${preview.sheet ? `, sheet «${preview.sheet}»` : ''}`,
    );
    console.log(`Columns: ${columns}`);
    if (preview.alreadyImported) console.log('This file was already imported: importing it again would change nothing.');
    const { counts } = preview;
    console.log(
      `Dry run, nothing written: ${counts.rows} rows — ${counts.created} would be created, ${counts.merged} would update existing clients, ${counts.rejected} rejected`,
    );
    for (const rejection of preview.rejections.slice(0, 20)) console.log(`  row ${rejection.row}: ${rejection.message}`);
  } else {
    const result = await imports.commit(actor, bytes, { ...options, onProgress: progressBar('Importing') });
    const { counts } = result;
    if (result.status === 'already-imported') {
      console.log(`${fileName}: ${result.message}`);
    } else {
      console.log(
        `${fileName}: ${counts.rows} rows — ${counts.created} created, ${counts.merged} updated, ${counts.rejected} rejected, ${counts.unchanged} unchanged (batch ${result.batchId.slice(0, 12)})`,
      );
      // Which client each merged row updated, by id only: names and phones never go to a log.
      for (const merge of result.merges.slice(0, 20)) console.log(`  row ${merge.row}: merged into client ${merge.clientId}`);
      if (result.merges.length > 20) console.log(`  … and ${result.merges.length - 20} more merged rows`);
      if (result.rejections.length > 0) {
        const reportPath = path.resolve(cwd, values.report ?? `${fileName.replace(/\.[^.]+$/, '')}.rejections.csv`);
        await writeFile(reportPath, await imports.reportOfFile(actor, bytes, options));
        for (const rejection of result.rejections.slice(0, 20)) console.log(`  row ${rejection.row}: ${rejection.message}`);
        if (result.rejections.length > 20) console.log(`  … and ${result.rejections.length - 20} more`);
        console.log(`Rejected rows with their cells: ${reportPath}`);
      }
    }
  }
} catch (error) {
  if (error instanceof HttpProblem || isDomainError(error)) {
    process.stderr.write(`\nRefused: ${error.message}\n`);
    exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await pool.end();
  if (embedded && !embedded.adopted) await embedded.stop();
}
process.exit(exitCode);
