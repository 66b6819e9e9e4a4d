import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import aws4 from 'aws4';
import pg from 'pg';
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/database/migrations.ts';
import { createVault, type Vault } from '../../../core/vault/vault.ts';
import { createS3PhotoStorage, type PhotoS3Config } from '../../../core/work-order/photo-s3.ts';
import { createPhotoStore } from '../../../core/work-order/photos.ts';
import { freshDatabase } from '../../support/database.ts';

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);
// s3rver's only account; it checks the key id of a Signature V4 request, not the signature.
const ACCOUNT = { accessKey: 'S3RVER', secretKey: 'S3RVER' };

let pool: pg.Pool;
let vault: Vault;
let s3: S3rver;
let s3Dir: string;
let bucket: PhotoS3Config;
const orgId = randomUUID();

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrate(pool, url);
  await pool.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Фото в S3')`, [orgId]);
  vault = await createVault(pool, new TextEncoder().encode('a-pepper-of-thirty-two-characters'));
  s3Dir = await mkdtemp(path.join(tmpdir(), 'zero-crm-s3-'));
  s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: 'photos', configs: [] }],
  });
  const { port } = await s3.run();
  bucket = { endpoint: `http://127.0.0.1:${port}`, bucket: 'photos', region: 'us-east-1', prefix: 'zero/', ...ACCOUNT };
});
afterAll(async () => {
  await s3?.close();
  await pool?.end();
  await rm(s3Dir, { recursive: true, force: true });
});

const aClient = async () =>
  (await vault.claimClient(orgId, await vault.phoneHash(orgId, `+7916${randomUUID().slice(0, 7)}`))).clientId;
const aCarPhoto = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#aa3322' } })
    .jpeg()
    .toBuffer();
const objectFileOf = (workOrderId: string, photoId: string) =>
  path.join(s3Dir, 'photos', 'zero', orgId, workOrderId, `${photoId}.jpg.sealed._S3rver_object`);

describe('Photo store in an S3-compatible bucket', () => {
  it('keeps a photo there sealed, under a name without personal data, and gives the JPEG back', async () => {
    const photos = createPhotoStore({ storage: createS3PhotoStorage(bucket), vault });
    const order = { orgId, workOrderId: randomUUID(), clientId: await aClient() };

    const photoId = await photos.save(order, await aCarPhoto());

    const jpeg = await photos.read(order, photoId);
    expect(jpeg?.subarray(0, 3)).toEqual(JPEG_START);
    const stored = await readFile(objectFileOf(order.workOrderId, photoId));
    expect(stored.subarray(0, 3)).not.toEqual(JPEG_START);
    expect(stored.includes(jpeg!.subarray(0, 32))).toBe(false);
    expect(await createS3PhotoStorage(bucket).get(`${orgId}/${order.workOrderId}/${photoId}.jpg.sealed`)).toEqual(stored);
  });

  it('reads null for a photo that was never stored', async () => {
    const photos = createPhotoStore({ storage: createS3PhotoStorage(bucket), vault });

    expect(await photos.read({ orgId, workOrderId: randomUUID(), clientId: await aClient() }, randomUUID())).toBeNull();
  });

  it('refuses to store with credentials the bucket does not know, naming the status and not the secret', async () => {
    const storage = createS3PhotoStorage({ ...bucket, accessKey: 'NOT-A-KEY', secretKey: 'a-secret-never-to-show' });
    const photos = createPhotoStore({ storage, vault });

    const failure = await photos
      .save({ orgId, workOrderId: randomUUID(), clientId: await aClient() }, await aCarPhoto())
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/403 InvalidAccessKeyId/);
    expect((failure as Error).message).not.toContain('a-secret-never-to-show');
  });

  it('says a missing bucket instead of reading "no photo"', async () => {
    const storage = createS3PhotoStorage({ ...bucket, bucket: 'no-such-bucket' });

    await expect(storage.get(`${orgId}/${randomUUID()}.jpg.sealed`)).rejects.toThrow(/404 NoSuchBucket/);
  });

  it('reads null once the client is erased, though the object is still in the bucket', async () => {
    const photos = createPhotoStore({ storage: createS3PhotoStorage(bucket), vault });
    const order = { orgId, workOrderId: randomUUID(), clientId: await aClient() };
    const photoId = await photos.save(order, await aCarPhoto());

    await vault.shred(order.clientId);

    expect(await photos.read(order, photoId)).toBeNull();
    expect((await readFile(objectFileOf(order.workOrderId, photoId))).length).toBeGreaterThan(0);
  });
});

describe('Signing an S3 request', () => {
  /** What a bucket that checks Signature V4 computes from the request and the body it received. */
  const expectedAuthorization = (request: IncomingMessage, body: Buffer, secretKey: string) => {
    const signedNames = /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1]?.split(';') ?? [];
    const signed = aws4.sign(
      {
        method: request.method,
        host: request.headers.host,
        path: request.url,
        service: 's3',
        region: 'ru-central1',
        body,
        headers: {
          ...Object.fromEntries(signedNames.map((name) => [name, request.headers[name]])),
          'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        },
      },
      { accessKeyId: ACCOUNT.accessKey, secretAccessKey: secretKey },
    );
    return signed.headers?.Authorization;
  };

  it('signs the host, path, body and date that fetch actually sends', async () => {
    const received: { request: IncomingMessage; body: Buffer }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ request, body: Buffer.concat(chunks) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const storage = createS3PhotoStorage({ ...bucket, endpoint: `http://127.0.0.1:${port}`, region: 'ru-central1' });

    await storage.put('org/photo.jpg.sealed', Buffer.from('sealed bytes'));
    server.close();

    const [{ request, body }] = received as [(typeof received)[number]];
    expect(request.url).toBe('/photos/zero/org/photo.jpg.sealed');
    expect(request.headers.authorization).toMatch(
      /Credential=S3RVER\/\d{8}\/ru-central1\/s3\/aws4_request, SignedHeaders=[^,]*host;/,
    );
    expect(request.headers.authorization).toBe(expectedAuthorization(request, body, ACCOUNT.secretKey));
    expect(request.headers.authorization).not.toBe(expectedAuthorization(request, body, 'another-secret'));
  });
});
