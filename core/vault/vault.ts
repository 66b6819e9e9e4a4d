import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { createHeardCache } from '../database/heard-cache.ts';
import type { Notifications } from '../database/notifications.ts';
import { notifyRowChanges } from '../database/row-change-notify.ts';
import { createClientClaimer } from './client-claims.ts';
import { freshRandomBytes } from './fresh-random.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/** A seal asked for a client whose key is gone: their data was destroyed, and nothing new of theirs is kept. */
const erased = (clientId: string) =>
  new DomainError('CLIENT_ERASED', 'This client’s data was destroyed: nothing new about them can be kept', { clientId });

/**
 * AES-256-GCM laid out as WebCrypto writes it (ciphertext followed by the 16-byte tag), so values
 * sealed by either stay readable. node:crypto rather than WebCrypto: on the booking path its
 * synchronous calls cost a fraction of WebCrypto's promise round trips (profiled at ~20 % of CPU).
 */
const TAG_BYTES = 16;

export const encrypt = (key: Buffer, iv: Buffer, plain: Buffer): Buffer => {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
};

/**
 * A JSON value sealed with the client's raw key, as `seal` stores it: an import seals with the key
 * its claim returned, with no key look-up per row.
 */
export const sealWith = (key: Buffer, value: unknown): Sealed => {
  const iv = freshRandomBytes(12);
  const data = encrypt(key, iv, Buffer.from(JSON.stringify(value), 'utf8'));
  return { iv: iv.toString('base64'), data: data.toString('base64') };
};

export const decrypt = (key: Buffer, iv: Buffer, sealed: Buffer): Buffer => {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
};

export type ClaimedClient = { clientId: string; registered: boolean };

/**
 * Notified at commit with a client's id when their key is deleted (the client erased), by whichever
 * process erased them: every process that keeps the key in memory forgets it at once, so none of them
 * opens the client's data again.
 */
export const CLIENT_KEY_CHANGES_CHANNEL = 'zero_client_key_changes';

/** Additive and idempotent; run by migrate() after client_keys and the notify function exist. */
export const clientKeyChangeMigrationSql = notifyRowChanges({
  name: 'client_key_change',
  table: 'client_keys',
  events: 'DELETE',
  channel: CLIENT_KEY_CHANGES_CHANNEL,
  column: 'client_id',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keys asked for in the same turn of the event loop, read in one statement: a projection batch or a
 * list of clients opens hundreds of clients' values at once, each of which was a statement of its own.
 */
const createKeyReader = (pool: Pool) => {
  type Waiter = { resolve: (key: Buffer | null) => void; reject: (error: unknown) => void };
  let waiting: Map<string, Waiter[]> | null = null;

  const readWaiting = async () => {
    const batch = waiting!;
    waiting = null;
    try {
      const { rows } = await pool.query<{ client_id: string; key: Buffer }>(
        'SELECT client_id, key FROM client_keys WHERE client_id = ANY($1::uuid[])',
        [[...batch.keys()]],
      );
      const found = new Map(rows.map((row) => [row.client_id, row.key]));
      for (const [clientId, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(clientId) ?? null);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  };

  return (id: string): Promise<Buffer | null> => {
    // An id that is no uuid has no key, and must not fail the statement the others share.
    if (!UUID.test(id)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      if (!waiting) {
        waiting = new Map();
        setImmediate(() => void readWaiting());
      }
      waiting.set(id, [...(waiting.get(id) ?? []), { resolve, reject }]);
    });
  };
};

/**
 * Per-client AES-GCM keys kept outside the event store, and the keyed phone hash.
 * Removing a client's key makes every sealed value about them unreadable (crypto-shredding).
 * Keys are kept in memory until any process deletes them (`notifications`: heard at commit);
 * without a listening connection a kept key is trusted for two seconds only.
 */
export const createVault = async (pool: Pool, pepper: Uint8Array, notifications?: Notifications) => {
  const hmacKey = Buffer.from(pepper);
  const keys = createHeardCache<Buffer | null>(notifications, CLIENT_KEY_CHANGES_CHANNEL, { maxIds: 50_000 });
  const readKey = createKeyReader(pool);

  // Ids as PostgreSQL writes them (lower case): the trigger names a deleted key's client so.
  const keyOf = (clientId: string): Promise<Buffer | null> => {
    const id = clientId.toLowerCase();
    return keys.get(
      id,
      'key',
      () => readKey(id),
      (key) => key !== null,
    );
  };

  const phoneHash = async (orgId: string, phone: string): Promise<string> =>
    createHmac('sha256', hmacKey).update(`${orgId}:${phone}`).digest('base64url');

  const claim = createClientClaimer(pool);

  const claimClient = async (orgId: string, hash: string): Promise<ClaimedClient> => {
    const { clientId, key, registered } = await claim(orgId, hash);
    void keys.get(clientId, 'key', () => Promise.resolve(key));
    return { clientId, registered };
  };

  /**
   * Makes a phone's hash lead to the client (a number the staff changed); false when it already
   * leads to another client, whose number it is. The old hash is let go with `releasePhone`.
   */
  const claimPhone = async (orgId: string, clientId: string, hash: string): Promise<boolean> => {
    await pool.query('INSERT INTO client_phones (org_id, phone_hash, client_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      orgId,
      hash,
      clientId,
    ]);
    const { rows } = await pool.query<{ client_id: string }>(
      'SELECT client_id FROM client_phones WHERE org_id = $1 AND phone_hash = $2',
      [orgId, hash],
    );
    return rows[0]?.client_id === clientId;
  };

  /** A number the client no longer has stops leading to them (a new client may book with it). */
  const releasePhone = async (orgId: string, clientId: string, hash: string): Promise<void> => {
    await pool.query('DELETE FROM client_phones WHERE org_id = $1 AND phone_hash = $2 AND client_id = $3', [
      orgId,
      hash,
      clientId,
    ]);
  };

  const seal = async (clientId: string, value: unknown): Promise<Sealed> => {
    const key = await keyOf(clientId);
    if (!key) throw erased(clientId);
    return sealWith(key, value);
  };

  /** The plain value, or null once the client's key is gone. */
  const open = async <T>(clientId: string, sealed: Sealed): Promise<T | null> => {
    const key = await keyOf(clientId);
    if (!key) return null;
    const plain = decrypt(key, Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.data, 'base64'));
    return JSON.parse(plain.toString('utf8')) as T;
  };

  /** Bytes (a photo) sealed as iv | ciphertext | tag: no JSON and base64 around a file of megabytes. */
  const sealBytes = async (clientId: string, plain: Buffer): Promise<Buffer> => {
    const key = await keyOf(clientId);
    if (!key) throw erased(clientId);
    const iv = freshRandomBytes(12);
    return Buffer.concat([iv, encrypt(key, iv, plain)]);
  };

  /** The plain bytes, or null once the client's key is gone. */
  const openBytes = async (clientId: string, sealed: Buffer): Promise<Buffer | null> => {
    const key = await keyOf(clientId);
    return key ? decrypt(key, sealed.subarray(0, 12), sealed.subarray(12)) : null;
  };

  const shred = async (clientId: string): Promise<void> => {
    await pool.query('WITH k AS (DELETE FROM client_keys WHERE client_id = $1) DELETE FROM client_phones WHERE client_id = $1', [
      clientId,
    ]);
    keys.drop(clientId.toLowerCase());
  };

  return { phoneHash, claimClient, claimPhone, releasePhone, seal, open, sealBytes, openBytes, shred };
};

export type Vault = Awaited<ReturnType<typeof createVault>>;
