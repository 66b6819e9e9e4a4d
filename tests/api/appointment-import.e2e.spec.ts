import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const data = path.resolve(import.meta.dirname, '../../../shared/data');
const XLSX = 'appointments-week.xlsx';
const CSV = 'appointments-week.csv';

// The diary's week is 11–15 January 2027: the station imports it on the Monday before.
const NOW = Date.parse('2027-01-04T10:00:00+03:00');

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
});
afterAll(async () => {
  await server?.stop();
});

const send = async (route: string, name: string, query: Record<string, string> = {}, bytes?: Uint8Array) => {
  const search = new URLSearchParams({ fileName: name, branchId: server.branch.id, ...query });
  const response = await fetch(`${server.url}${route}?${search.toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' },
    body: bytes ?? readFileSync(path.join(data, name)),
  });
  return { status: response.status, body: (await response.json()) as any };
};
const preview = (name: string, query?: Record<string, string>) => send('/api/imports/appointments/preview', name, query);
const commit = (name: string, query?: Record<string, string>) => send('/api/imports/appointments', name, query);

const eventsOfType = async (type: string) =>
  Number(
    (await server.runtime.pool.query('SELECT count(*)::int AS n FROM emt_messages WHERE message_type = $1', [type])).rows[0].n,
  );

const outcomes = (rows: { row: number; outcome: string; reason?: string; collidesWithRow?: number | null }[]) =>
  Object.fromEntries(
    rows.map((one) => [
      one.row,
      one.outcome === 'conflict' ? `conflict with ${one.collidesWithRow}` : (one.reason ?? one.outcome),
    ]),
  );

describe('Importing the diary of upcoming appointments', () => {
  let placed: { row: number; outcome: string; bookingId: string; start: string; bayId: string }[] = [];

  it('previews the works matched to the catalogue, the same car twice at one time and a row without a phone', async () => {
    const { status, body } = await preview(XLSX);
    expect(status).toBe(200);
    const serviceName = (id: string | null) => server.services.find((service) => service.id === id)?.name ?? null;
    expect(Object.fromEntries(body.works.map((works: any) => [works.text, serviceName(works.serviceId)]))).toEqual({
      'ТО, замена масла': 'Замена масла',
      развал: 'Развал-схождение',
      'шиномонтаж R16, 4 колеса': 'Шиномонтаж (4 колеса)',
      'диагностика ходовой': 'Диагностика ходовой',
      'замена масла': 'Замена масла',
      'замена масла + фильтр': 'Замена масла',
      'Развал-схождение': 'Развал-схождение',
      'кузовной ремонт, 2 дня (крыло, покраска)': 'Кузовной ремонт',
      'шиномонтаж R17 4 колеса': 'Шиномонтаж (4 колеса)',
      'ТО-2 (масло)': 'Замена масла',
      шиномонтаж: 'Шиномонтаж (4 колеса)',
    });
    expect(body.appointments).toHaveLength(15);
    expect(body.appointments.filter((one: any) => one.sameCarAs !== null).map((one: any) => [one.row, one.sameCarAs])).toEqual([
      [27, 26],
    ]);
    expect(body.rejections.map((one: any) => [one.row, one.reason])).toEqual([[14, 'NO_PHONE']]);
    expect(body.unknownBays).toEqual([]);
    expect(body.appointments.find((one: any) => one.row === 6)).toMatchObject({
      date: '2027-01-11',
      time: '10:30',
      bay: 'Подъемник 2',
    });
    expect(body.appointments.every((one: any) => one.alreadyBooked === false)).toBe(true);
  });

  it('books 12 rows through the booking command, reports the 2 conflicts with the rows they collide with', async () => {
    const refusedBefore = await eventsOfType('BookingRefused');
    const { status, body } = await commit(XLSX);
    expect(status).toBe(200);
    expect(body.counts).toEqual({ rows: 16, placed: 12, unchanged: 0, conflicts: 2, refused: 2 });
    expect(outcomes(body.rows)).toMatchObject({
      9: 'conflict with 8',
      22: 'conflict with 17',
      14: 'NO_PHONE',
      27: 'SAME_CAR',
    });
    placed = body.rows.filter((one: any) => one.outcome === 'placed');
    expect(placed).toHaveLength(12);
    // The diary's clashes are the station's own, not lost demand: no refusal for the KPIs.
    expect(await eventsOfType('BookingRefused')).toBe(refusedBefore);
    await server.waitForProjection();
    const guide = await server.api('GET', '/api/first-run', undefined, { authorization: `Bearer ${server.token}` });
    expect(guide.body.steps.find((one: { step: string }) => one.step === 'appointments')).toEqual({
      step: 'appointments',
      done: true,
    });
  });

  it('holds Подъёмник 2 with the body work from Wednesday 9:00 into Thursday', async () => {
    const body = placed.find((one) => one.row === 17)!;
    const lift2 = server.bays.find((bay) => bay.name === 'Подъёмник 2')!;
    expect(body.bayId).toBe(lift2.id);
    expect(body.start.slice(0, 16)).toBe('2027-01-13T09:00');
    const { body: details } = await server.api('GET', `/api/bookings/${body.bookingId}`, undefined, {
      authorization: `Bearer ${server.token}`,
    });
    expect(Date.parse(details.end)).toBe(Date.parse('2027-01-14T14:00:00+03:00'));
  });

  it('records the channel as import and makes Смирнов’s two entries one client', async () => {
    await server.waitForProjection();
    const auth = { authorization: `Bearer ${server.token}` };
    const [first, second] = await Promise.all(
      [5, 18].map(
        async (row) =>
          (await server.api('GET', `/api/bookings/${placed.find((one) => one.row === row)!.bookingId}`, undefined, auth)).body,
      ),
    );
    expect(first.channel).toBe('import');
    expect(first.clientId).toBe(second.clientId);
    const untouched = placed.find((one) => one.row === 12)!;
    expect(server.bays.find((bay) => bay.id === untouched.bayId)?.kinds).toContain('lift');
  });

  it('changes nothing when the same file or the same diary as CSV is imported again', async () => {
    const before = await server.eventCount();
    for (const name of [XLSX, CSV]) {
      const { status, body } = await commit(name);
      expect(status).toBe(200);
      expect(body.counts).toMatchObject({ placed: 0, unchanged: 12, conflicts: 2, refused: 2 });
    }
    expect(await server.eventCount()).toBe(before);
    const { body } = await preview(CSV);
    expect(body.appointments.filter((one: any) => one.alreadyBooked)).toHaveLength(12);
  });

  it('books the same car twice only when the station says so', async () => {
    const { body } = await commit(XLSX, { placeAnyway: JSON.stringify([27]) });
    expect(body.counts).toMatchObject({ placed: 1, unchanged: 12 });
    expect(outcomes(body.rows)[27]).toBe('placed');
  });

  it('leaves out the rows whose works the station unmaps, and books them for the service it chooses', async () => {
    const oil = server.service('Замена масла');
    const { body } = await preview(XLSX, { services: JSON.stringify({ 'ТО-2 (масло)': null, развал: oil.id }) });
    expect(body.works.find((works: any) => works.text === 'ТО-2 (масло)')).toMatchObject({ serviceId: null, confirmed: true });
    expect(body.works.find((works: any) => works.text === 'развал')).toMatchObject({ serviceId: oil.id, confirmed: true });
  });

  describe('refuses with a clear message and writes nothing', () => {
    it.each([
      ['malformed answers', { services: '{oops' }, 400, 'VALIDATION'],
      ['answers that are not service ids', { services: JSON.stringify({ развал: 5 }) }, 400, 'VALIDATION'],
      ['an unknown service', { services: JSON.stringify({ развал: '6f1c2d4e-0000-4000-8000-000000000000' }) }, 404, 'NOT_FOUND'],
      ['rows that are not numbers', { placeAnyway: '["27"]' }, 400, 'VALIDATION'],
      ['a branch that is not a uuid', { branchId: 'main' }, 400, 'VALIDATION'],
    ])('%s', async (_, query, status, code) => {
      const before = await server.eventCount();
      const answer = await commit(XLSX, query);
      expect([answer.status, answer.body.code]).toEqual([status, code]);
      expect(await server.eventCount()).toBe(before);
    });

    it('a client list instead of a diary', async () => {
      const bytes = readFileSync(path.join(data, 'clients-sample.csv'));
      const answer = await send('/api/imports/appointments', 'clients-sample.csv', {}, bytes);
      expect([answer.status, answer.body.code]).toEqual([400, 'NOT_A_DIARY']);
    });
  });
});
