import { describe, expect, it } from 'vitest';
import { createYields, drain } from '../../../core/import/yields.ts';

/** Busy for `ms` of wall time, as reading rows is. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('Yields of a long import loop', () => {
  it('lets the event loop turn every few milliseconds of work, and not on every row', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const yields = createYields();
    let awaited = 0;
    for (let row = 0; row < 200; row++) {
      busy(1);
      await yields();
      awaited++;
    }
    ticking = false;
    // 200 ms of work: other callbacks ran between its pieces, many times but far from once per row.
    expect(awaited).toBe(200);
    expect(turns).toBeGreaterThanOrEqual(5);
    expect(turns).toBeLessThan(100);
  });

  it('drains a generator to its end and counts its steps', async () => {
    function* steps() {
      for (let i = 0; i < 1000; i++) yield i;
    }
    expect(await drain(steps())).toBe(1000);
  });
});
