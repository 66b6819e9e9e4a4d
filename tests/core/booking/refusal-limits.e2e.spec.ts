import { describe, expect, it } from 'vitest';
import { createBookingCommands } from '../../../core/booking/booking-commands.ts';
import type { Actor } from '../../../core/shared/actor.ts';
import { createRefusalLimiter } from '../../../core/booking/refusal-limits.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { refusalCounters } from '../../../domain/booking/refusal-limits.ts';
import { startAt, phoneSequence } from '../../support/test-server.ts';
import { serverForFile } from '../../support/file-server.ts';

const server = serverForFile();

const nextPhone = phoneSequence(175_000_001);
const lift = () => server.bays.find((bay) => bay.name === 'Подъёмник 1')!;

const sameStartWindow = (at: number) =>
  refusalCounters({ actor: { kind: 'user', id: 'any' }, branchId: 'any', requestedStart: 0, phoneHash: 'any' }, at)[0]!
    .windowStart;

const refusals = async () =>
  Number(
    (await server.runtime.pool.query(`SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'BookingRefused'`)).rows[0]
      .n,
  );

/** Takes the lift at `time` on day `days` ahead; the start the next ask will find taken. */
const take = async (days: number, time: string) => {
  const start = startAt(server.branch, days, time);
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start,
    bayId: lift().id,
    client: { name: 'Занял', phone: nextPhone() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return start;
};

describe('Refusal events', () => {
  it('are written once however often a manager asks for the same taken time, and the answer stays the same', async () => {
    const start = await take(2, '10:00');
    const before = await refusals();
    const firstAsk = Date.now();
    // Twenty: within the asker's hourly cap, so a window's end met on the way records the next ask.
    for (let i = 0; i < 20; i++) {
      const response = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        start,
        bayId: lift().id,
        client: { name: 'Настойчивый', phone: nextPhone() },
      });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('SLOT_TAKEN');
      expect(response.body.alternatives.length).toBeGreaterThan(0);
    }
    // The counters are fixed ten-minute windows: asks that straddle a window's end are recorded once
    // in each window they touched.
    const windows = new Set([firstAsk, Date.now()].map((at) => sameStartWindow(at))).size;
    expect((await refusals()) - before).toBe(windows);
  });

  describe('when the hourly caps are reached (small caps through the same command)', () => {
    let clock = Date.now();
    const commands = () =>
      createBookingCommands({
        ...server.runtime.deps,
        refusals: createRefusalLimiter(server.runtime.pool, {
          sameStart: { windowMinutes: 10, max: 1 },
          perActor: { windowMinutes: 60, max: 3 },
          perPhone: { windowMinutes: 60, max: 4 },
        }),
        now: () => clock,
      });

    /** Asks for `start` on the lift for `phone` as `actor`; must be refused as taken. */
    const ask = async (actor: Actor, start: string, phone = nextPhone()) => {
      const error = await commands()
        .place(actor, {
          branchId: server.branch.id,
          serviceIds: [server.service('Замена масла').id],
          start,
          bayId: lift().id,
          client: { name: 'Клиент', phone },
          channel: 'panel',
        })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('SLOT_TAKEN');
    };

    it('stops recording one asker after their cap, whatever times they ask for', async () => {
      const starts = [await take(3, '10:00'), await take(3, '11:00'), await take(3, '12:00'), await take(3, '13:00')];
      const manager = await server.addUser('manager', [server.branch.id]);
      const actor = { orgId: server.branch.orgId, userId: manager.id };
      const before = await refusals();
      for (const start of starts) await ask(actor, start);
      expect((await refusals()) - before).toBe(3);
    });

    it('stops recording refusals for one client phone after its cap, whoever asks', async () => {
      const starts = [await take(4, '10:00'), await take(4, '11:00'), await take(4, '12:00'), await take(4, '13:00')];
      const phone = nextPhone();
      const [first, second] = [await server.addUser('manager', [server.branch.id]), await server.addUser('owner')];
      const before = await refusals();
      for (const start of starts.slice(0, 3)) await ask({ orgId: server.branch.orgId, userId: first.id }, start, phone);
      for (const start of [...starts.slice(3), starts[0]!])
        await ask({ orgId: server.branch.orgId, userId: second.id }, start, phone);
      expect((await refusals()) - before).toBe(4);
    });

    it('records the same ask again once its window has passed', async () => {
      const start = await take(5, '10:00');
      const manager = await server.addUser('manager', [server.branch.id]);
      const actor = { orgId: server.branch.orgId, userId: manager.id };
      const before = await refusals();
      await ask(actor, start);
      await ask(actor, start);
      clock += 11 * 60_000;
      await ask(actor, start);
      expect((await refusals()) - before).toBe(2);
    });
  });
});
