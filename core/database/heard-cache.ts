import type { Notifications } from './notifications.ts';

type HeardCacheOptions = {
  /** How long a value is trusted while no connection listens for changes. */
  cacheMs?: number;
  /** How long a value is trusted while one does (a change is heard at once; this bounds a lost one). */
  trustedCacheMs?: number;
  /** Past this many ids the cache starts again empty. */
  maxIds?: number;
  clock?: () => number;
};

/**
 * Rows every request reads and few writes change (an organization's settings, a user's session
 * row), cached in the process under the id a trigger notifies (row-change-notify.ts): at every commit
 * that changes them, from any process, `channel` hears the id and that id's values are dropped; a
 * load that was under way when a change was heard is not kept. Without a listening connection a value
 * is trusted for `cacheMs` only; after a reconnection everything is read afresh.
 */
export const createHeardCache = <V>(
  notifications: Notifications | undefined,
  channel: string,
  options: HeardCacheOptions = {},
) => {
  const { cacheMs = 2000, trustedCacheMs = 60_000, maxIds = 10_000, clock = () => Date.now() } = options;
  type Entry = { at: number; value: Promise<V> };
  const entries = new Map<string, Map<string, Entry>>();
  // Moves on with every change heard: a value loaded across one may be stale and is not kept.
  let generation = 0;

  const drop = (id: string) => {
    generation++;
    entries.delete(id);
  };
  const clear = () => {
    generation++;
    entries.clear();
  };
  notifications?.on(channel, drop);
  notifications?.onConnected(clear);

  const forget = (id: string, key: string, value: Promise<V>) => {
    const own = entries.get(id);
    if (own?.get(key)?.value === value) own.delete(key);
  };

  return {
    /** The cached value of `key` under `id`, or `load`'s; a value `keep` rejects is not cached. */
    get: (id: string, key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> => {
      const hit = entries.get(id)?.get(key);
      const trustMs = notifications?.listening() ? trustedCacheMs : cacheMs;
      if (hit && clock() - hit.at < trustMs) return hit.value;
      const loadedAt = generation;
      const value = load();
      let own = entries.get(id);
      if (!own) {
        if (entries.size >= maxIds) entries.clear();
        entries.set(id, (own = new Map<string, Entry>()));
      }
      own.set(key, { at: clock(), value });
      value.then(
        (loaded) => {
          if (loadedAt !== generation || !keep(loaded)) forget(id, key, value);
        },
        () => forget(id, key, value),
      );
      return value;
    },
    /** Drops the id's values at once (the process that wrote them need not wait to hear it). */
    drop,
    clear,
  };
};
