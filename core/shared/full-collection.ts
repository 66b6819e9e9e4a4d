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

/**
 * A check to call between the steps of long work in a process that does nothing else: it collects
 * in full once the heap has grown by `bytes` since the last collection it ran. Work whose steps
 * outlive a few young-generation collections promotes each step's garbage, and V8 lets that pile up
 * to two or three times the live heap before it collects it.
 */
export const collectorPast = (bytes: number): (() => void) => {
  let floor = process.memoryUsage().heapUsed;
  return () => {
    if (process.memoryUsage().heapUsed - floor < bytes) return;
    collectGarbageNow();
    floor = process.memoryUsage().heapUsed;
  };
};
