import { randomBytes, randomUUID, scrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { startTestServer, testPasswords, type TestServer } from '../support/test-server.ts';

let server: TestServer;
/** A second API process on the same database, built as main.ts builds it: no cost given, so production's. */
let production: Runtime;
let productionUrl: string;

beforeAll(async () => {
  server = await startTestServer();
  production = await createRuntime({ databaseUrl: server.databaseUrl, logLevel: 'silent' });
  productionUrl = await production.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await production?.close();
  await server?.stop();
});

const addUser = (password: string, email = `staff-${randomUUID().slice(0, 8)}@test.local`, url = server.url) =>
  fetch(`${url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ email, name: 'Сотрудник', password, role: 'manager', branchIds: [server.branch.id] }),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, string> }));

const signIn = async (email: string, password: string, url: string) => {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
};

const hashOf = async (email: string) =>
  (await server.runtime.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email]))
    .rows[0]!.password_hash;

const insertUser = async (passwordHash: string) => {
  const email = `old-${randomUUID().slice(0, 8)}@test.local`;
  await server.runtime.pool.query(
    `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Старый', $4, 'mechanic')`,
    [randomUUID(), server.branch.orgId, email, passwordHash],
  );
  return email;
};

/** A hash as the server wrote it before the PHC form: scrypt N=2^14, `scrypt$salt$hash`. */
const legacyHash = (password: string) =>
  new Promise<string>((resolve, reject) => {
    const salt = randomBytes(16);
    scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (error, key) =>
      error ? reject(error) : resolve(`scrypt$${salt.toString('base64')}$${key.toString('base64')}`),
    );
  });

const PRODUCTION_HASH = /^\$scrypt\$ln=17,r=8,p=1\$/;

describe('Staff passwords', () => {
  describe('when the owner adds a user', () => {
    it.each([
      ['eight digits', '12345678', 'too-short'],
      ['eleven characters', 'Kx7#pQ2!mZr', 'too-short'],
      ['a common one of twelve', 'qwerty123456', 'common'],
      ['a common one in another case', 'QWERTY123456', 'common'],
      ['«qwerty» typed on the Russian layout', 'йцукенгшщзхъ', 'common'],
      ['a Russian word people pick', 'пароль123456', 'common'],
      ['twelve ones', '111111111111', 'too-simple'],
      ['the e-mail’s name in it', 'staff-mail-name-in-it', 'email-name'],
    ])('refuses %s with 400 on the password field, says why, and creates nobody', async (_label, password, reason) => {
      const before = (await server.api('GET', '/api/users')).body.length as number;
      const answer = await addUser(password, 'staff-mail@test.local');
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body).toMatchObject({ code: 'WEAK_PASSWORD', field: 'password', reason });
      expect((await server.api('GET', '/api/users')).body.length).toBe(before);
    });

    it('accepts a twelve-character password nobody lists, and stores it with scrypt at N=2^17 on a server built as main.ts builds it', async () => {
      const email = `staff-${randomUUID().slice(0, 8)}@test.local`;
      const answer = await addUser('тормозные колодки 7', email, productionUrl);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(await hashOf(email)).toMatch(PRODUCTION_HASH);
      expect(await signIn(email, 'тормозные колодки 7', productionUrl)).toBe(200);
    });

    it('stores it at the cost the server was built with', async () => {
      const email = `staff-${randomUUID().slice(0, 8)}@test.local`;
      expect((await addUser('тормозные колодки 8', email)).status).toBe(201);
      expect(await hashOf(email)).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
      expect(await signIn(email, 'тормозные колодки 8', server.url)).toBe(200);
    });
  });

  describe('when a user with a cheaper hash signs in', () => {
    it('rehashes a hash of before the PHC form at N=2^17 on the first right sign-in and keeps it working', async () => {
      const password = 'old-but-long-password';
      const email = await insertUser(await legacyHash(password));
      expect(await signIn(email, 'not-the-password', productionUrl)).toBe(401);
      expect(await hashOf(email)).toMatch(/^scrypt\$/);
      expect(await signIn(email, password, productionUrl)).toBe(200);
      expect(await hashOf(email)).toMatch(PRODUCTION_HASH);
      expect(await signIn(email, password, productionUrl)).toBe(200);
    });

    it('brings a hash made at a low cost up to production’s, and a server built cheaper still accepts it without lowering it', async () => {
      const password = 'made-cheaply-in-a-test';
      const email = await insertUser(await testPasswords.hash(password));
      expect(await hashOf(email)).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
      expect(await signIn(email, password, productionUrl)).toBe(200);
      const raised = await hashOf(email);
      expect(raised).toMatch(PRODUCTION_HASH);
      expect(await signIn(email, password, server.url)).toBe(200);
      expect(await hashOf(email)).toBe(raised);
    });
  });
});
