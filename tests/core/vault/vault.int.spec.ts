import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimClients } from '../../../core/vault/client-claims.ts';
import { CLIENT_KEY_CHANGES_CHANNEL, createVault, type Vault } from '../../../core/vault/vault.ts';
import { migrate } from '../../../core/database/migrations.ts';
import { createNotifications } from '../../../core/database/notifications.ts';
import { freshDatabase } from '../../support/database.ts';

let pool: pg.Pool;
let vault: Vault;
let url = '';
const orgId = randomUUID();
const PEPPER = new TextEncoder().encode('a-pepper-of-thirty-two-characters');

beforeAll(async () => {
  url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrate(pool, url);
  await pool.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Хранилище')`, [orgId]);
  vault = await createVault(pool, PEPPER);
});
afterAll(async () => {
  await pool?.end();
});

const rawKeyOf = async (clientId: string) =>
  (await pool.query<{ key: Buffer }>('SELECT key FROM client_keys WHERE client_id = $1', [clientId])).rows[0]!.key;

/** The pool, with every statement's text noted as it is sent. */
const countingStatements = (on: pg.Pool) => {
  const statements: string[] = [];
  const counted = new Proxy(on, {
    get: (target, property) =>
      property === 'query'
        ? (text: string, values?: unknown[]) => (statements.push(text), target.query(text, values))
        : Reflect.get(target, property),
  });
  return { counted, statements };
};

const webCryptoKey = (raw: Buffer) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

describe('Personal-data vault', () => {
  describe('when values were sealed with WebCrypto (as before node:crypto)', () => {
    it('opens them, and WebCrypto opens what it seals now', async () => {
      const { clientId } = await vault.claimClient(orgId, await vault.phoneHash(orgId, '+79160000001'));
      const key = await webCryptoKey(await rawKeyOf(clientId));
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const old = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode('{"name":"Ирина"}'));
      const sealedBefore = { iv: Buffer.from(iv).toString('base64'), data: Buffer.from(old).toString('base64') };
      expect(await vault.open(clientId, sealedBefore)).toEqual({ name: 'Ирина' });

      const sealedNow = await vault.seal(clientId, { phone: '+79160000001', plate: 'А123ВС77' });
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: Buffer.from(sealedNow.iv, 'base64') },
        key,
        Buffer.from(sealedNow.data, 'base64'),
      );
      expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ phone: '+79160000001', plate: 'А123ВС77' });
    });
  });

  it('refuses a value whose ciphertext was altered', async () => {
    const { clientId } = await vault.claimClient(orgId, await vault.phoneHash(orgId, '+79160000002'));
    const sealed = await vault.seal(clientId, { name: 'Пётр' });
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    await expect(vault.open(clientId, { ...sealed, data: bytes.toString('base64') })).rejects.toThrow();
  });

  it('hashes a phone the same way WebCrypto’s HMAC does, per organization', async () => {
    const pepper = new TextEncoder().encode('a-pepper-of-thirty-two-characters');
    const hmac = await crypto.subtle.importKey('raw', pepper, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const expected = Buffer.from(
      await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(`${orgId}:+79160000003`)),
    ).toString('base64url');
    expect(await vault.phoneHash(orgId, '+79160000003')).toBe(expected);
    expect(await vault.phoneHash(randomUUID(), '+79160000003')).not.toBe(expected);
  });

  it('opens nothing once the key is shredded', async () => {
    const { clientId } = await vault.claimClient(orgId, await vault.phoneHash(orgId, '+79160000004'));
    const sealed = await vault.seal(clientId, { name: 'Анна' });
    await vault.shred(clientId);
    expect(await vault.open(clientId, sealed)).toBeNull();
  });

  it('claims without waiting for the disk, and the pooled connection commits its next statement synchronously again', async () => {
    const url = await freshDatabase();
    const single = new pg.Pool({ connectionString: url, max: 1 });
    try {
      await migrate(single, url);
      await single.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Одно соединение')`, [orgId]);
      const onOne = await createVault(single, PEPPER);
      const hash = await onOne.phoneHash(orgId, '+79160000005');
      const first = await onOne.claimClient(orgId, hash);
      expect(
        (await single.query<{ setting: string }>(`SELECT current_setting('synchronous_commit') AS setting`)).rows[0]!.setting,
      ).toBe('on');
      const claims = await claimClients(single, orgId, [hash, await onOne.phoneHash(orgId, '+79160000006')]);
      expect(
        (await single.query<{ setting: string }>(`SELECT current_setting('synchronous_commit') AS setting`)).rows[0]!.setting,
      ).toBe('on');
      expect(claims.get(hash)?.clientId).toBe(first.clientId);
      expect(claims.size).toBe(2);
    } finally {
      await single.end();
    }
  });

  it('reads the keys asked for together in one statement, an id that is no uuid opening nothing', async () => {
    const sealed = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const { clientId } = await vault.claimClient(
          orgId,
          await vault.phoneHash(orgId, `+7916100${String(i).padStart(4, '0')}`),
        );
        return { clientId, value: await vault.seal(clientId, { name: `Клиент ${i}` }) };
      }),
    );
    const { counted, statements } = countingStatements(pool);
    const fresh = await createVault(counted, PEPPER);
    const opened = await Promise.all([
      ...sealed.map(({ clientId, value }) => fresh.open<{ name: string }>(clientId, value)),
      fresh.open('not-a-client', sealed[0]!.value),
    ]);
    expect(opened).toEqual([...sealed.map((_, i) => ({ name: `Клиент ${i}` })), null]);
    expect(statements.filter((text) => text.includes('FROM client_keys'))).toHaveLength(1);
  });

  it('forgets a key as soon as another process erases its client', async () => {
    const processes = [0, 1].map(() => createNotifications(url, [CLIENT_KEY_CHANGES_CHANNEL], () => undefined));
    try {
      await Promise.all(processes.map((notifications) => notifications.start()));
      const [here, there] = await Promise.all(processes.map((notifications) => createVault(pool, PEPPER, notifications)));
      const { clientId } = await here!.claimClient(orgId, await here!.phoneHash(orgId, '+79160000007'));
      const sealed = await here!.seal(clientId, { name: 'Олег' });
      expect(await here!.open(clientId, sealed)).toEqual({ name: 'Олег' });

      await there!.shred(clientId);
      // Trusted for a minute while it listens: only the notification makes it forget within a second.
      await expect.poll(() => here!.open(clientId, sealed), { timeout: 1000, interval: 20 }).toBeNull();
    } finally {
      await Promise.all(processes.map((notifications) => notifications.stop()));
    }
  });

  it('claims the phones asked for together in a few statements, each organization its own clients', async () => {
    const otherOrg = randomUUID();
    await pool.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Другая станция')`, [otherOrg]);
    const { counted, statements } = countingStatements(pool);
    const grouped = await createVault(counted, PEPPER);
    const phones = Array.from({ length: 24 }, (_, i) => `+7916200${String(i % 12).padStart(4, '0')}`);
    const asked = [
      ...phones.map((phone) => ({ org: orgId, phone })),
      ...phones.slice(0, 6).map((phone) => ({ org: otherOrg, phone })),
    ];
    const claims = await Promise.all(
      asked.map(async ({ org, phone }) => ({
        org,
        phone,
        claim: await grouped.claimClient(org, await grouped.phoneHash(org, phone)),
      })),
    );

    // The first two go at once (nothing in flight); the 28 that waited go in one statement per organization.
    expect(statements.filter((text) => text.includes('zero_claim_clients'))).toHaveLength(4);
    const clientOf = new Map<string, string>();
    for (const { org, phone, claim } of claims) {
      const key = `${org} ${phone}`;
      expect(claim.clientId).toBe(clientOf.get(key) ?? claim.clientId);
      clientOf.set(key, claim.clientId);
    }
    expect(new Set(clientOf.values()).size).toBe(18);
    // Each answer's key is the one stored: a vault that never claimed opens what the claimer sealed.
    const sealed = await grouped.seal(claims[5]!.claim.clientId, { name: 'Группа' });
    expect(await (await createVault(pool, PEPPER)).open(claims[5]!.claim.clientId, sealed)).toEqual({ name: 'Группа' });
  });

  it('answers every claim of a group that failed with the error, and claims again after it', async () => {
    let failing = true;
    const flaky = new Proxy(pool, {
      get: (target, property) =>
        property === 'query'
          ? (text: string, values?: unknown[]) =>
              failing && text.includes('zero_claim_clients')
                ? Promise.reject(new Error('connection lost'))
                : target.query(text, values)
          : Reflect.get(target, property),
    });
    const claiming = await createVault(flaky, PEPPER);
    const hashes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claiming.phoneHash(orgId, `+7916300${String(i).padStart(4, '0')}`)),
    );
    const results = await Promise.allSettled(hashes.map((hash) => claiming.claimClient(orgId, hash)));
    expect(results.map((result) => result.status)).toEqual(hashes.map(() => 'rejected'));
    expect(results.map((result) => ((result as PromiseRejectedResult).reason as Error).message)).toEqual(
      hashes.map(() => 'connection lost'),
    );

    failing = false;
    const again = await Promise.all(hashes.map((hash) => claiming.claimClient(orgId, hash)));
    expect(new Set(again.map((claim) => claim.clientId)).size).toBe(6);
  });
});
