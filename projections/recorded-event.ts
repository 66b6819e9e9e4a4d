export type RecordedEvent = {
  type: string;
  data: Record<string, unknown>;
  streamName: string;
  streamPosition: number;
  globalPosition: bigint;
  transactionId: bigint;
  recordedAt: Date;
  metadata: Record<string, unknown>;
};

export type RecordedRow = {
  stream_id: string;
  position: number;
  global_position: string;
  transaction_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  created: Date;
};

/** Columns to select from emt_messages for `toRecorded`; int8 and xid8 come as text to stay exact. */
export const recordedColumns = `stream_id, stream_position::int AS position, global_position::text AS global_position,
  transaction_id::text AS transaction_id, message_type AS type, message_data AS data,
  message_metadata AS metadata, created`;

export const toRecorded = (row: RecordedRow): RecordedEvent => ({
  type: row.type,
  data: row.data,
  streamName: row.stream_id,
  streamPosition: row.position,
  globalPosition: BigInt(row.global_position),
  transactionId: BigInt(row.transaction_id),
  recordedAt: row.created,
  metadata: row.metadata,
});
