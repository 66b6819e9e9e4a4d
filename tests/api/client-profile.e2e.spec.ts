import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let clientId = '';

beforeAll(async () => {
  server = await startTestServer();
  const start = Temporal.Now.zonedDateTimeISO('Europe/Moscow')
    .add({ days: 2 })
    .with({ hour: 10, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 })
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start,
    client: { name: 'Анна Белова', phone: '+79161234502' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await server.waitForProjection();
  clientId = (await server.api('GET', `/api/bookings/${booked.body.id}`)).body.clientId as string;
});
afterAll(async () => {
  await server?.stop();
});

describe('Editing a client’s card', () => {
  it('changes the name and the note, keeps the phone, and the list and card show the change', async () => {
    const before = await server.eventCount();
    const saved = await server.api('PATCH', `/api/clients/${clientId}`, {
      name: 'Анна Белова-Смирнова',
      note: 'просит СМС, не звонки',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ id: clientId, name: 'Анна Белова-Смирнова', note: 'просит СМС, не звонки', email: '' });
    expect(await server.eventCount()).toBe(before + 1);
    await server.waitForProjection();
    const card = await server.api('GET', `/api/clients/${clientId}`);
    expect(card.body).toMatchObject({ name: 'Анна Белова-Смирнова', note: 'просит СМС, не звонки', phone: '+7 *** ***-**-02' });
    const found = await server.api('GET', `/api/clients?q=${encodeURIComponent('89161234502')}`);
    expect(found.body.clients.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual([
      [clientId, 'Анна Белова-Смирнова'],
    ]);
    const phone = await server.api('POST', `/api/clients/${clientId}/reveal-phone`);
    expect(phone.body.phone).toBe('+79161234502');
  });

  it('writes nothing when nothing changes, and refuses bad input and unknown clients with nothing written', async () => {
    const before = await server.eventCount();
    const same = await server.api('PATCH', `/api/clients/${clientId}`, { note: 'просит СМС, не звонки' });
    expect(same.status).toBe(200);
    for (const [body, code] of [
      [{}, 'VALIDATION'],
      [{ name: '' }, 'VALIDATION'],
      [{ name: 'Анна\u0000' }, 'CONTROL_CHARACTER'],
      [{ note: 'x'.repeat(1001) }, 'VALIDATION'],
      [{ phone: '+79990000000' }, 'VALIDATION'],
    ] as const) {
      const refused = await server.api('PATCH', `/api/clients/${clientId}`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code).toBe(code);
    }
    const unknown = await server.api('PATCH', '/api/clients/6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f', { note: 'x' });
    expect(unknown.status).toBe(404);
    expect(await server.eventCount()).toBe(before);
  });

  it('lets a mechanic change no client', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const refused = await server.api(
      'PATCH',
      `/api/clients/${clientId}`,
      { note: 'x' },
      { authorization: `Bearer ${mechanic.token}` },
    );
    expect(refused.status).toBe(403);
  });
});

describe('Adding a car on the client’s card', () => {
  it('adds a car by its plate (Latin look-alikes and «RUS» normalised), and the same plate again changes nothing', async () => {
    const before = await server.eventCount();
    const added = await server.api('POST', `/api/clients/${clientId}/cars`, {
      make: 'Kia',
      model: 'Rio',
      plate: 'a123bc 77 RUS',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ added: true, car: { make: 'Kia', model: 'Rio', plate: 'А123ВС77' } });
    expect(await server.eventCount()).toBe(before + 1);
    const again = await server.api('POST', `/api/clients/${clientId}/cars`, { plate: 'А123ВС77' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ added: false, car: { id: added.body.car.id, plate: 'А123ВС77' } });
    expect(await server.eventCount()).toBe(before + 1);
    await server.waitForProjection();
    const card = await server.api('GET', `/api/clients/${clientId}`);
    expect(card.body.cars).toContainEqual({ id: added.body.car.id, make: 'Kia', model: 'Rio', plate: 'А123ВС77' });
    const found = await server.api('GET', `/api/clients?q=${encodeURIComponent('А123ВС77')}`);
    expect(found.body.clients.map((c: { id: string }) => c.id)).toEqual([clientId]);
  });

  it('refuses a car without a plate, a malformed plate, control characters and unknown clients, with nothing written', async () => {
    const before = await server.eventCount();
    for (const [body, code] of [
      [{ make: 'Kia' }, 'VALIDATION'],
      [{ plate: '' }, 'VALIDATION'],
      [{ plate: '!!!' }, 'VALIDATION'],
      [{ plate: 'А777АА77', make: 'Kia\u0007' }, 'CONTROL_CHARACTER'],
      [{ plate: 'А777АА77', colour: 'red' }, 'VALIDATION'],
    ] as const) {
      const refused = await server.api('POST', `/api/clients/${clientId}/cars`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.code, JSON.stringify(body)).toBe(code);
    }
    const unknown = await server.api('POST', '/api/clients/6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f/cars', { plate: 'А777АА77' });
    expect(unknown.status).toBe(404);
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const forbidden = await server.api(
      'POST',
      `/api/clients/${clientId}/cars`,
      { plate: 'А777АА77' },
      {
        authorization: `Bearer ${mechanic.token}`,
      },
    );
    expect(forbidden.status).toBe(403);
    expect(await server.eventCount()).toBe(before);
  });
});

describe('Changing a client’s phone', () => {
  it('moves the client to the new number: the card, the search and a new booking by it find the same client', async () => {
    const before = await server.eventCount();
    const changed = await server.api('PUT', `/api/clients/${clientId}/phone`, { phone: '8 (916) 765-43-21' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toEqual({ id: clientId, phone: '+7 *** ***-**-21' });
    expect(await server.eventCount()).toBe(before + 1);
    const same = await server.api('PUT', `/api/clients/${clientId}/phone`, { phone: '+79167654321' });
    expect(same.status).toBe(200);
    expect(await server.eventCount()).toBe(before + 1);
    await server.waitForProjection();
    expect((await server.api('POST', `/api/clients/${clientId}/reveal-phone`)).body.phone).toBe('+79167654321');
    const found = await server.api('GET', `/api/clients?q=${encodeURIComponent('89167654321')}`);
    expect(found.body.clients.map((c: { id: string }) => c.id)).toEqual([clientId]);
    // The note the staff wrote stays with the client.
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.note).toBe('просит СМС, не звонки');
    const start = startAt(server.branch, 4, '12:00');
    const byNew = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start,
      client: { name: 'Анна', phone: '+79167654321' },
    });
    expect(byNew.status, JSON.stringify(byNew.body)).toBe(201);
    await server.waitForProjection();
    expect((await server.api('GET', `/api/bookings/${byNew.body.id}`)).body.clientId).toBe(clientId);
  });

  it('lets the old number go: whoever books with it next is a new client', async () => {
    const start = startAt(server.branch, 4, '15:00');
    const byOld = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start,
      client: { name: 'Новый владелец номера', phone: '+79161234502' },
    });
    expect(byOld.status, JSON.stringify(byOld.body)).toBe(201);
    await server.waitForProjection();
    const other = (await server.api('GET', `/api/bookings/${byOld.body.id}`)).body.clientId as string;
    expect(other).toMatch(/^[0-9a-f-]{36}$/);
    expect(other).not.toBe(clientId);
    // That number is now another client's: giving it back to the first one is refused, nothing written.
    const before = await server.eventCount();
    const taken = await server.api('PUT', `/api/clients/${clientId}/phone`, { phone: '+7 916 123-45-02' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'PHONE_TAKEN', field: 'phone' });
    for (const body of [{}, { phone: '' }, { phone: '12345' }, { phone: '+7916\u00001234567' }, { phone: 79161234567 }]) {
      const refused = await server.api('PUT', `/api/clients/${clientId}/phone`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const byMechanic = await server.api(
      'PUT',
      `/api/clients/${clientId}/phone`,
      { phone: '+79160000001' },
      { authorization: `Bearer ${mechanic.token}` },
    );
    expect(byMechanic.status).toBe(403);
    expect(await server.eventCount()).toBe(before);
    expect((await server.api('POST', `/api/clients/${clientId}/reveal-phone`)).body.phone).toBe('+79167654321');
  });
});
