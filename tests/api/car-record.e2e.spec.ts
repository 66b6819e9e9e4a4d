import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// A car as its own record: two owners bring the same car (the plate typed two ways), each visit
// with its work order and odometer reading; the record lists both, newest first, with the VIN, the
// readings and the average daily mileage, within the user's branches and in the access log.

let server: TestServer;
const PLATE = 'А123ВС77';
const VIN = 'XTAGFL110KY123456';
const visits: Record<'anna' | 'boris', { bookingId: string; clientId: string; workOrderId: string }> = {
  anna: { bookingId: '', clientId: '', workOrderId: '' },
  boris: { bookingId: '', clientId: '', workOrderId: '' },
};

const ok = async (method: string, path: string, body?: unknown, status = 200) => {
  const response = await server.api(method, path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
};

const visit = async (
  who: keyof typeof visits,
  client: { name: string; phone: string },
  plate: string,
  days: number,
  order: { vin?: string; odometerKm?: number },
) => {
  const booking = await ok(
    'POST',
    '/api/bookings',
    {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, days, '10:00'),
      client,
      car: { make: 'Kia', model: 'Rio', plate },
    },
    201,
  );
  const opened = await ok('POST', `/api/bookings/${booking.id}/work-order`, order, 201);
  await ok('POST', `/api/work-orders/${opened.id}/works`, { serviceId: server.service('Замена масла').id }, 201);
  await ok(
    'POST',
    `/api/work-orders/${opened.id}/parts`,
    { name: 'Фильтр масляный', article: 'W 712/95', quantity: 1, unitPriceKopecks: 90_000 },
    201,
  );
  await server.waitForProjection();
  const details = await ok('GET', `/api/bookings/${booking.id}`);
  visits[who] = { bookingId: booking.id, clientId: details.clientId, workOrderId: opened.id };
};

beforeAll(async () => {
  server = await startTestServer();
  await visit('anna', { name: 'Анна Первая', phone: '+79160002201' }, PLATE, 2, { vin: VIN, odometerKm: 50_000 });
  // The car is sold: its new owner brings it a month later, the plate typed in Latin with spaces.
  await visit('boris', { name: 'Борис Второй', phone: '+79160002202' }, 'a123bc 77', 30, {});
});
afterAll(async () => {
  await server?.stop();
});

describe('A car as its own record', () => {
  it('takes an odometer reading during the visit, once, and refuses an impossible one with nothing written', async () => {
    const path = `/api/work-orders/${visits.boris.workOrderId}/odometer`;
    const read = await ok('POST', path, { odometerKm: 62_000 });
    expect(read.odometerKm).toBe(62_000);
    const before = await server.eventCount();
    await ok('POST', path, { odometerKm: 62_000 });
    for (const body of [{ odometerKm: -5 }, { odometerKm: 12.5 }, { odometerKm: '62000' }, {}, { odometerKm: 10_000_000 }]) {
      const refused = await server.api('POST', path, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect(await server.eventCount()).toBe(before);
  });

  it('lists both owners’ visits, newest first, with the works, parts, readings, VIN and daily mileage', async () => {
    await server.waitForProjection();
    const car = await ok('GET', `/api/cars/${encodeURIComponent('a 123 bc77')}`);
    expect(car).toMatchObject({ plate: PLATE, vin: VIN, make: 'Kia', model: 'Rio', year: null });
    expect(car.owners.map((owner: { name: string }) => owner.name)).toEqual(['Борис Второй', 'Анна Первая']);
    expect(car.visits.map((one: { bookingId: string }) => one.bookingId)).toEqual([
      visits.boris.bookingId,
      visits.anna.bookingId,
    ]);
    const [latest, first] = car.visits;
    expect(latest.workOrder).toMatchObject({ odometerKm: 62_000, totalKopecks: expect.any(Number) });
    expect(first.workOrder.odometerKm).toBe(50_000);
    expect(first.workOrder.lines.map((line: { kind: string; name: string }) => [line.kind, line.name])).toEqual([
      ['work', 'Замена масла'],
      ['part', 'Фильтр масляный'],
    ]);
    expect(car.readings.map((reading: { km: number }) => reading.km)).toEqual([62_000, 50_000]);
    // 12 000 km over the 28 days between the two visits.
    expect(car.averageDailyKm).toBe(428.6);
    const logged = await server.runtime.pool.query(
      `SELECT client_ids FROM compliance_access_log WHERE action = 'car-view' ORDER BY seq DESC LIMIT 1`,
    );
    expect([...logged.rows[0].client_ids].sort()).toEqual([visits.anna.clientId, visits.boris.clientId].sort());
  });

  it('knows a car only a client card lists, with its year, and refuses an impossible year', async () => {
    const added = await ok(
      'POST',
      `/api/clients/${visits.boris.clientId}/cars`,
      { plate: 'в555ор 77', make: 'Lada', model: 'Vesta', year: 2019 },
      201,
    );
    expect(added.car).toMatchObject({ plate: 'В555ОР77', year: 2019 });
    const refused = await server.api('POST', `/api/clients/${visits.boris.clientId}/cars`, { plate: 'Е777КХ77', year: 1850 });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('car.year');
    await server.waitForProjection();
    const car = await ok('GET', `/api/cars/${encodeURIComponent('В555ОР77')}`);
    expect(car).toMatchObject({
      make: 'Lada',
      model: 'Vesta',
      year: 2019,
      vin: null,
      visits: [],
      readings: [],
      averageDailyKm: null,
    });
    expect(car.owners).toEqual([{ clientId: visits.boris.clientId, name: 'Борис Второй', lastVisit: null }]);
  });

  it('answers a mechanic, refuses the officer, a bad plate and an unknown car', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const asMechanic = await server.api('GET', `/api/cars/${encodeURIComponent(PLATE)}`, undefined, {
      authorization: `Bearer ${mechanic.token}`,
    });
    expect(asMechanic.status).toBe(200);
    const officer = await server.addUser('compliance');
    const asOfficer = await server.api('GET', `/api/cars/${encodeURIComponent(PLATE)}`, undefined, {
      authorization: `Bearer ${officer.token}`,
    });
    expect(asOfficer.status).toBe(403);
    const bad = await server.api('GET', `/api/cars/${encodeURIComponent('№!')}`);
    expect(bad.status).toBe(400);
    const unknown = await server.api('GET', `/api/cars/${encodeURIComponent('В999ВВ99')}`);
    expect(unknown.status).toBe(404);
  });

  it('says when a periodic work is due again, from the service’s interval and the car’s mileage', async () => {
    const oil = server.service('Замена масла');
    await ok('PATCH', `/api/services/${oil.id}`, { maintenanceKm: 10_000, maintenanceMonths: 12 });
    const refused = await server.api('PATCH', `/api/services/${oil.id}`, { maintenanceKm: -1 });
    expect(refused.status).toBe(400);
    for (const status of ['Confirmed', 'InProgress', 'Done']) {
      await ok('POST', `/api/bookings/${visits.boris.bookingId}/status`, { status });
    }
    await server.waitForProjection();
    const car = await ok('GET', `/api/cars/${encodeURIComponent(PLATE)}`);
    const boris = car.visits.find((visit: { bookingId: string }) => visit.bookingId === visits.boris.bookingId);
    const dueDate = Temporal.Instant.from(boris.start).toZonedDateTimeISO('UTC').toPlainDate().add({ months: 12 }).toString();
    expect(car.maintenance).toEqual([
      {
        serviceId: oil.id,
        name: 'Замена масла',
        lastDone: boris.start,
        dueDate,
        dueKm: 72_000,
        // The visit lies ahead of today in this test: the estimate is the last reading.
        kmNow: 62_000,
        due: false,
      },
    ]);
  });

  it('forgets the erased owner: their visit, name and VIN leave the car’s record', async () => {
    const officer = await server.addUser('compliance');
    const erased = await server.api(
      'POST',
      `/api/compliance/clients/${visits.anna.clientId}/erase`,
      { reason: 'subject-request' },
      { authorization: `Bearer ${officer.token}` },
    );
    expect(erased.status, JSON.stringify(erased.body)).toBe(201);
    await server.waitForProjection();
    const car = await ok('GET', `/api/cars/${encodeURIComponent(PLATE)}`);
    expect(car.owners.map((owner: { clientId: string }) => owner.clientId)).toEqual([visits.boris.clientId]);
    expect(car.visits.map((one: { bookingId: string }) => one.bookingId)).toEqual([visits.boris.bookingId]);
    expect(car.vin).toBeNull();
    expect(JSON.stringify(car)).not.toContain('Анна');
  });
});
