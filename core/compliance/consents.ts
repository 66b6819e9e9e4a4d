import type { Pool } from 'pg';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName, type ClientEvent } from '../../domain/client/client.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';

/** `by`: the staff member who recorded it (a paper consent, a withdrawal by phone); null when the client did it in the bot. */
export type ConsentChange = {
  event: 'ConsentGiven' | 'ConsentWithdrawn';
  noticeVersion: string | null;
  at: string;
  by: string | null;
};

export type ConsentStatus = {
  clientId: string;
  purpose: string;
  /** `erased`: the client's data were destroyed, and with them the consent's evidence; nothing is processed. */
  status: 'given' | 'withdrawn' | 'erased';
  noticeVersion: string | null;
  textHash: string | null;
  since: string;
  history: ConsentChange[];
};

/**
 * The consent registry: per client and purpose, the current status and every change, read from
 * the client streams of the organization (the append metadata names it). Evidence stays sealed.
 */
export const consentRegistry = async (
  pool: Pool,
  orgId: string,
  filter: { clientId?: string; purpose?: string } = {},
): Promise<ConsentStatus[]> => {
  const { rows } = await pool.query<{
    stream_id: string;
    type: 'ConsentGiven' | 'ConsentWithdrawn' | 'ClientErased';
    data: Record<string, string>;
    by: string | null;
  }>(
    `SELECT stream_id, message_type AS type, message_data AS data, message_metadata->>'userId' AS by FROM emt_messages
      WHERE message_type IN ('ConsentGiven', 'ConsentWithdrawn', 'ClientErased') AND partition = 'emt:default'
        AND NOT is_archived AND message_metadata->>'orgId' = $1
        AND ($2::text IS NULL OR stream_id = $2)
        AND ($3::text IS NULL OR message_data->>'purpose' = $3 OR message_type = 'ClientErased')
      ORDER BY transaction_id, global_position
      LIMIT 100000`,
    [orgId, filter.clientId ? `client-${filter.clientId}` : null, filter.purpose ?? null],
  );
  const registry = new Map<string, ConsentStatus>();
  for (const row of rows) {
    const clientId = row.stream_id.slice('client-'.length);
    if (row.type === 'ClientErased') {
      for (const entry of registry.values()) {
        if (entry.clientId === clientId) Object.assign(entry, { status: 'erased', since: row.data.erasedAt ?? entry.since });
      }
      continue;
    }
    const purpose = row.data.purpose!;
    const at = (row.type === 'ConsentGiven' ? row.data.givenAt : row.data.withdrawnAt) ?? '';
    const key = `${clientId}:${purpose}`;
    const entry = registry.get(key) ?? {
      clientId,
      purpose,
      status: 'given' as const,
      noticeVersion: null,
      textHash: null,
      since: at,
      history: [],
    };
    entry.history.push({ event: row.type, noticeVersion: row.data.noticeVersion ?? null, at, by: row.by });
    if (row.type === 'ConsentGiven') {
      Object.assign(entry, {
        status: 'given',
        noticeVersion: row.data.noticeVersion ?? null,
        textHash: row.data.textHash ?? null,
        since: at,
      });
    } else {
      Object.assign(entry, { status: 'withdrawn', since: at });
    }
    registry.set(key, entry);
  }
  return [...registry.values()].sort((a, b) => b.since.localeCompare(a.since) || a.clientId.localeCompare(b.clientId));
};

export type ClientConsentLine = { purpose: string; event: ClientEvent['type']; noticeVersion: string | null; at: string };

/** One client's consents as their stream holds them: the purposes given now, and every change. */
export const clientConsents = async (store: EventStore, clientId: string) => {
  const stream = await store.readStream(clientStreamName(clientId));
  const events = stream.events as ClientEvent[];
  const state = aggregate(clientDecider, events);
  const history = events.flatMap((event): ClientConsentLine[] =>
    event.type === 'ConsentGiven'
      ? [{ purpose: event.data.purpose, event: event.type, noticeVersion: event.data.noticeVersion, at: event.data.givenAt }]
      : event.type === 'ConsentWithdrawn'
        ? [{ purpose: event.data.purpose, event: event.type, noticeVersion: null, at: event.data.withdrawnAt }]
        : [],
  );
  return { current: state.status === 'Active' ? state.consents : [], history };
};

/**
 * Which of these clients withdrew their consent to the processing of their data (the last word on
 * `personal-data` in their stream is a withdrawal): the station stops writing to them on every
 * channel, as the bot promises when they withdraw.
 */
export const withdrawnAmong = async (pool: Pool, clientIds: readonly string[]): Promise<Set<string>> => {
  if (clientIds.length === 0) return new Set();
  const { rows } = await pool.query<{ stream_id: string }>(
    `SELECT stream_id FROM (
       SELECT DISTINCT ON (stream_id) stream_id, message_type FROM emt_messages
        WHERE stream_id = ANY($1::text[]) AND partition = 'emt:default' AND NOT is_archived
          AND message_type IN ('ConsentGiven', 'ConsentWithdrawn') AND message_data->>'purpose' = 'personal-data'
        ORDER BY stream_id, global_position DESC
     ) last WHERE message_type = 'ConsentWithdrawn'`,
    [clientIds.map((clientId) => clientStreamName(clientId))],
  );
  return new Set(rows.map((row) => row.stream_id.slice('client-'.length)));
};
