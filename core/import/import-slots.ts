/** What an upload does with its file: a commit writes clients; a read (preview, report) writes nothing. */
export type ImportWork = 'commit' | 'read';

export type ImportSlotLimits = Record<ImportWork, number>;

/** At most one commit and two reads of a file per organization at once. */
export const defaultImportSlots: ImportSlotLimits = { commit: 1, read: 2 };

/**
 * A taken slot. It is free again once every holder has let go: the request (when its response is
 * done or its connection is gone) and the work started for it, which may outlive a client that
 * hung up, so an abandoned commit still counts until it ends.
 */
export type ImportSlot = { hold: () => void; release: () => void };

/**
 * How many imports each organization runs at once in this process, by kind. Every upload holds a
 * file of up to 50 MB and a commit keeps a database connection busy for minutes, so one
 * organization cannot fill the server with them; other organizations are not affected.
 */
export const createImportSlots = (limits: ImportSlotLimits = defaultImportSlots) => {
  const running = new Map<string, number>();
  const keyOf = (orgId: string, work: ImportWork) => `${orgId}:${work}`;

  /** A slot held once by the caller, or null when the organization already runs as many. */
  const take = (orgId: string, work: ImportWork): ImportSlot | null => {
    const key = keyOf(orgId, work);
    if ((running.get(key) ?? 0) >= limits[work]) return null;
    const count = (change: 1 | -1) => {
      const left = (running.get(key) ?? 0) + change;
      if (left > 0) running.set(key, left);
      else running.delete(key);
    };
    count(1);
    let holders = 1;
    return {
      // Work that starts after its client hung up still runs, so it counts again while it does.
      hold: () => {
        if (holders++ === 0) count(1);
      },
      release: () => {
        if (holders > 0 && --holders === 0) count(-1);
      },
    };
  };

  const inUse = (orgId: string, work: ImportWork) => running.get(keyOf(orgId, work)) ?? 0;

  return { take, inUse, limits };
};

export type ImportSlots = ReturnType<typeof createImportSlots>;
