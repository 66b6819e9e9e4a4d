/**
 * What one round of a poll loop found: how many items it handled, that it must wait its turn, or
 * that an item failed and is to be tried again shortly.
 */
export type PollResult = number | 'wait' | 'retry';

/**
 * Runs `step` until stopped: straight again while it finds work or was poked meanwhile, after
 * `idleMs` when it found nothing, after `waitMs` when it must wait its turn, after `retryMs` when an
 * item is to be tried again, after `errorMs` when it failed. The projection runner and the reactors
 * follow the log this way.
 */
export const startPollLoop = (options: {
  step: (isStopped: () => boolean) => Promise<PollResult>;
  onError: (error: unknown) => void;
  idleMs: number;
  waitMs?: number;
  retryMs?: number;
  errorMs?: number;
}) => {
  let stopped = false;
  let pending = false;
  let wake: (() => void) | null = null;
  const isStopped = () => stopped;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const loop = async () => {
    while (!stopped) {
      pending = false;
      let pause = 0;
      try {
        const result = await options.step(isStopped);
        if (result === 'wait') pause = options.waitMs ?? options.idleMs;
        else if (result === 'retry') pause = options.retryMs ?? options.idleMs;
        else if (result === 0) pause = options.idleMs;
      } catch (error) {
        if (!stopped) options.onError(error);
        pause = options.errorMs ?? 500;
      }
      if (pause > 0 && !pending && !stopped) await sleep(pause);
    }
  };
  const done = loop();

  return {
    poke: () => {
      pending = true;
      wake?.();
    },
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
    },
  };
};
