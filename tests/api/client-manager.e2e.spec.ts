import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let olga: { token: string; id: string };
let pavel: { token: string; id: string };
let clientId = '';
let bookingId = '';

const as = (who: { token: string }) => ({ authorization: `Bearer ${who.token}` });
const startIn = (days: number, hour: number) => startAt(server.branch, days, `${hour}:00`);

const managerOf = async (id: string) => (await server.api('GET', `/api/clients/${id}`)).body.managerId as string | null;
const listed = async (who: { token: string } | null, manager: string) => {
  const found = await server.api('GET', `/api/clients?manager=${manager}`, undefined, who ? as(who) : undefined);
  expect(found.status, JSON.stringify(found.body)).toBe(200);
  return (found.body.clients as { id: string }[]).map((client) => client.id);
};

beforeAll(async () => {
  server = await startTestServer();
  olga = await server.addUser('manager', [server.branch.id]);
  pavel = await server.addUser('manager', [server.branch.id]);
  const booked = await server.api(
    'POST',
    '/api/bookings',
    {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startIn(2, 10),
      client: { name: 'Анна Белова', phone: '+79161234502' },
      channel: 'phone',
    },
    as(olga),
  );
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  bookingId = booked.body.id as string;
  await server.waitForProjection();
  clientId = (await server.api('GET', `/api/bookings/${bookingId}`)).body.clientId as string;
});
afterAll(async () => {
  await server?.stop();
});

describe('The person who answers for a client', () => {
  it('is the manager who booked the new client by phone, on the card, the board card and «Мои»', async () => {
    expect(await managerOf(clientId)).toBe(olga.id);
    const day = startIn(2, 10).slice(0, 10);
    const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=${day}`);
    const cards = (board.body.columns as { cards: { id: string; managerId: string | null }[] }[]).flatMap((c) => c.cards);
    expect(cards.find((card) => card.id === bookingId)?.managerId).toBe(olga.id);
    expect(await listed(olga, 'me')).toEqual([clientId]);
    expect(await listed(pavel, 'me')).toEqual([]);
    expect(await listed(null, 'none')).not.toContain(clientId);
  });

  it('stays with that manager when another one books the same client again', async () => {
    const again = await server.api(
      'POST',
      '/api/bookings',
      {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        start: startIn(3, 11),
        client: { name: 'Анна Белова', phone: '+79161234502' },
        channel: 'phone',
      },
      as(pavel),
    );
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    await server.waitForProjection();
    expect(await managerOf(clientId)).toBe(olga.id);
  });

  it('is handed over by the owner, once, and the lists follow', async () => {
    const before = await server.eventCount();
    const handed = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: pavel.id });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body).toEqual({ managerId: pavel.id, changed: true });
    expect(await server.eventCount()).toBe(before + 1);
    const same = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: pavel.id });
    expect(same.body).toEqual({ managerId: pavel.id, changed: false });
    expect(await server.eventCount()).toBe(before + 1);
    await server.waitForProjection();
    expect(await managerOf(clientId)).toBe(pavel.id);
    expect(await listed(null, pavel.id)).toEqual([clientId]);
    expect(await listed(olga, 'me')).toEqual([]);
  });

  it('cannot be taken over or dropped by another manager; a client nobody answers for can be taken', async () => {
    const before = await server.eventCount();
    const takeOver = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: olga.id }, as(olga));
    expect(takeOver.status).toBe(409);
    const drop = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: null }, as(pavel));
    expect(drop.status).toBe(409);
    const handOn = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: olga.id }, as(pavel));
    expect(handOn.status).toBe(409);
    expect(await server.eventCount()).toBe(before);

    const cleared = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: null });
    expect(cleared.body).toEqual({ managerId: null, changed: true });
    await server.waitForProjection();
    expect(await listed(null, 'none')).toContain(clientId);
    const taken = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: olga.id }, as(olga));
    expect(taken.body).toEqual({ managerId: olga.id, changed: true });
    await server.waitForProjection();
    expect(await managerOf(clientId)).toBe(olga.id);
  });

  it('refuses a mechanic, someone who cannot answer for clients, bad input and unknown clients, writing nothing', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const before = await server.eventCount();
    const byMechanic = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: mechanic.id }, as(mechanic));
    expect(byMechanic.status).toBe(403);
    const toMechanic = await server.api('PUT', `/api/clients/${clientId}/manager`, { managerId: mechanic.id });
    expect(toMechanic.status).toBe(404);
    expect(toMechanic.body.field).toBe('managerId');
    for (const body of [{}, { managerId: 'olga' }, { managerId: 7 }, { managerId: olga.id, extra: 1 }]) {
      const refused = await server.api('PUT', `/api/clients/${clientId}/manager`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await server.api('PUT', '/api/clients/6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f/manager', { managerId: null });
    expect(unknown.status).toBe(404);
    const badFilter = await server.api('GET', '/api/clients?manager=everyone');
    expect(badFilter.status).toBe(400);
    expect(await server.eventCount()).toBe(before);
    expect(await managerOf(clientId)).toBe(olga.id);
  });

  it('names the owners and managers a client can be handed to, without e-mails', async () => {
    const people = await server.api('GET', '/api/managers', undefined, as(olga));
    expect(people.status).toBe(200);
    const ids = (people.body as { id: string }[]).map((person) => person.id);
    expect(ids).toEqual(expect.arrayContaining([olga.id, pavel.id]));
    expect(JSON.stringify(people.body)).not.toContain('@');
  });

  it('counts, per person, the clients they answer for and those clients’ finished visits', async () => {
    // Anna's first booking is finished now; she is Olga's client by the test before.
    for (const status of ['Confirmed', 'InProgress', 'Done']) {
      const moved = await server.api('POST', `/api/bookings/${bookingId}/status`, { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    await server.waitForProjection();
    const today = Temporal.Now.plainDateISO('Europe/Moscow');
    const figures = await server.api(
      'GET',
      `/api/staff/activity?branchId=${server.branch.id}&from=${today.toString()}&to=${today.add({ days: 3 }).toString()}`,
    );
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    const of = (id: string) => figures.body.people.find((person: { id: string }) => person.id === id);
    expect(of(olga.id)).toMatchObject({ clients: 1, clientVisits: 1 });
    expect(of(pavel.id)).toMatchObject({ clients: 0, clientVisits: 0 });
    const csv = await fetch(
      `${server.url}/api/staff/activity/export.csv?branchId=${server.branch.id}&from=${today.toString()}&to=${today.toString()}`,
      { headers: { authorization: `Bearer ${server.token}` } },
    );
    const text = await csv.text();
    expect(text).toContain('Клиентов в ответе;Визиты их клиентов');
  });
});
