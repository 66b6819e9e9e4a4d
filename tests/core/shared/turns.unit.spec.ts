import { describe, expect, it } from 'vitest';
import { createTurns } from '../../../core/shared/turns.ts';

describe('turns', () => {
  it('runs at most the given number at once, the rest in the order they asked, even after a failure', async () => {
    const inTurn = createTurns(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const job = (n: number) =>
      inTurn(async () => {
        started.push(n);
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (n === 1) throw new Error('job 1 failed');
        return n;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map(job));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });
});
