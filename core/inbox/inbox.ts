import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  inboxStreamName,
  replyChannel,
  requireReplyText,
  type InboundKind,
  type InboxChannel,
  type InboxEvent,
  type MessageBody,
} from '../../domain/inbox/inbox.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Vault } from '../vault/vault.ts';

/** Heard by the live hub: `orgId/clientId` of a conversation that changed (no content). */
export const INBOX_CHANGES_CHANNEL = 'zero_inbox_changes';

export type InboxMessage = {
  id: string;
  direction: 'in' | 'out';
  channel: InboxChannel;
  kind: InboundKind;
  /** Epoch milliseconds. */
  at: number;
  body: MessageBody;
};

export type InboxThread = {
  clientId: string;
  name: string;
  channel: InboxChannel;
  lastKind: InboundKind;
  lastDirection: 'in' | 'out';
  /** Epoch milliseconds of the latest message either way. */
  lastAt: number;
  unread: number;
};

type ThreadRow = {
  client_id: string;
  channel: InboxChannel;
  last_kind: InboundKind;
  last_direction: 'in' | 'out';
  last_at: Date;
  unread: number;
};

export type InboxDeps = {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  now: () => number;
  /** The client's display name, opened from their profile; null once erased. */
  nameOf: (clientId: string) => Promise<string | null>;
};

/**
 * The two-way inbox: a client's message outside the flow is sealed and appended to their inbox
 * stream; a manager's answer likewise, and each messenger's reactor carries it to the client's
 * chat. `inbox_threads` is the list's index (no personal data: ids, kinds, times, counts), and a
 * NOTIFY tells the live hub which conversation changed.
 */
export const createInbox = (deps: InboxDeps) => {
  const { pool, store, vault } = deps;

  const touch = async (
    orgId: string,
    clientId: string,
    channel: InboxChannel,
    kind: InboundKind,
    direction: 'in' | 'out',
    at: number,
  ) => {
    await pool.query(
      `INSERT INTO inbox_threads (org_id, client_id, channel, last_kind, last_direction, last_at, unread)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5 = 'in' THEN 1 ELSE 0 END)
       ON CONFLICT (client_id) DO UPDATE SET channel = EXCLUDED.channel, last_kind = EXCLUDED.last_kind,
         last_direction = EXCLUDED.last_direction, last_at = EXCLUDED.last_at,
         unread = CASE WHEN EXCLUDED.last_direction = 'in' THEN inbox_threads.unread + 1 ELSE 0 END`,
      [orgId, clientId, channel, kind, direction, new Date(at)],
    );
    await pool.query('SELECT pg_notify($1, $2)', [INBOX_CHANGES_CHANNEL, `${orgId}/${clientId}`]);
  };

  const history = async (clientId: string) => {
    const stream = await store.readStream(inboxStreamName(clientId));
    return { version: stream.version, events: stream.events as InboxEvent[] };
  };

  /** A client's message from a messenger, already linked to their record. */
  const receive = async (message: {
    orgId: string;
    clientId: string;
    channel: InboxChannel;
    kind: InboundKind;
    body: MessageBody;
  }): Promise<void> => {
    const at = deps.now();
    const body = await vault.seal(message.clientId, message.body);
    const { version } = await history(message.clientId);
    const event: InboxEvent = {
      type: 'ClientMessageReceived',
      data: {
        messageId: randomUUID(),
        orgId: message.orgId,
        clientId: message.clientId,
        channel: message.channel,
        kind: message.kind,
        body,
        receivedAt: new Date(at).toISOString(),
      },
    };
    await store.appendMany([{ stream: inboxStreamName(message.clientId), expected: version, events: [event] }]);
    await touch(message.orgId, message.clientId, message.channel, message.kind, 'in', at);
  };

  /** The manager's answer, through the channel the client last wrote in. */
  const reply = async (actor: { orgId: string; userId: string }, clientId: string, text: string): Promise<InboxMessage> => {
    const clean = requireReplyText(text);
    const { version, events } = await history(clientId);
    // Another organization's client has no conversation here.
    const channel = replyChannel(events.filter((event) => event.data.orgId === actor.orgId));
    const at = deps.now();
    const messageId = randomUUID();
    const body: MessageBody = { text: clean };
    const event: InboxEvent = {
      type: 'ManagerReplied',
      data: {
        messageId,
        orgId: actor.orgId,
        clientId,
        channel,
        body: await vault.seal(clientId, body),
        repliedBy: actor.userId,
        repliedAt: new Date(at).toISOString(),
      },
    };
    await store.appendMany([{ stream: inboxStreamName(clientId), expected: version, events: [event] }]);
    await touch(actor.orgId, clientId, channel, 'text', 'out', at);
    return { id: messageId, direction: 'out', channel, kind: 'text', at, body };
  };

  /** The conversation with one client, oldest first; empty for another organization's client or an erased one. */
  const conversation = async (orgId: string, clientId: string): Promise<InboxMessage[]> => {
    const { events } = await history(clientId);
    const messages: InboxMessage[] = [];
    for (const event of events) {
      if (event.data.orgId !== orgId) return [];
      const body = await vault.open<MessageBody>(clientId, event.data.body).catch(() => null);
      if (!body) continue;
      messages.push(
        event.type === 'ClientMessageReceived'
          ? {
              id: event.data.messageId,
              direction: 'in',
              channel: event.data.channel,
              kind: event.data.kind,
              at: Date.parse(event.data.receivedAt),
              body,
            }
          : {
              id: event.data.messageId,
              direction: 'out',
              channel: event.data.channel,
              kind: 'text',
              at: Date.parse(event.data.repliedAt),
              body,
            },
      );
    }
    return messages;
  };

  /**
   * The newest conversations first, with the client's name opened for the panel; with `visible`, only
   * those of the clients it keeps (a manager's branches), read page by page until `limit` are found.
   */
  const threads = async (
    orgId: string,
    { limit = 100, visible }: { limit?: number; visible?: (clientIds: string[]) => Promise<ReadonlySet<string>> } = {},
  ): Promise<InboxThread[]> => {
    const found: InboxThread[] = [];
    for (let offset = 0; found.length < limit; offset += limit) {
      const { rows } = await pool.query<ThreadRow>(
        `SELECT client_id, channel, last_kind, last_direction, last_at, unread FROM inbox_threads
          WHERE org_id = $1 ORDER BY last_at DESC, client_id LIMIT $2 OFFSET $3`,
        [orgId, limit, offset],
      );
      const kept = visible ? await visible(rows.map((row) => row.client_id)) : null;
      const named = await Promise.all(
        rows
          .filter((row) => kept === null || kept.has(row.client_id))
          .map(async (row) => {
            const name = await deps.nameOf(row.client_id);
            if (name === null) return null;
            return {
              clientId: row.client_id,
              name,
              channel: row.channel,
              lastKind: row.last_kind,
              lastDirection: row.last_direction,
              lastAt: row.last_at.getTime(),
              unread: row.unread,
            };
          }),
      );
      for (const thread of named) if (thread !== null && found.length < limit) found.push(thread);
      if (rows.length < limit) break;
    }
    return found;
  };

  /** The manager opened the conversation: nothing unread in it any more. */
  const markRead = async (orgId: string, clientId: string) => {
    await pool.query('UPDATE inbox_threads SET unread = 0 WHERE org_id = $1 AND client_id = $2', [orgId, clientId]);
  };

  return { receive, reply, conversation, threads, markRead };
};

export type Inbox = ReturnType<typeof createInbox>;
