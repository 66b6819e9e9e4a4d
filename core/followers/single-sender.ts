import type { Pool } from 'pg';
import { startPollLoop } from '../../projections/poll-loop.ts';
import { createInstanceLock } from './instance-lock.ts';

/**
 * A loop that sends what has come due (the owner's digest, overdue-task reminders) in one process
 * of the installation at a time: the holder of the named lock runs `tick`, the others wait and take
 * over when its connection dies. `check` resolves after a full round that began after the call.
 */
export const startSingleSender = (options: {
  pool: Pool;
  lockName: string;
  tick: (isStopped: () => boolean) => Promise<number>;
  onError: (error: unknown) => void;
  idleMs: number;
}) => {
  const lock = createInstanceLock(options.pool, options.lockName);
  // Each round settles whoever asked for a check before it began.
  let waiting: (() => void)[] = [];
  const loop = startPollLoop({
    step: async (isStopped) => {
      const settled = waiting;
      waiting = [];
      try {
        return (await lock.acquire()) ? await options.tick(isStopped) : 'wait';
      } finally {
        for (const resolve of settled) resolve();
      }
    },
    onError: options.onError,
    idleMs: options.idleMs,
  });

  return {
    poke: loop.poke,
    check: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        loop.poke();
      }),
    stop: async () => {
      await loop.stop();
      for (const resolve of waiting) resolve();
      await lock.release();
    },
  };
};
