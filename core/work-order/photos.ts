import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { requirePhotoType } from '../../domain/work-order/photo.ts';
import type { Vault } from '../vault/vault.ts';

// Two cores shared with the database and the bots: one image at a time, nothing kept in a cache.
sharp.concurrency(1);
sharp.cache(false);

/** Bigger than any phone camera; a "photo" of more pixels is a decompression bomb, not a car. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Long side after re-encoding: enough to read a part number, small enough for a messenger. */
const MAX_SIDE = 2560;

/**
 * A finding's photo made safe to keep and to send: the real type checked by its first bytes, the
 * image decoded (a file that only starts like one is refused), turned upright by its EXIF
 * orientation, and re-encoded as JPEG — which writes no metadata at all, so the camera's EXIF
 * (GPS position, device, owner) and XMP/IPTC/ICC blocks are gone.
 */
export const cleanPhoto = async (bytes: Buffer): Promise<Buffer> => {
  requirePhotoType(bytes);
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer();
  } catch {
    throw new DomainError('VALIDATION', 'The photo cannot be read: it is damaged or too large', { field: 'photo' });
  }
};

/**
 * Photos under `<dir>/<orgId>/<photoId>.jpg.sealed`, sealed with the client's key: once the client
 * is erased (their key shredded) no file of theirs can be opened again. Names carry no personal data.
 */
export const createPhotoStore = (deps: { dir: string; vault: Vault }) => {
  const fileOf = (orgId: string, photoId: string) => path.join(deps.dir, orgId, `${photoId}.jpg.sealed`);

  return {
    /** Cleans, seals and writes a photo of the client's car; the id names it in a finding. */
    save: async (orgId: string, clientId: string, bytes: Buffer): Promise<string> => {
      const clean = await cleanPhoto(bytes);
      const photoId = randomUUID();
      const file = fileOf(orgId, photoId);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      // Written aside and renamed: a reader never meets half a file.
      await writeFile(`${file}.part`, await deps.vault.sealBytes(clientId, clean), { mode: 0o600 });
      await rename(`${file}.part`, file);
      return photoId;
    },

    /** The JPEG, or null when there is no such photo or the client was erased. */
    read: async (orgId: string, clientId: string, photoId: string): Promise<Buffer | null> => {
      requireId(photoId, 'photoId');
      const sealed = await readFile(fileOf(orgId, photoId)).catch(() => null);
      return sealed ? deps.vault.openBytes(clientId, sealed) : null;
    },
  };
};

export type PhotoStore = ReturnType<typeof createPhotoStore>;
