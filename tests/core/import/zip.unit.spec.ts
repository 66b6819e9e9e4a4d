import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unpack, type ZipEntry } from '../../../core/import/zip.ts';

/** A part's packed bytes behind a bare local header, as `unpack` finds them in a workbook. */
const partOf = (unpacked: Buffer): { bytes: Uint8Array; entry: ZipEntry } => {
  const packed = deflateRawSync(unpacked, { level: 9 });
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  return {
    bytes: new Uint8Array(Buffer.concat([header, packed])),
    entry: { name: 'xl/sharedStrings.xml', method: 8, compressedSize: packed.length, size: unpacked.length, localHeader: 0 },
  };
};

describe('unpack', () => {
  it('hands a part that unpacks 1,000 to one on in pieces of at most 300 KB', () => {
    const { bytes, entry } = partOf(Buffer.alloc(32 * 1024 * 1024, 'a'));
    const sizes = [...unpack(bytes, entry, entry.size)].map((chunk) => chunk.length);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(32 * 1024 * 1024);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(300 * 1024);
  });

  it('gives back an ordinary part byte for byte', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `<row r="${i}"><c><v>${(i * 7919) % 100_003}</v></c></row>`).join('');
    const { bytes, entry } = partOf(Buffer.from(text));
    expect(Buffer.concat([...unpack(bytes, entry, entry.size)]).toString()).toBe(text);
  });
});
