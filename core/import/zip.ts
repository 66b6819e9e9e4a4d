import path from 'node:path';
import { Inflate } from 'fflate';
import { importLimits } from '../../domain/import/limits.ts';
import { Refusal } from '../shared/refusal.ts';
import { damaged, tooManyParts, unpackedTooLarge, unsafe, unsupported } from './refusals.ts';

// The zip inside an .xlsx, read from its central directory (the index at the end of the file that
// every zip tool trusts), with random access to the parts. The directory's declared sizes are
// checked before anything is unpacked, and unpacking counts what it produces and stops the moment
// a part gives more than it declared, so a part that lies about its size costs no more than the
// size it admits to. Unpacking is synchronous and chunked (fflate's streaming inflater), so the
// rows of a sheet can be handed to the importer one at a time from the bytes in memory.

export type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const MAX_COMMENT = 0xffff;
const ENCRYPTED = 0x0001;

/**
 * Unpacked bytes one push into the inflater aims at. Deflate unpacks a byte to 1,032 at most, and
 * the inflater grows its output by doubling, so a fixed 4 KB slice made up to 12 MB of buffers per
 * push from a bomb, while an ordinary sheet's 4 KB pushes each copied the inflater's 32 KB window.
 * The slice is sized from what the last one gave instead: a bomb's stays at 256 bytes (264 KB out
 * at most), an ordinary sheet's grows to tens of kilobytes, so it needs fewer pushes than before.
 */
const PUSH_TARGET = 256 * 1024;
const MIN_SLICE = 256;
const MAX_SLICE = 64 * 1024;

/** The next slice of packed bytes, from how far the last one unpacked. */
const nextSlice = (slice: number, unpacked: number) =>
  Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.floor((slice * PUSH_TARGET) / Math.max(unpacked, 1))));

const names = new TextDecoder('utf-8');

/** Names that leave the package (`../`, `/etc`, `C:\`), or that carry control characters. */
const isUnsafeName = (name: string) =>
  name.startsWith('/') ||
  name.includes('\\') ||
  /^[a-z]:/i.test(name) ||
  name.split('/').includes('..') ||
  /[\u0000-\u001f]/.test(name);

const findEndOfDirectory = (view: DataView): number => {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw damaged('its zip directory is missing: the file was cut short');
};

/** The 64-bit sizes and offset of an entry whose 32-bit fields are full (ZIP64). */
const zip64Values = (view: DataView, extraStart: number, extraEnd: number, wanted: number): number[] => {
  for (let at = extraStart; at + 4 <= extraEnd;) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === ZIP64_EXTRA) {
      if (size < wanted * 8 || at + 4 + size > extraEnd) break;
      return Array.from({ length: wanted }, (_, i) => Number(view.getBigUint64(at + 4 + i * 8, true)));
    }
    at += 4 + size;
  }
  throw damaged('a part of it has a broken size');
};

/**
 * The entries by name, after the checks that need no unpacking: the count, every declared size
 * and their sum, names that would leave the package, duplicate names, encryption.
 */
export const zipDirectory = (bytes: Uint8Array): Map<string, ZipEntry> => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 22) throw damaged('it is too short to be a workbook');
  const end = findEndOfDirectory(view);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) throw damaged('it is split over several files');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryStart = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryStart === 0xffffffff) throw tooManyParts(count);
  if (count > importLimits.zipEntries) throw tooManyParts(count);
  if (directoryStart + directorySize > end) throw damaged('its zip directory points outside the file');

  const entries = new Map<string, ZipEntry>();
  let unpacked = 0;
  let at = directoryStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw damaged('its zip directory is broken');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeader = view.getUint32(at + 42, true);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > end) throw damaged('its zip directory is broken');
    const name = names.decode(bytes.subarray(nameStart, extraStart));
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeader === 0xffffffff) {
      // ZIP64 lists only the fields that overflowed, in this order.
      const wanted = [size, compressedSize, localHeader].filter((value) => value === 0xffffffff).length;
      const values = zip64Values(view, extraStart, extraStart + extraLength, wanted);
      if (size === 0xffffffff) size = values.shift()!;
      if (compressedSize === 0xffffffff) compressedSize = values.shift()!;
      if (localHeader === 0xffffffff) localHeader = values.shift()!;
    }
    if (isUnsafeName(name)) throw unsafe('one of its parts is named to point outside the workbook (such as «../»)');
    if (entries.has(name)) throw unsafe('two of its parts have the same name');
    if (flags & ENCRYPTED)
      throw unsupported('The workbook is password-protected: remove the password in Excel, save it and import that');
    unpacked += size;
    if (unpacked > importLimits.unpackedBytes) {
      const total = unpacked + directoryTotal(view, next, count - i - 1, end);
      throw unpackedTooLarge('the whole workbook', total, importLimits.unpackedBytes);
    }
    entries.set(name, { name, method, compressedSize, size, localHeader });
    at = next;
  }
  return entries;
};

/** The sizes the rest of the directory declares, so that a refusal can name the real total. */
const directoryTotal = (view: DataView, start: number, left: number, end: number): number => {
  let total = 0;
  let at = start;
  for (let i = 0; i < left && at + 46 <= end && view.getUint32(at, true) === CENTRAL; i++) {
    total += view.getUint32(at + 24, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return total;
};

/** Where an entry's packed bytes are, from its local header. */
const packedBytes = (bytes: Uint8Array, entry: ZipEntry): Uint8Array => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeader;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL) throw damaged(`its part ${entry.name} is missing`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw damaged(`its part ${entry.name} was cut short`);
  return bytes.subarray(start, start + entry.compressedSize);
};

/**
 * The entry's unpacked bytes in chunks, refused when its declared size is over `limit`, and cut
 * off as a lie the moment it unpacks to more than it declared.
 */
export function* unpack(bytes: Uint8Array, entry: ZipEntry, limit: number): Generator<Uint8Array> {
  if (entry.size > limit) throw unpackedTooLarge(entry.name, entry.size, limit);
  const packed = packedBytes(bytes, entry);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw damaged(`its part ${entry.name} has two different sizes`);
    for (let at = 0; at < packed.length; at += 64 * 1024) yield packed.subarray(at, at + 64 * 1024);
    return;
  }
  if (entry.method !== 8) {
    throw unsupported('The workbook is packed with a method Excel does not use; open it in Excel and save it again');
  }
  let out: Uint8Array[] = [];
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    produced += chunk.length;
    if (produced > entry.size) throw unsafe(`its part ${entry.name} unpacks to more than the size it declares`);
    out.push(chunk);
  });
  let slice = MIN_SLICE;
  let at = 0;
  for (let last = false; !last;) {
    last = at + slice >= packed.length;
    const before = produced;
    try {
      inflater.push(packed.subarray(at, at + slice), last);
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw damaged(`its part ${entry.name} does not unpack`);
    }
    const ready = out;
    out = [];
    yield* ready;
    at += slice;
    slice = nextSlice(slice, produced - before);
  }
  if (produced !== entry.size) throw damaged(`its part ${entry.name} unpacks to less than it declares`);
}

/** The entry a relationship target names, resolved against the part that points to it. */
export const resolvePart = (from: string, target: string): string => {
  const resolved = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(from), target);
  return path.posix.normalize(resolved).replace(/^\.\//, '');
};
