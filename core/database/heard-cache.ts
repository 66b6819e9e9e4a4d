import type { Notifications } from './notifications.ts';

type HeardCacheOptions = {
  /** How long a value is trusted while no connection listens for changes. */
  cacheMs?: number;
  /** How long a value is trusted while one does (a change is heard at once; this bounds a lost one). */
  trustedCacheMs?: number;
  clock?: () => number;
};

/**
 * Values every command reads and few writes change (an organization's settings), cached in the
 * process per organization. A trigger notifies `channel` with the organization's id at every commit
 * that changes them, from any process, and the organization's values are dropped on hearing it; a
 * load that was under way when a change was heard is not kept. Without a listening connection a value
 * is trusted for `cacheMs` only; after a reconnection everything is read afresh.
 */
export const createHeardCache = <V>(
  notifications: Notifications | undefined,
  channel: string,
  options: HeardCacheOptions = {},
) => {
  const { cacheMs = 2000, trustedCacheMs = 60_000, clock = () => Date.now() } = options;
  type Entry = { at: number; value: Promise<V> };
  const entries = new Map<string, Map<string, Entry>>();
  // Moves on with every change heard: a value loaded across one may be stale and is not kept.
  let generation = 0;

  const drop = (orgId: string) => {
    generation++;
    entries.delete(orgId);
  };
  const clear = () => {
    generation++;
    entries.clear();
  };
  notifications?.on(channel, drop);
  notifications?.onConnected(clear);

  const forget = (orgId: string, key: string, value: Promise<V>) => {
    const own = entries.get(orgId);
    if (own?.get(key)?.value === value) own.delete(key);
  };

  return {
    /** The cached value of `key` in the organization, or `load`'s; a value `keep` rejects is not cached. */
    get: (orgId: string, key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> => {
      const hit = entries.get(orgId)?.get(key);
      const trustMs = notifications?.listening() ? trustedCacheMs : cacheMs;
      if (hit && clock() - hit.at < trustMs) return hit.value;
      const loadedAt = generation;
      const value = load();
      let own = entries.get(orgId);
      if (!own) entries.set(orgId, (own = new Map<string, Entry>()));
      own.set(key, { at: clock(), value });
      value.then(
        (loaded) => {
          if (loadedAt !== generation || !keep(loaded)) forget(orgId, key, value);
        },
        () => forget(orgId, key, value),
      );
      return value;
    },
    /** Drops the organization's values at once (the process that wrote them need not wait to hear it). */
    drop,
    clear,
  };
};
