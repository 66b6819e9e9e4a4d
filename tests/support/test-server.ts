import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { createPasswords, type PasswordCost } from '../../core/staff/passwords.ts';
import { createDemoOrganization } from '../../core/database/demo-organization.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../composition-root.ts';
import type { Bay, Branch, Service } from '../../domain/catalog/catalog.ts';
import { freshDatabase, waitForReadModels } from './database.ts';

export const OWNER = { email: 'owner@test.local', password: 'owner-password-1' };

/**
 * scrypt at N=2^10 instead of production's 2^17: about a millisecond a hash instead of a second, which
 * is what every sign-in of the suite would otherwise cost. tests/core/staff/passwords keeps production's.
 */
export const TEST_PASSWORD_COST: PasswordCost = { ln: 10, r: 8, p: 1 };

/** Hashes for users a test writes into the database itself, at the test servers' cost. */
export const testPasswords = createPasswords(TEST_PASSWORD_COST);

export type TestServer = {
  url: string;
  databaseUrl: string;
  runtime: Runtime;
  token: string;
  branch: Branch;
  bays: Bay[];
  services: Service[];
  service: (name: string) => Service;
  api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;
  login: (email: string, password: string) => Promise<string>;
  addUser: (role: string, branchIds?: string[]) => Promise<{ token: string; id: string; email: string; password: string }>;
  eventCount: () => Promise<number>;
  waitForProjection: () => Promise<void>;
  /** Answers whose response schema dropped some of their properties (route, paths); stop() fails if any. */
  droppedFields: { route: string; paths: string[] }[];
  stop: () => Promise<void>;
};

/** The real runtime on a fresh database with the demo organization, listening on a free port. */
export const startTestServer = async (
  options: {
    now?: () => number;
    databaseUrl?: string;
    /** A streaming replica of `databaseUrl` the owner's reports read from. */
    readDatabaseUrl?: string;
    yookassa?: RuntimeOptions['yookassa'];
    panelTelegram?: RuntimeOptions['panelTelegram'];
    telegram?: RuntimeOptions['telegram'];
    /** Client channels started by the runtime itself (the delivery cascade's wiring). */
    channels?: Pick<RuntimeOptions, 'telegram' | 'max' | 'sms' | 'mail'>;
  } = {},
): Promise<TestServer> => {
  const databaseUrl = options.databaseUrl ?? (await freshDatabase());
  const droppedFields: TestServer['droppedFields'] = [];
  const photosDir = await mkdtemp(path.join(tmpdir(), 'zero-crm-photos-'));
  const runtime = await createRuntime({
    databaseUrl,
    readDatabaseUrl: options.readDatabaseUrl,
    logLevel: 'silent',
    now: options.now,
    poolSize: 30,
    passwordCost: TEST_PASSWORD_COST,
    // Each proof of work costs a test a few thousand hashes, not the page's hundred thousand.
    challengeMaxNumber: 5_000,
    onDroppedFields: (route, paths) => droppedFields.push({ route, paths }),
    yookassa: options.yookassa,
    panelTelegram: options.panelTelegram,
    telegram: options.telegram,
    ...options.channels,
    photosDir,
    // Tests hold overrunning jobs' bays when they say so (runtime.overruns.check), at the clock they set.
    overrunCheckMs: 3_600_000,
  });
  await createDemoOrganization(runtime.pool, OWNER, runtime.passwords);
  const address = await runtime.app.listen({ port: 0, host: '127.0.0.1' });

  const api: TestServer['api'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${address}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Non-JSON bodies (docs pages) are returned as text.
    }
    return { status: response.status, body: parsed };
  };

  const login = async (email: string, password: string) => {
    const { status, body } = await api('POST', '/api/auth/login', { email, password });
    if (status !== 200) throw new Error(`login failed: ${status}`);
    return body.token as string;
  };

  const token = await login(OWNER.email, OWNER.password);
  const auth = { authorization: `Bearer ${token}` };
  const branch = (await api('GET', '/api/branches', undefined, auth)).body[0] as Branch;
  const bays = (await api('GET', `/api/bays?branchId=${branch.id}`, undefined, auth)).body as Bay[];
  const services = (await api('GET', `/api/services?branchId=${branch.id}`, undefined, auth)).body as Service[];

  const eventCount = async () =>
    Number((await runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM emt_messages')).rows[0]!.n);

  return {
    url: address,
    databaseUrl,
    runtime,
    token,
    branch,
    bays,
    services,
    service: (name) => {
      const found = services.find((service) => service.name.startsWith(name));
      if (!found) throw new Error(`no service ${name}`);
      return found;
    },
    api: (method, path, body, headers) => api(method, path, body, { ...auth, ...headers }),
    login,
    addUser: async (role, branchIds = []) => {
      const email = `${role}-${randomUUID().slice(0, 8)}@test.local`;
      const id = randomUUID();
      await runtime.pool.query(
        'INSERT INTO users (id, org_id, email, name, password_hash, role, branch_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [id, branch.orgId, email, role, await runtime.passwords.hash('password-123'), role, branchIds],
      );
      return { token: await login(email, 'password-123'), id, email, password: 'password-123' };
    },
    eventCount,
    waitForProjection: () => waitForReadModels(runtime.pool),
    droppedFields,
    // A field a handler gives but contract/ does not list never reaches the panel: every e2e file fails on one.
    stop: async () => {
      try {
        await runtime.close();
      } finally {
        await rm(photosDir, { recursive: true, force: true });
      }
      if (droppedFields.length > 0) {
        throw new Error(`Response schemas dropped fields (add them to contract/): ${JSON.stringify(droppedFields)}`);
      }
    },
  };
};

/** A start time `days` ahead at `time` in the branch's zone, as the API takes it. */
/** Distinct mobile numbers for one test file, `+79` and nine digits counted up from `first`. */
export const phoneSequence = (first: number) => {
  let next = first;
  return () => `+79${String(next++).padStart(9, '0')}`;
};

export const startAt = (branch: Branch, days: number, time: string): string =>
  Temporal.Now.plainDateISO(branch.timeZone)
    .add({ days })
    .toZonedDateTime({ timeZone: branch.timeZone, plainTime: Temporal.PlainTime.from(time) })
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
