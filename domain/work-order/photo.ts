import { DomainError } from '../shared/errors.ts';

// ───────────────────────────── A finding's photo ─────────────────────────────

/** A phone photo fits comfortably; anything bigger is refused before it is decoded. */
export const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024;

export const photoTypes = ['jpeg', 'png', 'webp'] as const;
export type PhotoType = (typeof photoTypes)[number];

const startsWith = (bytes: Uint8Array, at: number, signature: readonly number[]) =>
  signature.every((byte, index) => bytes[at + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** HEIF brands (iPhone photos saved as HEIC): the prebuilt image decoder cannot read them. */
const HEIF_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'].map(ascii);

/**
 * What the file really is, by its first bytes (the name and the declared type are the sender's
 * word): JPEG, PNG or WebP are taken; HEIC gets its own message, as phones save photos in it.
 */
export const requirePhotoType = (bytes: Uint8Array): PhotoType => {
  if (bytes.length === 0) throw new DomainError('VALIDATION', 'The photo is empty', { field: 'photo' });
  if (bytes.length > PHOTO_LIMIT_BYTES) {
    throw new DomainError('VALIDATION', `A photo is at most ${PHOTO_LIMIT_BYTES / 1024 / 1024} MB`, {
      field: 'photo',
      limitBytes: PHOTO_LIMIT_BYTES,
    });
  }
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'webp';
  if (startsWith(bytes, 4, ascii('ftyp')) && HEIF_BRANDS.some((brand) => startsWith(bytes, 8, brand))) {
    throw new DomainError('VALIDATION', 'HEIC photos are not taken: save the photo as JPEG', { field: 'photo' });
  }
  throw new DomainError('VALIDATION', 'The file is not a JPEG, PNG or WebP photo', { field: 'photo' });
};
