/** Milliseconds of import work on the request thread between two turns of the event loop: other requests go on meanwhile. */
const TURN_MS = 20;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * For a long loop over a file's rows: `await yields()` lets the event loop turn once TURN_MS have
 * passed since the last turn, and costs a clock read otherwise. A 200,000-row file then keeps every
 * other request (the panels, the bot) answered while it is read.
 */
export const createYields = () => {
  let since = performance.now();
  return async (): Promise<void> => {
    if (performance.now() - since < TURN_MS) return;
    await nextTurn();
    since = performance.now();
  };
};

/** Runs a generator to its end, letting the event loop turn every few milliseconds; how many steps it took. */
export const drain = async (steps: Iterator<unknown>): Promise<number> => {
  const yields = createYields();
  let count = 0;
  while (!steps.next().done) {
    count++;
    await yields();
  }
  return count;
};
