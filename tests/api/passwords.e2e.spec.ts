import { randomBytes, randomUUID, scrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const addUser = (password: string) =>
  server.api('POST', '/api/users', {
    email: `staff-${randomUUID().slice(0, 8)}@test.local`,
    name: 'Сотрудник',
    password,
    role: 'manager',
    branchIds: [server.branch.id],
  });

const hashOf = async (email: string) =>
  (await server.runtime.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email]))
    .rows[0]!.password_hash;

/** A hash as the server wrote it before this change: scrypt N=2^14, `scrypt$salt$hash`. */
const legacyHash = (password: string) =>
  new Promise<string>((resolve, reject) => {
    const salt = randomBytes(16);
    scrypt(password, salt, 32, { N: 16384, r: 8, p: 1 }, (error, key) =>
      error ? reject(error) : resolve(`scrypt$${salt.toString('base64')}$${key.toString('base64')}`),
    );
  });

describe('Staff passwords', () => {
  describe('when the owner adds a user', () => {
    it.each([
      ['eight digits', '12345678'],
      ['eleven characters', 'Kx7#pQ2!mZr'],
      ['a common one of twelve', 'qwerty123456'],
      ['a common one in another case', 'QWERTY123456'],
      ['«qwerty» typed on the Russian layout', 'йцукенгшщзхъ'],
      ['a Russian word people pick', 'пароль123456'],
      ['twelve ones', '111111111111'],
    ])('refuses %s with 400 on the password field and creates nobody', async (_label, password) => {
      const before = (await server.api('GET', '/api/users')).body.length as number;
      const answer = await addUser(password);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.code).toBe('VALIDATION');
      expect(answer.body.field ?? answer.body.detail).toMatch(/password/);
      expect((await server.api('GET', '/api/users')).body.length).toBe(before);
    });

    it('accepts a twelve-character password nobody lists, and stores it with scrypt at N=2^17', async () => {
      const email = `staff-${randomUUID().slice(0, 8)}@test.local`;
      const answer = await server.api('POST', '/api/users', {
        email,
        name: 'Сотрудник',
        password: 'тормозные колодки 7',
        role: 'mechanic',
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(await hashOf(email)).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
      expect(await server.login(email, 'тормозные колодки 7')).toMatch(/\./);
    });
  });

  describe('when a user with an old hash signs in', () => {
    it('rehashes the password at the current cost on the first right sign-in and keeps it working', async () => {
      const email = `legacy-${randomUUID().slice(0, 8)}@test.local`;
      const password = 'old-but-long-password';
      await server.runtime.pool.query(
        `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Старый', $4, 'mechanic')`,
        [randomUUID(), server.branch.orgId, email, await legacyHash(password)],
      );
      const wrong = await server.api('POST', '/api/auth/login', { email, password: 'not-the-password' }, { authorization: '' });
      expect(wrong.status).toBe(401);
      expect(await hashOf(email)).toMatch(/^scrypt\$/);
      await server.login(email, password);
      expect(await hashOf(email)).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$/);
      expect(await server.login(email, password)).toMatch(/\./);
    });
  });
});
