import { describe, expect, it } from 'vitest';
import { createBuildMemory, writtenIdsOf, type Batch } from '../../projections/read-model.ts';

const A = '0b7c7a62-1c52-4d0e-9f1e-2a0f8d3e5b11';
const B = '5f0d3f9e-8b2a-4c6d-a1e7-7c9b0e2d4f22';

/** What writtenIdsOf looks at in a batch: the build's memory, or none outside a build. */
const inBuild = () => ({ kept: createBuildMemory() }) as unknown as Batch;

describe('ids a build has written', () => {
  it('given nothing written, when ids are asked, then none is read', () => {
    const written = writtenIdsOf(inBuild(), 'bookings')!;
    expect(written.toRead([A, B])).toEqual([]);
  });

  it('given an id written in any case, when it is asked in another, then it is read', () => {
    const batch = inBuild();
    writtenIdsOf(batch, 'bookings')!.wrote([A.toUpperCase()]);
    expect(writtenIdsOf(batch, 'bookings')!.toRead([A, B])).toEqual([A]);
    expect(writtenIdsOf(batch, 'bookings')!.toRead([A.toUpperCase()])).toEqual([A.toUpperCase()]);
  });

  it('given an id written to one table, when another table asks, then it is not read there', () => {
    const batch = inBuild();
    writtenIdsOf(batch, 'bookings')!.wrote([A]);
    expect(writtenIdsOf(batch, 'clients')!.toRead([A])).toEqual([]);
  });

  it('given ids in forms PostgreSQL does not print, when asked, then they are always read', () => {
    const written = writtenIdsOf(inBuild(), 'bookings')!;
    const braced = `{${A}}`;
    const bare = A.replaceAll('-', '');
    const moved = `${A.slice(0, 4)}-${A.slice(4, 8)}${A.slice(9)}`;
    const notHex = `${A.slice(0, 35)}g`;
    expect(written.toRead([braced, bare, moved, notHex, 'not an id'])).toEqual([braced, bare, moved, notHex, 'not an id']);
  });

  it('given a row written under another form, when any id is asked, then every id is read', () => {
    const written = writtenIdsOf(inBuild(), 'bookings')!;
    written.wrote([`{${A}}`]);
    expect(written.toRead([A, B])).toEqual([A, B]);
  });

  it('given a try rolled back after a write, when the id is asked, then it is still read', () => {
    const batch = inBuild();
    const written = writtenIdsOf(batch, 'bookings')!;
    written.wrote([A]);
    batch.kept!.undo();
    expect(written.toRead([A])).toEqual([A]);
  });

  it('given no build, when ids are asked, then there is nothing remembered and every id is read', () => {
    expect(writtenIdsOf({ kept: undefined } as unknown as Batch, 'bookings')).toBeUndefined();
  });
});
