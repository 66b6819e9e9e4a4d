/**
 * Work of one kind that runs at most `parallel` at once in this process; the rest wait their turn,
 * in order. For work that needs much memory for a short while (a password hash, a workbook's
 * shared strings): a burst of requests then costs `parallel` times that, not one for each request.
 */
export const createTurns = (parallel: number) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= parallel) await new Promise<void>((turn) => waiting.push(turn));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
};
