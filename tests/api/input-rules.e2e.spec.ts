import { describe, expect, it } from 'vitest';
import type { PlaceBookingInput } from '../../core/booking/place-booking.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { textLimits } from '../../domain/shared/input-rules.ts';
import { startAt, phoneSequence } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const nextPhone = phoneSequence(163_000_001);
const oilChange = () => server.service('Замена масла');

const staff = () => ({ orgId: server.branch.orgId, userId: null as string | null });

const placeInput = (overrides: Partial<PlaceBookingInput> = {}): PlaceBookingInput => ({
  branchId: server.branch.id,
  serviceIds: [oilChange().id],
  start: startAt(server.branch, 2, '10:00'),
  client: { name: 'Пётр', phone: nextPhone() },
  channel: 'panel',
  ...overrides,
});

/** The DomainError a command throws, after checking that it wrote nothing. */
const refusedCommand = async (run: () => Promise<unknown>): Promise<DomainError> => {
  const before = await server.eventCount();
  let thrown: unknown = null;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a DomainError').toBeInstanceOf(DomainError);
  expect(await server.eventCount()).toBe(before);
  return thrown as DomainError;
};

const refusedRequest = async (method: string, path: string, body: unknown) => {
  const before = await server.eventCount();
  const response = await server.api(method, path, body);
  expect(await server.eventCount()).toBe(before);
  return response;
};

const book = async (days: number, time: string) => {
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: oilChange().id,
    start: startAt(server.branch, days, time),
    client: { name: 'Пётр', phone: nextPhone() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; start: string; end: string; bayId: string };
};

describe('Times of every command that sets one', () => {
  it('refuses to move a booking to the year 10000 with 400 and writes nothing', async () => {
    const booking = await book(2, '11:00');
    const response = await refusedRequest('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: '+010000-01-01T10:00:00+03:00',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION', field: 'start' });
  });

  it('refuses to stretch a booking to an end in the year 10000', async () => {
    const booking = await book(2, '12:00');
    const response = await refusedRequest('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: booking.start,
      end: '+010000-01-01T10:00:00+03:00',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION', field: 'end' });
  });

  it('lets staff plan a year ahead but not further', async () => {
    const booking = await book(2, '13:00');
    const tooFar = await refusedRequest('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: startAt(server.branch, 400, '10:00'),
    });
    expect(tooFar.body).toMatchObject({ status: 400, code: 'VALIDATION', field: 'start' });
    const inYear = await server.api('POST', `/api/bookings/${booking.id}/reschedule`, {
      start: startAt(server.branch, 300, '10:00'),
    });
    expect(inYear.status, JSON.stringify(inYear.body)).toBe(200);
  });

  it('holds a client booking for themselves to the branch horizon, through the command itself', async () => {
    const client = { orgId: server.branch.orgId, userId: null };
    const horizon = server.branch.bookingHorizonDays;
    const error = await refusedCommand(() =>
      server.runtime.deps.commands.place(
        client,
        placeInput({ start: startAt(server.branch, horizon + 2, '10:00'), channel: 'telegram' }),
      ),
    );
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'start', horizonDays: horizon } });
  });
});

describe('Text of a booking, through the command layer', () => {
  it.each([
    ['client.name', { client: { name: 'Пётр\u0000', phone: '+79160000999' } }],
    ['car.make', { car: { make: 'Kia\u0000' } }],
    ['car.model', { car: { make: 'Kia', model: 'Rio\u0001' } }],
    ['car.plate', { car: { plate: 'А001\u0000АА77' } }],
    ['comment', { comment: 'стучит\u0000слева' }],
  ])('refuses a control character in %s with VALIDATION and writes nothing', async (field, overrides) => {
    const error = await refusedCommand(() => server.runtime.deps.commands.place(staff(), placeInput(overrides)));
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field } });
  });

  it.each([
    ['client.name', { client: { name: 'я'.repeat(textLimits.personName + 1), phone: '+79160000998' } }],
    ['car.make', { car: { make: 'K'.repeat(textLimits.carMake + 1) } }],
    ['comment', { comment: 'x'.repeat(textLimits.comment + 1) }],
  ])('refuses an over-long %s', async (field, overrides) => {
    const error = await refusedCommand(() => server.runtime.deps.commands.place(staff(), placeInput(overrides)));
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field } });
  });

  it('refuses ids that are not UUIDs before they reach the database', async () => {
    const cases: [string, Partial<PlaceBookingInput>][] = [
      ['branchId', { branchId: 'branch\u0000' }],
      ['serviceIds', { serviceIds: ['oil'] }],
      ['bayId', { bayId: 'lift-1' }],
    ];
    for (const [field, overrides] of cases) {
      const error = await refusedCommand(() => server.runtime.deps.commands.place(staff(), placeInput(overrides)));
      expect(error).toMatchObject({ code: 'VALIDATION', details: { field } });
    }
    const error = await refusedCommand(() =>
      server.runtime.deps.commands.reschedule(staff(), 'booking\u0000', { start: startAt(server.branch, 3, '10:00') }),
    );
    expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'bookingId' } });
  });

  it('stores a multi-line comment and a normalised plate', async () => {
    const placed = await server.runtime.deps.commands.place(
      staff(),
      placeInput({
        start: startAt(server.branch, 3, '15:00'),
        car: { make: 'Lada', plate: 'a 001 aa 77' },
        comment: 'стучит\r\nслева',
      }),
    );
    await server.waitForProjection();
    const { rows } = await server.runtime.pool.query('SELECT plate, comment FROM rm.bookings WHERE id = $1', [placed.id]);
    expect(rows[0]).toEqual({ plate: 'А001АА77', comment: 'стучит\nслева' });
  });
});

describe('Route schemas take their limits from the domain', () => {
  it('refuses a comment one character over the domain limit at the schema, and accepts one at it', async () => {
    const body = (comment: string, time: string) => ({
      branchId: server.branch.id,
      serviceId: oilChange().id,
      start: startAt(server.branch, 4, time),
      client: { name: 'Пётр', phone: nextPhone() },
      comment,
    });
    const over = await refusedRequest('POST', '/api/bookings', body('x'.repeat(textLimits.comment + 1), '10:00'));
    expect(over.status).toBe(400);
    const at = await server.api('POST', '/api/bookings', body('x'.repeat(textLimits.comment), '11:00'));
    expect(at.status, JSON.stringify(at.body)).toBe(201);
  });

  it('describes the same limits in the OpenAPI document', async () => {
    const spec = await server.api('GET', '/api/docs/json');
    const body = spec.body.paths['/api/bookings'].post.requestBody.content['application/json'].schema;
    expect(body.properties.comment.maxLength).toBe(textLimits.comment);
    expect(body.properties.client.properties.name.maxLength).toBe(textLimits.personName);
    expect(body.properties.car.properties.plate.maxLength).toBe(textLimits.plateTyped);
  });
});
