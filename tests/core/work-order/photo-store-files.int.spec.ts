import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../core/database/migrations.ts';
import { createVault, type Vault } from '../../../core/vault/vault.ts';
import { createFilePhotoStorage } from '../../../core/work-order/photo-files.ts';
import { createPhotoStore, type PhotoStore } from '../../../core/work-order/photos.ts';
import { freshDatabase } from '../../support/database.ts';

const JPEG_START = Buffer.from([0xff, 0xd8, 0xff]);

let pool: pg.Pool;
let vault: Vault;
let dir: string;
let photos: PhotoStore;
const orgId = randomUUID();

beforeAll(async () => {
  const url = await freshDatabase();
  pool = new pg.Pool({ connectionString: url, max: 2 });
  await migrate(pool, url);
  await pool.query(`INSERT INTO organizations (id, name) VALUES ($1, 'Фото в файлах')`, [orgId]);
  vault = await createVault(pool, new TextEncoder().encode('a-pepper-of-thirty-two-characters'));
  dir = await mkdtemp(path.join(tmpdir(), 'zero-crm-photos-'));
  photos = createPhotoStore({ storage: createFilePhotoStorage(dir), vault });
});
afterAll(async () => {
  await pool?.end();
  await rm(dir, { recursive: true, force: true });
});

const aClient = async () =>
  (await vault.claimClient(orgId, await vault.phoneHash(orgId, `+7916${randomUUID().slice(0, 7)}`))).clientId;
const aCarPhoto = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#aa3322' } })
    .jpeg()
    .toBuffer();

describe('Photo store in files', () => {
  it('writes a photo sealed under its work order, readable by the server only, and gives the JPEG back', async () => {
    const order = { orgId, workOrderId: randomUUID(), clientId: await aClient() };

    const photoId = await photos.save(order, await aCarPhoto());

    const jpeg = await photos.read(order, photoId);
    expect(jpeg?.subarray(0, 3)).toEqual(JPEG_START);
    const file = path.join(dir, orgId, order.workOrderId, `${photoId}.jpg.sealed`);
    const stored = await readFile(file);
    expect(stored.subarray(0, 3)).not.toEqual(JPEG_START);
    expect(stored.includes(jpeg!.subarray(0, 32))).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.dirname(file))).toEqual([`${photoId}.jpg.sealed`]);
  });

  it('reads null for a photo that was never written, one of another order, and one another client’s key cannot open', async () => {
    const order = { orgId, workOrderId: randomUUID(), clientId: await aClient() };
    const photoId = await photos.save(order, await aCarPhoto());

    expect(await photos.read(order, randomUUID())).toBeNull();
    expect(await photos.read({ ...order, workOrderId: randomUUID() }, photoId)).toBeNull();
    // A photo kept where photos were before they were filed by order, opened with the wrong client's key.
    const earlier = path.join(dir, orgId, `${photoId}.jpg.sealed`);
    await writeFile(earlier, await readFile(path.join(dir, orgId, order.workOrderId, `${photoId}.jpg.sealed`)));
    const elsewhere = { ...order, workOrderId: randomUUID() };
    expect((await photos.read(elsewhere, photoId))?.subarray(0, 3)).toEqual(JPEG_START);
    expect(await photos.read({ ...elsewhere, clientId: await aClient() }, photoId)).toBeNull();
  });

  it('reads null once the client is erased, though the file is still there, and keeps nothing new of theirs', async () => {
    const order = { orgId, workOrderId: randomUUID(), clientId: await aClient() };
    const photoId = await photos.save(order, await aCarPhoto());

    await vault.shred(order.clientId);

    expect(await photos.read(order, photoId)).toBeNull();
    expect((await stat(path.join(dir, orgId, order.workOrderId, `${photoId}.jpg.sealed`))).size).toBeGreaterThan(0);
    await expect(photos.save(order, await aCarPhoto())).rejects.toMatchObject({ code: 'CLIENT_ERASED' });
  });
});
