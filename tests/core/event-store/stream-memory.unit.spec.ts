import { describe, expect, it } from 'vitest';
import { createStreamMemory } from '../../../core/event-store/stream-memory.ts';

const probe = (i: number) => ({ type: 'Probe', data: { i } });
const schedules = (stream: string) => stream.startsWith('schedule-');

describe('What a process remembers of busy streams', () => {
  it('remembers only the streams it holds, as the database gave them, and never an older read over a newer one', () => {
    const memory = createStreamMemory(schedules);
    memory.learn('client-1', { version: 1, events: [probe(1)] });
    memory.learn('schedule-a', { version: 2, events: [probe(1), probe(2)] });
    memory.learn('schedule-a', { version: 1, events: [probe(1)] });
    expect(memory.recall('client-1')).toBeUndefined();
    expect(memory.recall('schedule-a')).toEqual({ version: 2, events: [probe(1), probe(2)] });
  });

  it('moves a stream on by what committed at the version it knew, and forgets it when the append expected another', () => {
    const memory = createStreamMemory(schedules);
    memory.learn('schedule-a', { version: 1, events: [probe(1)] });
    memory.learn('schedule-b', { version: 1, events: [probe(1)] });
    const held = memory.recall('schedule-a')!;
    memory.appended([
      { stream: 'schedule-a', expected: 1, events: [probe(2)] },
      { stream: 'schedule-b', expected: 3, events: [probe(4)] },
      { stream: 'schedule-new', expected: 0, events: [probe(1)] },
    ]);
    expect(memory.recall('schedule-a')).toEqual({ version: 2, events: [probe(1), probe(2)] });
    // An attempt that holds the older stream keeps folding the version it was given.
    expect(held).toEqual({ version: 1, events: [probe(1)] });
    expect(memory.recall('schedule-b')).toBeUndefined();
    expect(memory.recall('schedule-new')).toEqual({ version: 1, events: [probe(1)] });
  });

  it('recalls nothing for a while after a conflict: someone else writes these streams too', () => {
    let now = 0;
    const memory = createStreamMemory(schedules, { contestedMs: 60_000, clock: () => now });
    memory.learn('schedule-a', { version: 1, events: [probe(1)] });
    memory.learn('schedule-b', { version: 1, events: [probe(1)] });
    memory.contest('client-1');
    expect(memory.recall('schedule-b')?.version).toBe(1);
    memory.contest('schedule-a');
    expect(memory.recall('schedule-a')).toBeUndefined();
    expect(memory.recall('schedule-b')).toBeUndefined();
    memory.learn('schedule-a', { version: 3, events: [probe(1), probe(2), probe(3)] });
    now = 59_999;
    expect(memory.recall('schedule-a')).toBeUndefined();
    now = 60_000;
    expect(memory.recall('schedule-a')?.version).toBe(3);
    expect(memory.recall('schedule-b')?.version).toBe(1);
  });

  it('lets the least recently used stream go beyond its capacity', () => {
    const memory = createStreamMemory(schedules, { capacity: 2 });
    memory.learn('schedule-a', { version: 1, events: [probe(1)] });
    memory.learn('schedule-b', { version: 1, events: [probe(1)] });
    memory.recall('schedule-a');
    memory.learn('schedule-c', { version: 1, events: [probe(1)] });
    expect(memory.recall('schedule-b')).toBeUndefined();
    expect(memory.recall('schedule-a')?.version).toBe(1);
    expect(memory.recall('schedule-c')?.version).toBe(1);
  });
});
