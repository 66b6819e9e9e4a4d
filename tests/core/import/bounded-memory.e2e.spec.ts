import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../support/database.ts';
import { json, spawnServer, stopServer, type ServerProcess } from '../../support/server-process.ts';
import { sharedStringsBomb } from '../../support/xlsx-files.ts';
import { testPasswords } from '../../support/test-server.ts';

// The server as `npm start` runs it, in its own process, so that its memory can be read from
// outside: a memory bound, not a timing, and kept with a wide margin (the server idles at about
// 150 MB; a bomb read the old way took 1.8 GB).

const owner = { OWNER_EMAIL: 'owner@bomb.local', OWNER_PASSWORD: 'Zip-refusal-check-2026' };
const MiB = 1024 * 1024;
const RSS_BOUND = 500 * MiB;

let server: ServerProcess;
let pool: pg.Pool;
let tokens: string[];

/** Resident memory of a process, from the kernel's own account of it. */
const rssOf = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((one) => one.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) * 1024;
};

/** Samples a process's RSS every 20 ms until stopped; the highest value seen. */
const sampleRss = (pid: number) => {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssOf(pid));
  };
};

const upload = async (route: string, bytes: Uint8Array, token: string) => {
  const response = await fetch(`${server.url}${route}?fileName=clients.xlsx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as { code: string; detail: string } };
};

/** Another organization with its owner, so that three uploads are not held back by one organization's cap. */
const newOrganization = async (): Promise<string> => {
  const orgId = randomUUID();
  const email = `owner-${orgId.slice(0, 8)}@bomb.local`;
  await pool.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [orgId, 'СТО']);
  await pool.query(`INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Owner', $4, 'owner')`, [
    randomUUID(),
    orgId,
    email,
    await testPasswords.hash('password-12345'),
  ]);
  const { body } = await json(`${server.url}/api/auth/login`, 'POST', { email, password: 'password-12345' });
  return body.token as string;
};

const eventCount = async () => Number((await pool.query('SELECT count(*)::int AS n FROM emt_messages')).rows[0].n);

beforeAll(async () => {
  const databaseUrl = await freshDatabase();
  server = await spawnServer('node', { DATABASE_URL: databaseUrl, ...owner });
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const { body } = await json(`${server.url}/api/auth/login`, 'POST', {
    email: owner.OWNER_EMAIL,
    password: owner.OWNER_PASSWORD,
  });
  tokens = [body.token as string, await newOrganization(), await newOrganization()];
});

afterAll(async () => {
  await pool?.end();
  if (server) await stopServer(server);
});

describe('Import of a zip bomb', () => {
  /** Three organizations upload `bytes` at once, each to the preview and to the commit: six uploads in flight. */
  const threeAtOnce = async (bytes: Uint8Array) => {
    const before = await eventCount();
    const stop = sampleRss(server.child.pid!);
    const answers = await Promise.all(
      tokens.flatMap((token) => [upload('/api/imports/preview', bytes, token), upload('/api/imports', bytes, token)]),
    );
    const peak = stop();
    return { answers, peak, written: (await eventCount()) - before };
  };

  it('refuses a workbook whose shared strings declare 1.5 GB, three organizations at once, under 500 MB RSS', async () => {
    const bomb = sharedStringsBomb();
    expect(bomb.length).toBeLessThan(5 * MiB);
    const { answers, peak, written } = await threeAtOnce(bomb);
    for (const { status, body } of answers) {
      expect(status).toBe(413);
      expect(body.code).toBe('FILE_UNPACKED_TOO_LARGE');
      expect(body.detail).toContain('1.5 GB');
      expect(body.detail).toContain('512 MB');
    }
    expect(peak).toBeLessThan(RSS_BOUND);
    expect(written).toBe(0);
  }, 120_000);

  it('refuses the same bomb when its zip directory lies about the size, under 500 MB RSS', async () => {
    // The directory admits to 10 MB, well under every limit; the part unpacks to 1.5 GB, so the
    // reader must stop on what it produces, not on what it was told.
    const liar = sharedStringsBomb({ declaredSize: 10 * MiB });
    const { answers, peak, written } = await threeAtOnce(liar);
    for (const { status, body } of answers) {
      expect(status).toBe(422);
      expect(body.code).toBe('FILE_UNSAFE');
      expect(body.detail).toContain('unpacks to more than the size it declares');
    }
    expect(peak).toBeLessThan(RSS_BOUND);
    expect(written).toBe(0);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  }, 180_000);

  it('has written no import batch for any of them', async () => {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_type IN ('ImportCommitted', 'ClientImported')`,
    );
    expect(rows[0].n).toBe(0);
  });
});
