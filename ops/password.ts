import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { createAuditLog } from '../core/compliance/audit-log.ts';
import { startEmbeddedPostgres } from '../core/database/embedded-postgres.ts';
import { migrate } from '../core/database/migrations.ts';
import { createLoginThrottle } from '../core/staff/login-throttle.ts';
import { createPasswordChanges } from '../core/staff/password-change.ts';
import { generatedPassword } from '../core/staff/password-policy.ts';
import { createPasswords } from '../core/staff/passwords.ts';

// `npm run password -- EMAIL`: the way back in for an owner who forgot the password and has no other
// owner to set a new one. Run on the server by whoever runs it; the new password is drawn at random
// and shown once on this terminal (never typed on a command line, where the shell's history keeps it).

const usage = `Usage: npm run password -- EMAIL

  EMAIL   the sign-in e-mail of the person (any role) who needs a new password;
          a random one is printed once here, every session of theirs ends, a sign-in lock is lifted`;

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h', default: false } } });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`, 2);
  }
})();
if (values.help) fail(usage, 0);
if (positionals.length !== 1) fail(usage, 2);
const email = positionals[0]!.trim().toLowerCase();

const config = loadConfig();
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir);
const databaseUrl = config.databaseUrl ?? embedded!.url;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });

let exitCode = 0;
try {
  await migrate(pool, databaseUrl);
  const { rows } = await pool.query<{ id: string; org_id: string; active: boolean }>(
    'SELECT id, org_id, active FROM users WHERE email = $1',
    [email],
  );
  const user = rows[0];
  if (!user) {
    process.stderr.write(`Nobody signs in with ${email}.\n`);
    exitCode = 1;
  } else {
    const password = generatedPassword(email);
    const changes = createPasswordChanges({ pool, passwords: createPasswords(), throttle: createLoginThrottle(pool) });
    await changes.reset(user.org_id, user.id, password);
    await createAuditLog(pool, Date.now).security({ orgId: user.org_id, userId: null, role: null, ip: null }, 'password-reset', {
      userId: user.id,
      by: 'console',
    });
    console.log(`New password for ${email}: ${password}`);
    console.log('Sign in with it and change it on the profile page (the person icon in the header).');
    if (!user.active) console.log('This account is switched off: an owner switches it on in the settings.');
  }
} finally {
  await pool.end();
  if (embedded && !embedded.adopted) await embedded.stop();
}
process.exit(exitCode);
