import { toLogin } from './api';
import type { Me } from '../../../contract/users.ts';
import type { LiveMessage } from './types';

/** The server closes a feed whose session ended (user deactivated, role or branches changed). */
const SESSION_ENDED = 4401;

/** A feed ended twice within this is not renewed again: the cookie's session is refused too. */
const RENEW_WINDOW_MS = 30_000;
/** The pauses before each time the cookie is asked who it signs in. */
const COOKIE_WAITS_MS = [300, 1_000, 2_000];

export type LiveStatus = 'connecting' | 'online' | 'offline';

/**
 * The live feed of one branch over WebSocket (the session cookie authenticates the handshake).
 * Remembers the last position it saw and, after a dropped connection, reconnects with ?since= so
 * the server replays what was missed.
 */
export const openLive = (options: {
  branchId: string;
  onStatus: (status: LiveStatus) => void;
  onHello: (position: number, first: boolean) => void;
  onMessage: (message: Extract<LiveMessage, { type: 'booking' }>) => void;
  /** A task made, completed or turned overdue (the tasks page). */
  onTask?: (task: Extract<LiveMessage, { type: 'task' }>['task']) => void;
  /** A client wrote or a manager answered: the client whose conversation changed (the client card). */
  onInbox?: (clientId: string) => void;
}) => {
  let last: number | null = null;
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let closed = false;
  let helloSeen = false;
  let renewedAt = -Infinity;

  const connect = () => {
    if (closed) return;
    options.onStatus('connecting');
    const query = new URLSearchParams({ branchId: options.branchId });
    if (last !== null) query.set('since', String(last));
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live?${query.toString()}`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      options.onStatus('online');
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(event.data) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === 'hello') {
        const first = !helloSeen;
        helloSeen = true;
        if (last === null) last = message.position;
        options.onHello(message.position, first);
      } else if (message.type === 'booking') {
        last = Math.max(last ?? 0, message.position);
        options.onMessage(message);
      } else if (message.type === 'task') {
        options.onTask?.(message.task);
      } else if (message.type === 'inbox') {
        options.onInbox?.(message.clientId);
      }
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      if (closed) return;
      if (event.code === SESSION_ENDED) {
        void renewOrLeave();
        return;
      }
      options.onStatus('offline');
      attempts++;
      retry = setTimeout(connect, Math.min(5000, 500 * 2 ** Math.min(attempts, 4)));
    };
  };

  /**
   * Who the cookie signs in, asked a few times over three seconds: the tab that changed the password
   * ends this feed's session before its answer brings the browser the renewed cookie.
   */
  const cookieSession = async (): Promise<Me | null> => {
    for (const wait of COOKIE_WAITS_MS) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      const me = await fetch('/api/auth/me', { credentials: 'same-origin' })
        .then((response) => (response.ok ? (response.json() as Promise<Me>) : null))
        .catch(() => null);
      if (me || closed) return me;
    }
    return null;
  };

  /**
   * The session this feed was opened with ended. It may be this browser's old one: a password
   * changed in another tab ends every other session and renews the cookie, so the feed reconnects on
   * the cookie once it still signs in to this branch; a cookie whose person no longer has the branch
   * reloads the page (the server shows what they have now); otherwise, or again so soon after, the
   * person signs in anew.
   */
  const renewOrLeave = async () => {
    options.onStatus('offline');
    const again = Date.now() - renewedAt < RENEW_WINDOW_MS;
    const me = again ? null : await cookieSession();
    if (closed) return;
    if (!me) {
      closed = true;
      toLogin();
    } else if (me.branchIds !== null && !me.branchIds.includes(options.branchId)) {
      closed = true;
      location.reload();
    } else {
      renewedAt = Date.now();
      connect();
    }
  };

  const onOnline = () => {
    if (!socket && !closed) {
      clearTimeout(retry);
      connect();
    }
  };
  window.addEventListener('online', onOnline);
  connect();

  return {
    close: () => {
      closed = true;
      clearTimeout(retry);
      window.removeEventListener('online', onOnline);
      socket?.close();
      socket = null;
    },
    /** For tests and the indicator: drop the socket as a network failure would. */
    drop: () => socket?.close(),
  };
};

/**
 * The live feed for what clients write (the inbox is the organization's, so the first branch's feed
 * carries it): `changed` with the client whose conversation changed, or null after a reconnect,
 * when something may have been missed. A user with no branch gets nothing. `sinceFirstHello`: the
 * caller's data is older than the feed (the server rendered it), so the first hello is a change too.
 */
export const followInbox = (
  branchId: string | undefined,
  changed: (clientId: string | null) => void,
  options: { sinceFirstHello?: boolean } = {},
) =>
  branchId
    ? openLive({
        branchId,
        onStatus: () => undefined,
        onHello: (_position, first) => {
          if (!first || options.sinceFirstHello) changed(null);
        },
        onMessage: () => undefined,
        onInbox: changed,
      })
    : null;
