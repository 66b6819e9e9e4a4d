import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// The main routes on a seeded server, each answer through its contract/ response schema. The test
// server hears of every property a schema drops (api/plugins/response-check.ts); here each route
// must answer, keep the fields the panel reads, and drop nothing.

let server: TestServer;
let officer: { token: string };
let bookingId: string;
let clientId: string;

const as = async (token: string, method: string, path: string, body?: unknown) =>
  server.api(method, path, body, { authorization: `Bearer ${token}` });

const CSV = 'Имя;Телефон;Автомобиль\nИрина Белова;+79161234001;Kia Rio\nБез телефона;;\n';

beforeAll(async () => {
  server = await startTestServer();
  officer = await server.addUser('compliance');
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 3, '10:00'),
    client: { name: 'Анна Контрактова', phone: '+79160001122' },
    car: { make: 'Lada', model: 'Vesta', plate: 'А123ВС77' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  bookingId = booked.body.id;
  expect((await server.api('POST', `/api/bookings/${bookingId}/calls`, { outcome: 'reached' })).status).toBe(201);
  expect((await server.api('POST', `/api/bookings/${bookingId}/status`, { status: 'Confirmed' })).status).toBe(200);
  await server.waitForProjection();
  clientId = (await server.api('GET', '/api/clients')).body.clients[0].id;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('the HTTP contract on a seeded server', () => {
  it('answers the booking routes with every field of the card, the call included', async () => {
    const day = startAt(server.branch, 3, '10:00').slice(0, 10);
    const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=${day}`);
    expect(board.status).toBe(200);
    const card = board.body.columns.flatMap((column: any) => column.cards).find((one: any) => one.id === bookingId);
    expect(card).toMatchObject({
      status: 'Confirmed',
      plate: 'А123ВС77',
      lastCall: { outcome: 'reached' },
      version: 3,
      source: null,
    });
    expect(Object.keys(card)).toHaveLength(23);

    const calendar = await server.api('GET', `/api/calendar?branchId=${server.branch.id}&from=${day}&to=${day}T23:59:00Z`);
    expect(calendar.status).toBe(200);
    expect(calendar.body.events[0]).toMatchObject({
      id: bookingId,
      blockedFrom: expect.any(String),
      blockedTo: expect.any(String),
    });

    const details = await server.api('GET', `/api/bookings/${bookingId}`);
    expect(details.status).toBe(200);
    expect(details.body.history.map((entry: any) => entry.type)).toEqual([
      'BookingRequested',
      'CallOutcomeRecorded',
      'BookingConfirmed',
    ]);
    expect(details.body.history[0].data).toMatchObject({ bookingId });

    const slots = await server.api(
      'GET',
      `/api/availability?branchId=${server.branch.id}&serviceId=${server.service('Замена масла').id}&date=${day}`,
    );
    expect(slots.status).toBe(200);
    expect(slots.body.slots[0]).toMatchObject({ start: expect.any(String), bayIds: expect.any(Array) });
    expect((await server.api('POST', `/api/bookings/${bookingId}/reveal-phone`)).body).toEqual({
      clientId,
      phone: '+79160001122',
    });
  });

  it('answers the clients, with the officer’s blocked mark, the card and its consents', async () => {
    const list = await server.api('GET', '/api/clients');
    expect(list.body.clients[0]).toMatchObject({ id: clientId, cars: [{ make: 'Lada', plate: 'А123ВС77' }], visits: 0 });
    expect((await as(officer.token, 'GET', '/api/clients')).body.clients[0]).toMatchObject({ id: clientId, blocked: false });
    const card = await server.api('GET', `/api/clients/${clientId}`);
    expect(card.body).toMatchObject({ id: clientId, phoneMasked: true, blocked: false, history: [{ id: bookingId }] });
    expect(card.body.consents).toEqual({ current: expect.any(Array), history: expect.any(Array) });
  });

  it('answers settings: branches, bays, services with their switch, users, me, digest, quarantine', async () => {
    const [branch] = (await server.api('GET', '/api/branches')).body;
    expect(branch).toMatchObject({
      id: server.branch.id,
      timeZone: server.branch.timeZone,
      changeNoticeMinutes: expect.any(Number),
    });
    expect((await server.api('GET', `/api/bays?branchId=${server.branch.id}`)).body[0]).toMatchObject({
      kinds: expect.any(Array),
    });
    const services = (await server.api('GET', `/api/services?branchId=${server.branch.id}&all=true`)).body;
    expect(services[0]).toMatchObject({ active: true, multiDay: expect.any(Boolean) });
    expect((await server.api('GET', '/api/users')).body[0]).toMatchObject({ role: 'owner', active: true });
    expect((await server.api('GET', '/api/auth/me')).body).toMatchObject({ role: 'owner', orgId: branch.orgId, branchIds: null });
    expect((await server.api('GET', '/api/settings/digest')).body).toMatchObject({
      telegramLinked: false,
      channels: expect.any(Object),
    });
    expect((await server.api('GET', '/api/quarantine')).body).toEqual({ items: [], total: 0, timeZone: server.branch.timeZone });
  });

  it('answers the KPI report with its series and checks', async () => {
    const report = await server.api('GET', `/api/kpis?branchId=${server.branch.id}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ asOf: null, checks: { calendarOverlaps: 0 } });
    expect(report.body.series.bookingsByChannel[0]).toHaveProperty('panel');
    expect(report.body.series.statuses.length).toBeGreaterThan(0);
    expect(report.body.tiles.length).toBeGreaterThan(0);
    expect((await server.api('GET', '/api/history')).body).toEqual({ history: [] });
  });

  it('answers the import preview with its columns, sample and rejections', async () => {
    const preview = await server.api('POST', '/api/imports/preview?fileName=clients.csv', CSV, { 'content-type': 'text/csv' });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', headerRow: expect.any(Number) });
    expect(preview.body.mapping).toMatchObject({ firstName: 0, phone: 1, car: 2 });
    expect(preview.body.rejections[0]).toMatchObject({ reason: 'NO_PHONE', message: expect.any(String) });
  });

  it('answers the 152-FZ kit: requests, incidents, registers, logs and texts', async () => {
    const request = await as(officer.token, 'POST', '/api/compliance/requests', {
      clientId,
      kind: 'access',
      channel: 'phone',
      evidence: 'phone-callback',
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    expect(request.body).toMatchObject({ clientId, daysUnit: expect.any(String), trail: null });
    const prepared = await as(officer.token, 'POST', `/api/compliance/requests/${request.body.id}/trail`);
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
    expect(prepared.body.export.links).toMatchObject({ json: expect.any(String), release: expect.any(String) });
    const incident = await as(officer.token, 'POST', '/api/compliance/incidents', {
      kind: 'loss',
      summary: 'Потерян планшет администратора',
      scope: { branchIds: [server.branch.id] },
      categories: ['name', 'phone'],
    });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    expect(incident.body.deadlines.initial).toMatchObject({ dueAt: expect.any(String), hoursLeft: expect.any(Number) });
    const trail = await as(officer.token, 'GET', `/api/compliance/clients/${clientId}/trail`);
    expect(trail.body.subject).toMatchObject({ clientId, status: 'active' });
    expect(trail.body.events.length).toBeGreaterThan(0);
    for (const path of [
      '/api/compliance/requests',
      '/api/compliance/incidents',
      '/api/compliance/consents',
      '/api/compliance/blocks',
      '/api/compliance/acts',
      '/api/compliance/retention',
      '/api/compliance/verify',
      '/api/compliance/access-report',
      '/api/compliance/access-log',
      '/api/compliance/texts',
    ]) {
      const token = [
        '/api/compliance/blocks',
        '/api/compliance/acts',
        '/api/compliance/verify',
        '/api/compliance/access-log',
      ].includes(path)
        ? officer.token
        : server.token;
      expect((await as(token, 'GET', path)).status, path).toBe(200);
    }
    expect((await as(officer.token, 'GET', '/api/compliance/access-log')).body.entries[0]).toMatchObject({
      hash: expect.any(String),
    });
  });

  it('has dropped no field of any answer above', () => {
    expect(server.droppedFields).toEqual([]);
  });
});
