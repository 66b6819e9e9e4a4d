import type { RecordedEvent } from './recorded-event.ts';

// ───────────────────────────── Why a quarantine ─────────────────────────────
// A follower (a read model, a reactor) that cannot apply an event must not stop there: every
// organization's board would freeze behind it. An event that fails on its own a few times is set
// aside here with what went wrong (in words, no personal data), the follower's checkpoint moves past
// it, and `npm run replay` applies it again once the code is fixed.

/** What kind of trouble an event gave, as the owner is told it. */
export const failureKinds = ['time', 'text', 'shape', 'conflict', 'other'] as const;
export type FailureKind = (typeof failureKinds)[number];

export type Failure = {
  kind: FailureKind;
  /** The error's message with every quoted value taken out: PostgreSQL and JSON errors quote the data. */
  message: string;
  /** A lost connection, a lock or a timeout: likely gone on the next try, so it is given more of them. */
  passing: boolean;
};

const MESSAGE_LIMIT = 300;

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : '';

// SQLSTATE classes of trouble that passes: connection (08), rollback (40), resources (53), lock not
// available (55P03), operator intervention such as a statement timeout (57), system (58).
const PASSING_STATE = /^(08|40|53|55P03|57|58)/;
const PASSING_NODE = /^(ECONN|ETIMEDOUT|EPIPE|EAI_AGAIN)/;
const PASSING_TEXT = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

const kindOf = (error: unknown, code: string): FailureKind => {
  if (['22007', '22008', '22009', '22015'].includes(code)) return 'time';
  if (['22P05', '22021', '22P06'].includes(code)) return 'text';
  if (code === '23P01') return 'conflict';
  if (code.startsWith('22') || code.startsWith('23')) return 'shape';
  if (error instanceof RangeError) return 'time';
  if (error instanceof TypeError || error instanceof SyntaxError) return 'shape';
  return 'other';
};

/** Quoted values out, control characters out, cut short: what may be kept and shown about an error. */
export const scrubMessage = (message: string): string =>
  message
    .replace(/"[^"]*"|'[^']*'|«[^»]*»|`[^`]*`/g, '…')
    .replace(/[\p{Cc}\p{Cs}]+/gu, ' ')
    .slice(0, MESSAGE_LIMIT);

export const describeFailure = (error: unknown): Failure => {
  const code = codeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  return {
    kind: kindOf(error, code),
    message: scrubMessage(code ? `${code}: ${text}` : text),
    passing: PASSING_STATE.test(code) || PASSING_NODE.test(code) || PASSING_TEXT.test(text),
  };
};

// ───────────────────────────── Tries ─────────────────────────────

/**
 * Tries an event gets before it is set aside. A lasting failure (the data, the code) is tried again
 * at once: waiting would only hold back every organization behind it. A passing one (a lost
 * connection, a lock, a timeout) is tried again on later rounds, after a pause, more times.
 */
export const TRIES = { lasting: 3, passing: 10 } as const;

const keyOf = (event: RecordedEvent) => `${event.transactionId}:${event.globalPosition}`;

/** How often each event failed on its own, in this process; an event that applies or is set aside is forgotten. */
export const createFailureTally = (tries: { lasting: number; passing: number } = TRIES) => {
  const failures = new Map<string, number>();
  return {
    fail: (event: RecordedEvent, failure: Failure): { attempts: number; exhausted: boolean } => {
      const attempts = (failures.get(keyOf(event)) ?? 0) + 1;
      const exhausted = attempts >= (failure.passing ? tries.passing : tries.lasting);
      if (exhausted) failures.delete(keyOf(event));
      else failures.set(keyOf(event), attempts);
      return { attempts, exhausted };
    },
    forget: (event: RecordedEvent) => {
      failures.delete(keyOf(event));
    },
  };
};

export type FailureTally = ReturnType<typeof createFailureTally>;

export type Settled = { outcome: 'applied' } | { outcome: 'aside'; failure: Failure; attempts: number } | { outcome: 'later' };

/**
 * What becomes of an event that just failed with `error`: `again` applies it once more and returns
 * the error, or null when it went through. It is tried again at once while its failure is lasting,
 * set aside when it has had its tries, and left for a later round while its failure is passing.
 */
export const settleFailure = async (
  tally: FailureTally,
  event: RecordedEvent,
  error: unknown,
  again: () => Promise<unknown>,
): Promise<Settled> => {
  let failure = describeFailure(error);
  for (;;) {
    const { attempts, exhausted } = tally.fail(event, failure);
    if (exhausted) return { outcome: 'aside', failure, attempts };
    if (failure.passing) return { outcome: 'later' };
    const next = await again();
    if (next === null) {
      tally.forget(event);
      return { outcome: 'applied' };
    }
    failure = describeFailure(next);
  }
};

// ───────────────────────────── Rows ─────────────────────────────

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization an event belongs to, when it says so in a form that can be trusted. */
const orgOf = (event: RecordedEvent): string | null => {
  for (const candidate of [event.metadata?.orgId, event.data?.orgId]) {
    if (typeof candidate === 'string' && UUID.test(candidate)) return candidate;
  }
  return null;
};

/** Names as the log holds them; a malformed event written straight into the log may hold anything. */
const label = (value: string) => scrubMessage(value).slice(0, 200);

/** Columns every quarantine shares, beside the follower's own key: the event, what went wrong, when. */
export const quarantineColumns = /* sql */ `
  transaction_id xid8 NOT NULL,
  global_position bigint NOT NULL,
  stream_id text NOT NULL,
  event_type text NOT NULL,
  org_id uuid,
  kind text NOT NULL,
  error text NOT NULL,
  attempts int NOT NULL,
  recorded_at timestamptz NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now()`;

/** The values for `quarantineColumns` (without quarantined_at), in their order. */
export const quarantineValues = (event: RecordedEvent, failure: Failure, attempts: number): unknown[] => [
  event.transactionId.toString(),
  event.globalPosition.toString(),
  label(event.streamName),
  label(event.type),
  orgOf(event),
  failure.kind,
  failure.message,
  attempts,
  event.recordedAt,
];

export const quarantineInsertColumns =
  'transaction_id, global_position, stream_id, event_type, org_id, kind, error, attempts, recorded_at';
