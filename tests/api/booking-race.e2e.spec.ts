import { describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const phone = (i: number) => `+7916${String(1_000_000 + i).slice(-7)}`;

const book = (body: Record<string, unknown>, i: number) =>
  server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    client: { name: `Клиент ${i}`, phone: phone(i) },
    ...body,
  });

type CalendarRow = { id: string; bayId: string; blockedFrom: string; blockedTo: string; status: string };

const calendarRows = async (days: number): Promise<CalendarRow[]> => {
  await server.waitForProjection();
  const from = startAt(server.branch, 0, '00:00');
  const to = startAt(server.branch, days, '00:00');
  const { body } = await server.api(
    'GET',
    `/api/calendar?branchId=${server.branch.id}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  );
  return body.events;
};

const overlapsOnSameBay = (rows: CalendarRow[]) => {
  const found: [string, string][] = [];
  for (const a of rows) {
    for (const b of rows) {
      if (
        a.id < b.id &&
        a.bayId === b.bayId &&
        Date.parse(a.blockedFrom) < Date.parse(b.blockedTo) &&
        Date.parse(b.blockedFrom) < Date.parse(a.blockedTo)
      ) {
        found.push([a.id, b.id]);
      }
    }
  }
  return found;
};

describe('Booking under contention', () => {
  it('gives one 201 and 49 409s to 50 concurrent requests for the same bay and time', async () => {
    const service = server.service('Замена масла');
    const bay = server.bays.find((candidate) => candidate.kinds.includes('lift'))!;
    const start = startAt(server.branch, 3, '10:00');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book({ serviceId: service.id, bayId: bay.id, start }, i)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    const refused = responses.find((response) => response.status === 409)!;
    expect(refused.body.code).toBe('SLOT_TAKEN');
    expect(refused.body.alternatives.length).toBeGreaterThan(0);
    const rows = (await calendarRows(5)).filter(
      (row) => row.bayId === bay.id && row.blockedFrom === new Date(Date.parse(start)).toISOString(),
    );
    expect(rows).toHaveLength(1);
  });

  it('fills every free bay without overlap when no bay is named', async () => {
    const service = server.service('Замена масла');
    const liftBays = server.bays.filter((bay) => bay.kinds.includes('lift'));
    const start = startAt(server.branch, 4, '12:00');
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => book({ serviceId: service.id, start }, 100 + i)));
    const accepted = responses.filter((response) => response.status === 201);
    expect(accepted).toHaveLength(liftBays.length);
    expect(new Set(accepted.map((response) => response.body.bayId)).size).toBe(liftBays.length);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(20 - liftBays.length);
  });

  it('never overlaps 20 concurrent multi-day bookings that collide in different ways', async () => {
    const body = server.service('Кузовной ремонт');
    // 16 working hours over 09:00–20:00 days: each job spans two days; starts interleave by hours and days.
    const starts = Array.from({ length: 20 }, (_, i) =>
      startAt(server.branch, 6 + (i % 4), `${String(9 + ((i * 3) % 10)).padStart(2, '0')}:00`),
    );
    const responses = await Promise.all(starts.map((start, i) => book({ serviceId: body.id, start }, 200 + i)));
    const accepted = responses.filter((response) => response.status === 201);
    expect(accepted.length).toBeGreaterThan(0);
    // Every other answer is listed whole, so a rare one says what it was.
    expect(responses.filter((response) => response.status !== 201 && response.status !== 409)).toEqual([]);
    const rows = await calendarRows(40);
    const bodyRows = rows.filter((row) => accepted.some((response) => response.body.id === row.id));
    expect(bodyRows.length).toBeGreaterThanOrEqual(accepted.length * 2);
    expect(overlapsOnSameBay(rows)).toEqual([]);
    const anomalies = await server.runtime.pool.query('SELECT count(*)::int AS n FROM rm.anomalies');
    expect(anomalies.rows[0].n).toBe(0);
  });

  it('creates one booking for a double-tapped request with the same Idempotency-Key', async () => {
    const service = server.service('Диагностика');
    const start = startAt(server.branch, 5, '15:00');
    const headers = { 'idempotency-key': `tap-${Date.now()}-twice` };
    const before = await server.eventCount();
    const [first, second] = await Promise.all([
      server.api(
        'POST',
        '/api/bookings',
        { branchId: server.branch.id, serviceId: service.id, start, client: { name: 'Анна', phone: '+79165550001' } },
        headers,
      ),
      server.api(
        'POST',
        '/api/bookings',
        { branchId: server.branch.id, serviceId: service.id, start, client: { name: 'Анна', phone: '+79165550001' } },
        headers,
      ),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const bookingEvents = await server.runtime.pool.query(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'BookingRequested' AND stream_id = $1`,
      [`booking-${first.body.id}`],
    );
    expect(bookingEvents.rows[0].n).toBe(1);
    const retried = await server.api(
      'POST',
      '/api/bookings',
      { branchId: server.branch.id, serviceId: service.id, start, client: { name: 'Анна', phone: '+79165550001' } },
      headers,
    );
    expect(retried.body.id).toBe(first.body.id);
    // Client registration, the owner who booked them answering for them, slot reservation and the
    // booking: four events, once.
    expect((await server.eventCount()) - before).toBe(4);
  });
});
