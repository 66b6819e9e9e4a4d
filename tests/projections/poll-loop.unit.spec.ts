import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPollLoop } from '../../projections/poll-loop.ts';

/** Lets the loop's awaited steps and timers run to where they wait next. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('Poll loop', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs again at once while its step finds work, when no gap is asked', async () => {
    let steps = 0;
    const loop = startPollLoop({ step: async () => (++steps < 5 ? 1 : 0), onError: () => undefined, idleMs: 1_000 });
    await settle();
    expect(steps).toBe(5);
    await loop.stop();
  });

  it('keeps the gap between two steps that found work, and a poke does not cut it short', async () => {
    let steps = 0;
    const loop = startPollLoop({ step: async () => ++steps, onError: () => undefined, idleMs: 1_000, gapMs: 250 });
    await settle();
    expect(steps).toBe(1);
    loop.poke();
    await vi.advanceTimersByTimeAsync(249);
    expect(steps).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toBe(2);
    await vi.advanceTimersByTimeAsync(250);
    expect(steps).toBe(3);
    await loop.stop();
  });

  it('counts the gap from the start of a step, so a slow step is followed at once', async () => {
    let steps = 0;
    const loop = startPollLoop({
      step: async () => {
        steps++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 1;
      },
      onError: () => undefined,
      idleMs: 1_000,
      gapMs: 250,
    });
    await settle();
    expect(steps).toBe(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(steps).toBe(2);
    // The step in hand finishes before the loop stops.
    const stopping = loop.stop();
    await vi.advanceTimersByTimeAsync(300);
    await stopping;
  });

  it('stops during a gap without waiting for it to end', async () => {
    let steps = 0;
    const loop = startPollLoop({ step: async () => ++steps, onError: () => undefined, idleMs: 1_000, gapMs: 60_000 });
    await settle();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(true);
    await stopping;
    expect(steps).toBe(1);
  });
});
