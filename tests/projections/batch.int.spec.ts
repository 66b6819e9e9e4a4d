import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyEvents } from '../../projections/apply.ts';
import type { BookingTouched } from '../../projections/read-model.ts';
import type { RecordedEvent } from '../../projections/recorded-event.ts';
import { createReadModelSchema } from '../../projections/registry.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const HOUR = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();
const base = Date.UTC(2031, 2, 3, 7);

type Step = { stream: string; type: string; data: Record<string, unknown> };

/** Steps as the log would hand them over, from position `first` on. */
const recordedAs = (steps: Step[], first: number, since: number): RecordedEvent[] =>
  steps.map((step, i) => ({
    type: step.type,
    data: step.data,
    streamName: step.stream,
    streamPosition: 1,
    globalPosition: BigInt(first + i),
    transactionId: BigInt(first + i),
    recordedAt: new Date(since + i * 1000),
    metadata: {},
  }));

/** A one-hour booking requested on `bayId` from `from`. */
const requested = (bookingId: string, bayId: string, from: number, client: string = randomUUID(), details: unknown = null) => ({
  stream: `booking-${bookingId}`,
  type: 'BookingRequested',
  data: {
    bookingId,
    orgId: server.branch.orgId,
    branchId: server.branch.id,
    bayId,
    serviceIds: [server.services[0]!.id],
    start: at(from),
    end: at(from + HOUR),
    segments: [{ date: at(from).slice(0, 10), from: at(from), to: at(from + HOUR) }],
    clientId: client,
    channel: 'panel',
    details,
    requestedBy: null,
    requestedAt: at(base - 86_400_000),
  },
});

/** A scripted history whose events meet inside one batch: every path the in-memory fold takes. */
const script = async () => {
  const orgId = server.branch.orgId;
  const [bayA, bayB] = [server.bays[0]!.id, server.bays[1]!.id];
  const { vault } = server.runtime.deps;
  const { clientId } = await vault.claimClient(
    orgId,
    await vault.phoneHash(orgId, `+7903${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`),
  );
  const ids = { moved: randomUUID(), cancelled: randomUUID(), clashing: randomUUID(), erasedOnes: randomUUID() };
  const steps: Step[] = [
    // A booking that moves bay and grows: the bay of its resize is the one it moved to in this batch.
    requested(ids.moved, bayA, base),
    { stream: `booking-${ids.moved}`, type: 'BookingConfirmed', data: { bookingId: ids.moved, confirmedAt: at(base - HOUR) } },
    {
      stream: `booking-${ids.moved}`,
      type: 'BookingRescheduled',
      data: {
        bookingId: ids.moved,
        bayId: bayB,
        start: at(base + 2 * HOUR),
        end: at(base + 3 * HOUR),
        segments: [{ date: at(base).slice(0, 10), from: at(base + 2 * HOUR), to: at(base + 3 * HOUR) }],
        rescheduledBy: null,
        rescheduledAt: at(base - HOUR),
      },
    },
    {
      stream: `booking-${ids.moved}`,
      type: 'BookingDurationChanged',
      data: {
        bookingId: ids.moved,
        end: at(base + 4 * HOUR),
        segments: [{ date: at(base).slice(0, 10), from: at(base + 2 * HOUR), to: at(base + 4 * HOUR) }],
        workMinutes: 120,
        changedBy: null,
        changedAt: at(base - HOUR),
      },
    },
    {
      stream: `booking-${ids.moved}`,
      type: 'CallOutcomeRecorded',
      data: { bookingId: ids.moved, outcome: 'reached', recordedBy: null, recordedAt: at(base - HOUR) },
    },
    {
      stream: `booking-${ids.moved}`,
      type: 'BookingAssigned',
      data: { bookingId: ids.moved, mechanicId: randomUUID(), assignedBy: null, assignedAt: at(base - HOUR) },
    },
    {
      stream: `booking-${ids.moved}`,
      type: 'BookingOverran',
      data: { bookingId: ids.moved, heldUntil: at(base + 4.5 * HOUR), recordedAt: at(base - HOUR) },
    },
    // Requested and cancelled together: its time on bay A is free again for the next one.
    requested(ids.cancelled, bayA, base + 6 * HOUR),
    {
      stream: `booking-${ids.cancelled}`,
      type: 'BookingCancelled',
      data: { bookingId: ids.cancelled, reason: 'client_request', cancelledBy: null, cancelledAt: at(base - HOUR) },
    },
    // Overlaps the moved booking's new place on bay B: an anomaly, no calendar row, nothing thrown.
    requested(ids.clashing, bayB, base + 3 * HOUR),
    // A client registered, given a car and a booking with details, then erased, all in one batch.
    {
      stream: `client-${clientId}`,
      type: 'ClientRegistered',
      data: {
        clientId,
        orgId,
        phoneHash: 'h',
        profile: await vault.seal(clientId, { name: 'Анна', phone: '+79030000001' }),
        channel: 'panel',
        registeredAt: at(base - 2 * 86_400_000),
      },
    },
    {
      stream: `client-${clientId}`,
      type: 'CarAdded',
      data: {
        clientId,
        carId: randomUUID(),
        car: await vault.seal(clientId, { make: 'Lada', plate: 'А001АА77' }),
        addedAt: at(base),
      },
    },
    requested(
      ids.erasedOnes,
      bayA,
      base + 6 * HOUR,
      clientId,
      await vault.seal(clientId, { car: { make: 'Lada', model: 'Vesta', plate: 'А001АА77' }, comment: 'стучит' }),
    ),
    {
      stream: `client-${clientId}`,
      type: 'ClientErased',
      data: { clientId, reason: 'request', erasedBy: null, erasedAt: at(base) },
    },
    // A step after the erasure still lands on the scrubbed row.
    {
      stream: `booking-${ids.erasedOnes}`,
      type: 'BookingConfirmed',
      data: { bookingId: ids.erasedOnes, confirmedAt: at(base - HOUR) },
    },
  ];
  const events = recordedAs(steps, 1_000_000, base - 3 * HOUR);
  return { events, ids, clientId, bayA, bayB };
};

const tables = {
  bookings: 'SELECT * FROM %s.bookings ORDER BY id',
  calendar: 'SELECT booking_id, day, bay_id, during::text FROM %s.calendar ORDER BY booking_id, day',
  clients: 'SELECT * FROM %s.clients ORDER BY id',
  anomalies: 'SELECT global_position::text, event_type, problem FROM %s.anomalies ORDER BY global_position, problem',
  kpi_bookings: 'SELECT * FROM %s.kpi_bookings ORDER BY booking_id',
  import_branches: 'SELECT * FROM %s.import_branches ORDER BY org_id, batch_id',
};

const snapshot = async (schema: string) => {
  const result: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(tables)) {
    result[table] = (await server.runtime.pool.query(sql.replace('%s', schema))).rows;
  }
  return result;
};

/** Applies the events into a fresh schema in the given batches; the bookings each batch touched. */
const applyIn = async (schema: string, batches: RecordedEvent[][]) => {
  const client = await server.runtime.pool.connect();
  try {
    await client.query(createReadModelSchema(schema));
    const touched: BookingTouched[][] = [];
    for (const batch of batches) {
      touched.push(await applyEvents(client, schema, batch, server.runtime.deps.vault.open, { live: true }));
    }
    return touched;
  } finally {
    client.release();
  }
};

describe('A batch of events applied at once', () => {
  it('leaves the same rows as the same events applied one by one, and the ones the script implies', async () => {
    const { events, ids, clientId, bayA, bayB } = await script();
    await applyIn(
      'batch_one_by_one',
      events.map((event) => [event]),
    );
    const touched = await applyIn('batch_all_at_once', [events]);
    const split = Math.floor(events.length / 2);
    await applyIn('batch_in_halves', [events.slice(0, split), events.slice(split)]);

    const reference = await snapshot('batch_one_by_one');
    expect(await snapshot('batch_all_at_once')).toEqual(reference);
    expect(await snapshot('batch_in_halves')).toEqual(reference);

    const pool = server.runtime.pool;
    const moved = (await pool.query('SELECT * FROM batch_all_at_once.bookings WHERE id = $1', [ids.moved])).rows[0];
    expect(moved).toMatchObject({ status: 'Confirmed', bay_id: bayB, version: 7, last_call_outcome: 'reached' });
    expect(moved.end_at.toISOString()).toBe(at(base + 4 * HOUR));
    expect(moved.held_until.toISOString()).toBe(at(base + 4.5 * HOUR));
    expect(moved.mechanic_id).not.toBeNull();

    const calendar = await pool.query('SELECT booking_id, bay_id, during::text AS during FROM batch_all_at_once.calendar');
    expect(calendar.rows.map((row) => [row.booking_id, row.bay_id]).sort()).toEqual(
      [
        [ids.moved, bayB],
        [ids.erasedOnes, bayA],
      ].sort(),
    );

    const anomalies = await pool.query('SELECT global_position::text AS position, problem FROM batch_all_at_once.anomalies');
    expect(anomalies.rows).toEqual([
      {
        position: events.find((event) => event.streamName === `booking-${ids.clashing}`)!.globalPosition.toString(),
        problem: expect.stringMatching(/^overlap on bay /),
      },
    ]);
    const clashing = await pool.query('SELECT status FROM batch_all_at_once.bookings WHERE id = $1', [ids.clashing]);
    expect(clashing.rows).toEqual([{ status: 'New' }]);

    const cancelled = await pool.query('SELECT status, cancel_reason FROM batch_all_at_once.bookings WHERE id = $1', [
      ids.cancelled,
    ]);
    expect(cancelled.rows).toEqual([{ status: 'Cancelled', cancel_reason: 'client_request' }]);

    const client = await pool.query('SELECT name, phone, cars, erased FROM batch_all_at_once.clients WHERE id = $1', [clientId]);
    expect(client.rows).toEqual([{ name: null, phone: null, cars: [], erased: true }]);
    const scrubbed = await pool.query('SELECT status, car, plate, comment FROM batch_all_at_once.bookings WHERE id = $1', [
      ids.erasedOnes,
    ]);
    expect(scrubbed.rows).toEqual([{ status: 'Confirmed', car: null, plate: null, comment: null }]);

    // The live hub hears of every booking once per batch, in the order they were first touched.
    expect(touched[0]!.map((t) => t.bookingId)).toEqual([ids.moved, ids.cancelled, ids.clashing, ids.erasedOnes]);
  });

  it('scrubs an erased client from bookings stored by earlier batches', async () => {
    const { events, ids, clientId } = await script();
    const erasure = events.findIndex((event) => event.type === 'ClientErased');
    const plateOf = async () =>
      (await server.runtime.pool.query('SELECT car, plate FROM batch_erased_later.bookings WHERE id = $1', [ids.erasedOnes]))
        .rows[0];
    await applyIn('batch_erased_later', [events.slice(0, erasure)]);
    expect(await plateOf()).toEqual({ car: 'Lada Vesta', plate: 'А001АА77' });
    const client = await server.runtime.pool.connect();
    try {
      await applyEvents(client, 'batch_erased_later', events.slice(erasure), server.runtime.deps.vault.open, { live: true });
    } finally {
      client.release();
    }
    expect(await plateOf()).toEqual({ car: null, plate: null });
    const erased = await server.runtime.pool.query('SELECT name, erased FROM batch_erased_later.clients WHERE id = $1', [
      clientId,
    ]);
    expect(erased.rows).toEqual([{ name: null, erased: true }]);
  });

  it('ties an imported client to the branch of their file whichever comes first, and passes over a commit without proper ids', async () => {
    const orgId = server.branch.orgId;
    const branchId = server.branch.id;
    const { vault } = server.runtime.deps;
    // A file's SHA-256 in hex (one of digits alone would come back from jsonb as a BigInt: Emmett's parser).
    const batchOf = (n: number) => `f${n}`.repeat(32);
    const imported = async (batch: string) => {
      const phone = `+7903${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      const { clientId } = await vault.claimClient(orgId, await vault.phoneHash(orgId, phone));
      const event = {
        stream: `client-${clientId}`,
        type: 'ClientImported',
        data: {
          clientId,
          orgId,
          batchId: batch,
          row: 2,
          phoneHash: 'h',
          profile: await vault.seal(clientId, { name: 'Импорт', phone }),
          visits: null,
          lastVisitAt: null,
          importedAt: at(base),
        },
      };
      return { clientId, event };
    };
    const committed = (batch: string, branch: unknown) => ({
      stream: `import-${orgId}_${batch}`,
      type: 'ImportCommitted',
      data: { batchId: batch, orgId, branchId: branch, fileName: 'clients.csv', committedAt: at(base) },
    });
    const before = await imported(batchOf(1));
    const after = await imported(batchOf(2));
    const twice = await imported(batchOf(1));
    const steps = [
      before.event,
      committed(batchOf(1), branchId),
      // The commit of file 2 reaches the fold before its row: the branch still reaches the client.
      committed(batchOf(2), branchId),
      after.event,
      // The same file again: the first commit's branch stays.
      committed(batchOf(1), randomUUID()),
      twice.event,
      { ...twice.event, data: { ...twice.event.data, row: 3 } },
      // No branch, or one that is no id: nothing recorded, nothing thrown.
      committed(batchOf(3), null),
      committed(batchOf(4), 'not-a-branch'),
    ];
    const events = recordedAs(steps, 2_000_000, base);
    await applyIn(
      'imports_one_by_one',
      events.map((event) => [event]),
    );
    await applyIn('imports_all_at_once', [events]);
    const reference = await snapshot('imports_one_by_one');
    expect(await snapshot('imports_all_at_once')).toEqual(reference);
    expect(reference.import_branches).toEqual([
      { org_id: orgId, batch_id: batchOf(1), branch_id: branchId },
      { org_id: orgId, batch_id: batchOf(2), branch_id: branchId },
    ]);
    const batches = Object.fromEntries(
      (reference.clients as { id: string; import_batches: string[] }[]).map((row) => [row.id, row.import_batches]),
    );
    expect(batches).toEqual({
      [before.clientId]: [batchOf(1)],
      [after.clientId]: [batchOf(2)],
      [twice.clientId]: [batchOf(1)],
    });
  });

  it('places a batch of back-to-back bookings around one stored before, and refuses only the one that overlaps it', async () => {
    const bay = server.bays[2]!.id;
    const ids = { stored: randomUUID(), before: randomUUID(), clashing: randomUUID(), after: randomUUID() };
    const [stored, ...batch] = recordedAs(
      [
        requested(ids.stored, bay, base + HOUR),
        // Each meets the next (meeting is no overlap); the middle one overlaps the stored booking.
        requested(ids.before, bay, base),
        requested(ids.clashing, bay, base + HOUR),
        requested(ids.after, bay, base + 2 * HOUR),
      ],
      3_000_000,
      base - 3 * HOUR,
    );
    await applyIn('batch_back_to_back', [[stored!], batch]);
    const calendar = await server.runtime.pool.query('SELECT booking_id FROM batch_back_to_back.calendar ORDER BY lower(during)');
    expect(calendar.rows.map((row) => row.booking_id)).toEqual([ids.before, ids.stored, ids.after]);
    const anomalies = await server.runtime.pool.query(
      'SELECT global_position::text AS position, problem FROM batch_back_to_back.anomalies',
    );
    expect(anomalies.rows).toEqual([
      { position: batch[1]!.globalPosition.toString(), problem: expect.stringMatching(/^overlap on bay /) },
    ]);
  });
});
