import { describe, expect, it } from 'vitest';
import { createImportSlots } from '../../../core/import/import-slots.ts';

describe('Import slots', () => {
  it('gives each organization one commit and two reads at once, apart from other organizations', () => {
    const slots = createImportSlots();
    expect(slots.take('a', 'commit')).not.toBeNull();
    expect(slots.take('a', 'commit')).toBeNull();
    expect(slots.take('a', 'read')).not.toBeNull();
    expect(slots.take('a', 'read')).not.toBeNull();
    expect(slots.take('a', 'read')).toBeNull();
    expect(slots.take('b', 'commit')).not.toBeNull();
    expect(slots.take('b', 'read')).not.toBeNull();
  });

  it('frees a slot once the request and the work started for it have both let go, each once', () => {
    const slots = createImportSlots({ commit: 1, read: 1 });
    const slot = slots.take('a', 'commit')!;
    slot.hold();
    // The client hung up: the response closed while the commit still runs.
    slot.release();
    expect(slots.take('a', 'commit')).toBeNull();
    slot.release();
    slot.release();
    expect(slots.inUse('a', 'commit')).toBe(0);
    expect(slots.take('a', 'commit')).not.toBeNull();
    expect(slots.inUse('a', 'commit')).toBe(1);
  });

  it('counts work that starts after its request has gone until the work ends', () => {
    const slots = createImportSlots({ commit: 1, read: 1 });
    const slot = slots.take('a', 'read')!;
    slot.release();
    expect(slots.inUse('a', 'read')).toBe(0);
    slot.hold();
    expect(slots.inUse('a', 'read')).toBe(1);
    slot.release();
    expect(slots.inUse('a', 'read')).toBe(0);
  });
});
