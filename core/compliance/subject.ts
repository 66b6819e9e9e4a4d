import type { Pool } from 'pg';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import type { PlacedBooking } from '../../domain/booking/booking.ts';
import { clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName, type Client } from '../../domain/client/client.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { recordedColumns, toRecorded, type RecordedEvent, type RecordedRow } from '../../projections/recorded-event.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { Vault } from '../vault/vault.ts';

/**
 * Everything the event log holds about one person: their client stream and the streams of the
 * bookings made for them, found in the log itself (not a read model), in commit order.
 */
export type SubjectHistory = {
  clientId: string;
  orgId: string | null;
  state: Client;
  streams: string[];
  events: RecordedEvent[];
  bookings: PlacedBooking[];
};

export const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 2 &&
  typeof (value as Sealed).iv === 'string' &&
  typeof (value as Sealed).data === 'string';

export const readSubjectHistory = async (pool: Pool, clientId: string): Promise<SubjectHistory> => {
  const clientStream = clientStreamName(clientId);
  const { rows: bookingRows } = await pool.query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM emt_messages
      WHERE message_type = 'BookingRequested' AND message_data->>'clientId' = $1
        AND partition = 'emt:default' AND NOT is_archived`,
    [clientId],
  );
  const streams = [clientStream, ...bookingRows.map((row) => row.stream_id).sort()];
  const { rows } = await pool.query<RecordedRow>(
    `SELECT ${recordedColumns} FROM emt_messages m
      WHERE m.stream_id = ANY($1::text[]) AND m.partition = 'emt:default' AND NOT m.is_archived
      -- Qualified: the selected columns are text aliases of the same names, which sort as text («1028» < «824»).
      ORDER BY m.transaction_id, m.global_position`,
    [streams],
  );
  const events = rows.map(toRecorded);
  const clientEvents = events.filter((event) => event.streamName === clientStream);
  const state = aggregate(clientDecider, clientEvents);
  const orgId = (clientEvents.find((event) => typeof event.data.orgId === 'string')?.data.orgId as string | undefined) ?? null;
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (event.streamName === clientStream) continue;
    byStream.set(event.streamName, [...(byStream.get(event.streamName) ?? []), event]);
  }
  const bookings = [...byStream.values()]
    .map((list) => aggregate(bookingDecider, list))
    .filter((booking): booking is PlacedBooking => booking.status !== 'Empty' && booking.orgId === orgId)
    .sort((a, b) => a.start.localeCompare(b.start));
  return { clientId, orgId, state, streams, events, bookings };
};

export type Opened = { sealed: true; value: unknown } | { sealed: true; erased: true } | { sealed: true; unreadable: true };

/** A copy of event data with every sealed value opened with the client's key (or marked as shredded). */
export const openDeep = async (vault: Vault, clientId: string, value: unknown): Promise<unknown> => {
  if (isSealed(value)) {
    try {
      const plain = await vault.open(clientId, value);
      return plain === null
        ? ({ sealed: true, erased: true } satisfies Opened)
        : ({ sealed: true, value: plain } satisfies Opened);
    } catch {
      return { sealed: true, unreadable: true } satisfies Opened;
    }
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => openDeep(vault, clientId, item)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await openDeep(vault, clientId, item)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
};

/** Names of the fields found inside a client's sealed values (never the values): what an erasure destroys. */
export const sealedFieldNames = async (vault: Vault, history: SubjectHistory): Promise<string[]> => {
  const names = new Set<string>();
  const collect = (value: unknown, parent: string | null) => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || item === null || item === '') continue;
      if (typeof item === 'object' && !Array.isArray(item)) collect(item, key);
      else names.add(key === 'userId' && parent === null ? 'telegram' : key);
    }
  };
  for (const event of history.events) {
    for (const [field, value] of Object.entries(event.data)) {
      if (!isSealed(value)) continue;
      const plain = await vault.open(history.clientId, value).catch(() => null);
      if (field === 'telegram') names.add('telegram');
      else if (field === 'evidence') names.add('evidence');
      else collect(plain, null);
    }
  }
  return [...names];
};
