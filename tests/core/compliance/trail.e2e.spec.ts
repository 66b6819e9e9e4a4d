import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../support/pdf-text.ts';
import { crossTransactionDigits } from '../../support/transaction-ids.ts';
import { startAt, startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let manager: { token: string; id: string };
let officer: { token: string; id: string };

const SHARED_PLATE = 'О555ОО77';
const FIRST = { name: 'Фёкла Ивановна Самоварова', phone: '+79260000101', comment: 'Скрип тормозов у Фёклы' };
const SECOND = { name: 'Гаврила Петрович Прянишников', phone: '+79260000202', comment: 'Гаврила просит позвонить после обеда' };

let first: { clientId: string; bookings: string[] };
let second: { clientId: string; bookings: string[] };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(token));

const book = async (client: typeof FIRST, days: number, time: string) => {
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, days, time),
    client: { name: client.name, phone: client.phone },
    car: { make: 'Лада', model: 'Гранта', plate: SHARED_PLATE },
    comment: client.comment,
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id as string;
};

const clientIdOf = async (name: string) =>
  (await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [name])).rows[0]!.id;

beforeAll(async () => {
  server = await startTestServer();
  manager = await server.addUser('manager');
  officer = await server.addUser('compliance');
  // The two clients share a car (same plate): one family, two people, two clients.
  const firstBookings = [await book(FIRST, 2, '10:00'), await book(FIRST, 4, '10:00')];
  const secondBookings = [await book(SECOND, 2, '12:00')];
  expect((await server.api('POST', `/api/bookings/${firstBookings[0]}/status`, { status: 'Confirmed' })).status).toBe(200);
  expect((await server.api('POST', `/api/bookings/${secondBookings[0]}/status`, { status: 'Confirmed' })).status).toBe(200);
  await server.waitForProjection();
  first = { clientId: await clientIdOf(FIRST.name), bookings: firstBookings };
  second = { clientId: await clientIdOf(SECOND.name), bookings: secondBookings };
  // Staff look at both: a search listing both, and one card each.
  expect((await as(manager.token, 'GET', `/api/clients?q=${encodeURIComponent(SHARED_PLATE)}`)).body.clients).toHaveLength(2);
  expect((await as(manager.token, 'GET', `/api/clients/${first.clientId}`)).status).toBe(200);
  expect((await as(manager.token, 'GET', `/api/clients/${second.clientId}`)).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe('Trail export', () => {
  let trail: any;

  beforeAll(async () => {
    const response = await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail`);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    trail = response.body;
  });

  it('holds exactly the events of the client stream and of their bookings, opened', async () => {
    const streams = [`client-${first.clientId}`, ...first.bookings.map((id) => `booking-${id}`)];
    const { rows } = await server.runtime.pool.query<{ stream_id: string; position: number }>(
      'SELECT stream_id, stream_position::int AS position FROM emt_messages WHERE stream_id = ANY($1::text[]) ORDER BY global_position',
      [streams],
    );
    expect(trail.events.map((event: any) => `${event.stream}#${event.position}`).sort()).toEqual(
      rows.map((row) => `${row.stream_id}#${row.position}`).sort(),
    );
    const registered = trail.events.find((event: any) => event.type === 'ClientRegistered');
    expect(registered.data.profile).toEqual({ sealed: true, value: { name: FIRST.name, phone: FIRST.phone } });
    expect(trail.subject).toMatchObject({
      clientId: first.clientId,
      status: 'active',
      profile: { name: FIRST.name, phone: FIRST.phone },
      sources: ['panel'],
    });
    expect(trail.subject.cars).toEqual([expect.objectContaining({ plate: SHARED_PLATE })]);
    expect(trail.bookings.map((booking: any) => booking.id).sort()).toEqual([...first.bookings].sort());
    expect(trail.bookings[0]).toMatchObject({ status: 'Confirmed', services: ['Замена масла'] });
    expect(trail.bookings[0].details).toMatchObject({ comment: FIRST.comment, car: { plate: SHARED_PLATE } });
  });

  it('holds none of the other client’s data, though they share the car', () => {
    const text = JSON.stringify(trail);
    for (const value of [SECOND.name, SECOND.phone, SECOND.comment, second.clientId, ...second.bookings]) {
      expect(text.includes(value), value).toBe(false);
    }
  });

  it('lists the log entries about the client, and only them', () => {
    const actions = trail.accessLog.map((entry: any) => entry.action);
    expect(actions).toEqual(['search', 'card-view']);
    expect(trail.accessLog.every((entry: any) => entry.clientIds.length === 1)).toBe(true);
  });

  it('says what art. 14 part 7 requires, in the station’s own words when it has them', async () => {
    const titles = trail.notice.map((part: any) => part.key);
    expect(titles).toEqual(
      expect.arrayContaining(['operator', 'purposes', 'legal-bases', 'retention', 'recipients', 'processors', 'cross-border']),
    );
    expect(trail.notice.find((part: any) => part.key === 'operator').text).toContain('Демо СТО');

    expect((await as(manager.token, 'PUT', '/api/compliance/texts/operator', { text: 'ООО «Ромашка»' })).status).toBe(403);
    const put = await as(server.token, 'PUT', '/api/compliance/texts/operator', {
      text: 'ООО «Демо СТО», Москва, ул. Ленина, 1',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ key: 'operator', isDefault: false });
    expect((await as(server.token, 'PUT', '/api/compliance/texts/nonsense', { text: 'x' })).status).toBe(400);
    // A consent longer than one Telegram message (with the station's name filled in) is refused and not saved.
    const before = (await as(officer.token, 'GET', '/api/compliance/texts')).body.texts;
    const long = await as(officer.token, 'PUT', '/api/compliance/texts/consent-personal-data', {
      text: `«{organization}» ${'согласие '.repeat(455)}`,
    });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'VALIDATION' });
    expect((await as(officer.token, 'GET', '/api/compliance/texts')).body.texts).toEqual(before);
    const again = await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail`);
    expect(again.body.notice.find((part: any) => part.key === 'operator').text).toBe('ООО «Демо СТО», Москва, ул. Ленина, 1');
  });

  it('renders a readable HTML report with every value escaped', async () => {
    const response = await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail?format=html`);
    expect(response.status).toBe(200);
    expect(typeof response.body).toBe('string');
    expect(response.body).toContain('Сведения об обработке персональных данных');
    expect(response.body).toContain(FIRST.name);
    expect(response.body).toContain('Трансграничная передача');
    expect(response.body).not.toContain(SECOND.name);
    expect(response.body).toContain('ООО «Демо СТО»');
  });

  it('gives the same report as a PDF with the Cyrillic text intact', async () => {
    const response = await fetch(`${server.url}/api/compliance/clients/${first.clientId}/trail?format=pdf`, {
      headers: bearer(officer.token),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await pdfText(await response.arrayBuffer());
    expect(text).toContain('Сведения об обработке персональных данных');
    expect(text).toContain(FIRST.name);
    expect(text).toContain('Трансграничная передача');
    expect(text).not.toContain(SECOND.name);
  });

  it('logs every export in the access and security logs', async () => {
    const access = (await as(officer.token, 'GET', `/api/compliance/access-log?clientId=${first.clientId}`)).body.entries;
    expect(access.filter((entry: any) => entry.action === 'export').map((entry: any) => entry.details.format)).toEqual([
      'pdf',
      'html',
      'json',
      'json',
    ]);
    const security = (await as(officer.token, 'GET', '/api/compliance/security-log')).body.entries;
    expect(security.filter((entry: any) => entry.action === 'export')).toHaveLength(4);
  });

  it('answers 404 for an unknown client', async () => {
    const response = await as(officer.token, 'GET', '/api/compliance/clients/00000000-0000-4000-8000-000000000009/trail');
    expect(response.status).toBe(404);
  });
});

describe('Trail of a client whose events straddle a change in the transaction ids’ digits', () => {
  it('folds them in commit order: the booking done, the profile as last changed', async () => {
    const client = { name: 'Терентий Разрядов', phone: '+79260000303', comment: 'Проверка порядка' };
    const bookingId = await book(client, 3, '15:00');
    await server.waitForProjection();
    const clientId = await clientIdOf(client.name);
    const digits = await crossTransactionDigits(server.runtime.pool);
    expect(digits.after).toBeGreaterThan(digits.before);
    for (const status of ['Confirmed', 'InProgress', 'Done']) {
      expect((await server.api('POST', `/api/bookings/${bookingId}/status`, { status })).status).toBe(200);
    }
    expect((await server.api('PATCH', `/api/clients/${clientId}`, { email: 'terenty@example.ru' })).status).toBe(200);
    const trail = (await as(officer.token, 'GET', `/api/compliance/clients/${clientId}/trail`)).body;
    expect(trail.bookings).toMatchObject([{ id: bookingId, status: 'Done' }]);
    expect(trail.subject.profile).toMatchObject({ name: client.name, email: 'terenty@example.ru' });
    expect(trail.events[0].type).toBe('ClientRegistered');
  });
});
