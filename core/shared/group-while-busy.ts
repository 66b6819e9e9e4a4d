export type GroupOptions = { maxGroup: number; maxInFlight: number };

/**
 * Items that arrive while `maxInFlight` earlier groups are still running wait, then go together,
 * at most `maxGroup` at a time. A lone item goes at once, so a quiet station waits for nothing;
 * under load the round trip, the statement and the commit are shared. `run` settles every item of
 * its group itself (each item carries its own answer) and never rejects.
 */
export const groupWhileBusy = <Item>(options: GroupOptions, run: (group: Item[]) => Promise<void>) => {
  const waiting: Item[] = [];
  let inFlight = 0;
  const flush = () => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const group = waiting.splice(0, options.maxGroup);
      inFlight += 1;
      void run(group).finally(() => {
        inFlight -= 1;
        flush();
      });
    }
  };
  return (item: Item): void => {
    waiting.push(item);
    flush();
  };
};
