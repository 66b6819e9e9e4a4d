import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, run now. V8 collects what a parse promoted out of its young
 * generation only at the next full collection, which it starts when the heap has grown to two or
 * three times its size after the last one; on a loaded CPU that came late enough for six zip
 * bombs read one after another to hold 200 MB of dead parser objects at once. Work that is known
 * to leave tens of megabytes of such garbage calls this when it ends, so that the next one starts
 * from a clean heap. Where the runtime offers no collector to call, it does nothing.
 */
export const collectGarbageNow: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as unknown;
  return typeof collect === 'function' ? (collect as () => void) : () => {};
})();
