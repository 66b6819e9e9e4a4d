import { expect } from 'vitest';
import { startAt, type TestServer } from './test-server.ts';

/**
 * Two finished, paid visits of one car (its plate typed two ways, so the second is a repeat): one
 * by phone with a named mechanic for a client a named manager answers for, one from the panel with
 * no mechanic. 8 000 ₽ billed, 6 000 ₽ paid (5 000 and 1 000).
 */
export const seedMoneyVisits = async (server: TestServer) => {
  const ok = async (method: string, path: string, body?: unknown, status = 201) => {
    const response = await server.api(method, path, body);
    expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
    return response.body;
  };
  const manager = await server.addUser('manager', [server.branch.id]);
  const mechanic = await server.addUser('mechanic', [server.branch.id]);
  await server.runtime.pool.query(`UPDATE users SET name = 'Марина Менеджерова' WHERE id = $1`, [manager.id]);
  await server.runtime.pool.query(`UPDATE users SET name = 'Сергей Ключников' WHERE id = $1`, [mechanic.id]);

  const finishedVisit = async (o: {
    days: number;
    channel: 'phone' | 'panel';
    plate: string;
    partKopecks: number;
    paidKopecks: number;
  }) => {
    const booking = await ok('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, o.days, '10:00'),
      client: { name: 'Семён Повторов', phone: '+79160003301' },
      car: { make: 'Lada', model: 'Vesta', plate: o.plate },
      channel: o.channel,
    });
    if (o.channel === 'phone') await ok('POST', `/api/bookings/${booking.id}/assign`, { mechanicId: mechanic.id }, 200);
    const order = await ok('POST', `/api/bookings/${booking.id}/work-order`, {});
    await ok('POST', `/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
    await ok('POST', `/api/work-orders/${order.id}/parts`, {
      name: 'Масло 5W-30, 4 л',
      quantity: 1,
      unitPriceKopecks: o.partKopecks,
    });
    for (const status of ['Confirmed', 'InProgress', 'Done'])
      await ok('POST', `/api/bookings/${booking.id}/status`, { status }, 200);
    for (const status of ['InWork', 'Done']) await ok('POST', `/api/work-orders/${order.id}/status`, { status }, 200);
    await ok('POST', `/api/work-orders/${order.id}/payments`, { method: 'card', amountKopecks: o.paidKopecks });
    return booking.id as string;
  };

  const first = await finishedVisit({ days: 2, channel: 'phone', plate: 'О777ОО77', partKopecks: 350_000, paidKopecks: 500_000 });
  await server.waitForProjection();
  const { clientId } = await ok('GET', `/api/bookings/${first}`, undefined, 200);
  await ok('PUT', `/api/clients/${clientId}/manager`, { managerId: manager.id }, 200);
  // The oil change is 1 500 ₽; the second visit is paid in part.
  await finishedVisit({ days: 9, channel: 'panel', plate: 'o777oo 77', partKopecks: 150_000, paidKopecks: 100_000 });
  await server.waitForProjection();
  return { manager, mechanic };
};
