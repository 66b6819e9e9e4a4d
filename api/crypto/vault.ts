import { randomUUID, type webcrypto } from 'node:crypto';
import type { Pool } from 'pg';
import type { Sealed } from '../../domain/shared/sealed.ts';

const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

const importAesKey = (raw: Uint8Array) => subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

export type ClaimedClient = { clientId: string; registered: boolean };

/**
 * Per-client AES-GCM keys kept outside the event store, and the keyed phone hash.
 * Removing a client's key makes every sealed value about them unreadable (crypto-shredding).
 */
export const createVault = async (pool: Pool, pepper: Uint8Array) => {
  const hmacKey = await subtle.importKey('raw', pepper, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const keys = new Map<string, webcrypto.CryptoKey>();

  const remember = async (clientId: string, raw: Uint8Array) => {
    const key = await importAesKey(raw);
    if (keys.size > 50_000) keys.clear();
    keys.set(clientId, key);
    return key;
  };

  const keyOf = async (clientId: string): Promise<webcrypto.CryptoKey | null> => {
    const cached = keys.get(clientId);
    if (cached) return cached;
    const { rows } = await pool.query<{ key: Buffer }>('SELECT key FROM client_keys WHERE client_id = $1', [clientId]);
    return rows[0] ? remember(clientId, rows[0].key) : null;
  };

  const phoneHash = async (orgId: string, phone: string): Promise<string> => {
    const mac = await subtle.sign('HMAC', hmacKey, encoder.encode(`${orgId}:${phone}`));
    return Buffer.from(mac).toString('base64url');
  };

  const claimClient = async (orgId: string, hash: string): Promise<ClaimedClient> => {
    const candidate = randomUUID();
    const raw = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const { rows } = await pool.query<{ client_id: string; key: Buffer; registered: boolean }>(
      'SELECT client_id, key, registered FROM zero_claim_client($1, $2, $3, $4)',
      [orgId, hash, candidate, Buffer.from(raw)],
    );
    const row = rows[0]!;
    if (!keys.has(row.client_id)) await remember(row.client_id, row.key);
    return { clientId: row.client_id, registered: row.registered };
  };

  const seal = async (clientId: string, value: unknown): Promise<Sealed> => {
    const key = await keyOf(clientId);
    if (!key) throw new Error('The client has no data key');
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const data = await subtle.encrypt({ name: 'AES-GCM', iv }, key, encoder.encode(JSON.stringify(value)));
    return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
  };

  /** The plain value, or null once the client's key is gone. */
  const open = async <T>(clientId: string, sealed: Sealed): Promise<T | null> => {
    const key = await keyOf(clientId);
    if (!key) return null;
    const plain = await subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(sealed.iv) }, key, fromBase64(sealed.data));
    return JSON.parse(decoder.decode(plain)) as T;
  };

  const shred = async (clientId: string): Promise<void> => {
    await pool.query('WITH k AS (DELETE FROM client_keys WHERE client_id = $1) DELETE FROM client_phones WHERE client_id = $1', [
      clientId,
    ]);
    keys.delete(clientId);
  };

  return { phoneHash, claimClient, seal, open, shred };
};

export type Vault = Awaited<ReturnType<typeof createVault>>;
