import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { requirePhotoType } from '../../domain/work-order/photo.ts';
import type { Vault } from '../vault/vault.ts';
import type { PhotoStorage } from './photo-storage.ts';

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
 * Photos kept as `<orgId>/<photoId>.jpg.sealed` in a storage (files or an S3 bucket), sealed with the
 * client's key: once the client is erased (their key shredded) nothing of theirs can be opened again,
 * wherever the bytes lie. Keys carry no personal data.
 */
export const createPhotoStore = (deps: { storage: PhotoStorage; vault: Vault }) => {
  const keyOf = (order: PhotoOrder, photoId: string) => `${order.orgId}/${order.workOrderId}/${photoId}.jpg.sealed`;
  /** Where photos were kept before they were filed under their work order. */
  const earlierKeyOf = (order: PhotoOrder, photoId: string) => `${order.orgId}/${photoId}.jpg.sealed`;

  return {
    /** Cleans, seals and keeps a photo of the client's car under its work order; the id names it in a finding. */
    save: async (order: PhotoOrder, bytes: Buffer): Promise<string> => {
      const clean = await cleanPhoto(bytes);
      const photoId = randomUUID();
      await deps.storage.put(keyOf(order, photoId), await deps.vault.sealBytes(order.clientId, clean));
      return photoId;
    },

    /**
     * The JPEG of this order's photo, or null: no such photo here, the client erased, or bytes that
     * the client's key does not open (a photo of someone else's car).
     */
    read: async (order: PhotoOrder, photoId: string): Promise<Buffer | null> => {
      requireId(photoId, 'photoId');
      const sealed = (await deps.storage.get(keyOf(order, photoId))) ?? (await deps.storage.get(earlierKeyOf(order, photoId)));
      if (!sealed) return null;
      try {
        return await deps.vault.openBytes(order.clientId, sealed);
      } catch {
        return null;
      }
    },
  };
};

/** The work order a photo belongs to: its organization, its id and the client whose key seals it. */
export type PhotoOrder = { orgId: string; workOrderId: string; clientId: string };

export type PhotoStore = ReturnType<typeof createPhotoStore>;
