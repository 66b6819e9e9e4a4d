import pg from 'pg';

/** Notified by triggers when a user's row or sign-outs change; the payload is the user's id. */
export const SESSION_CHANGES_CHANNEL = 'zero_session_changes';

export type Notifications = {
  /** Calls `handler` with each payload on `channel`; returns the unsubscribe. */
  on: (channel: string, handler: (payload: string) => void) => () => void;
  /**
   * Calls `handler` after every (re)connection: notifications sent while no connection listened are
   * lost, so whoever relies on them looks again then.
   */
  onConnected: (handler: () => void) => () => void;
  /** Whether a connection listens right now (a cache may only trust notifications while it does). */
  listening: () => boolean;
  start: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * PostgreSQL LISTEN on one dedicated connection (outside the pool: a pooled connection cannot hold
 * a LISTEN). Several API processes on one database learn from it what another process committed,
 * within milliseconds. Payloads are ids and positions only, never personal data. A broken connection
 * is opened again after `retryMs`; the callers keep their polling fallbacks for that gap.
 */
export const createNotifications = (
  databaseUrl: string,
  channels: readonly string[],
  onError: (error: unknown) => void,
  retryMs = 1000,
): Notifications => {
  const handlers = new Map<string, Set<(payload: string) => void>>(channels.map((channel) => [channel, new Set()]));
  const connectedHandlers = new Set<() => void>();
  let client: pg.Client | null = null;
  let connected = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const scheduleRetry = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
  };

  const drop = (dropped: pg.Client, error?: unknown) => {
    if (client !== dropped) return;
    client = null;
    connected = false;
    if (error && !stopped) onError(error);
    dropped.end().catch(() => undefined);
    scheduleRetry();
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: databaseUrl });
    client = next;
    next.on('error', (error) => drop(next, error));
    next.on('end', () => drop(next));
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    try {
      await next.connect();
      for (const channel of channels) await next.query(`LISTEN ${next.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(next, error);
      return;
    }
    if (client !== next) return;
    connected = true;
    for (const handler of connectedHandlers) handler();
  };

  return {
    on: (channel, handler) => {
      const set = handlers.get(channel);
      if (!set) throw new Error(`not listening on ${channel}`);
      set.add(handler);
      return () => set.delete(handler);
    },
    onConnected: (handler) => {
      connectedHandlers.add(handler);
      return () => connectedHandlers.delete(handler);
    },
    listening: () => connected,
    start: connect,
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      connected = false;
      await current?.end().catch(() => undefined);
    },
  };
};
