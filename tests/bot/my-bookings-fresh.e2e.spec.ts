import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWAP_LOCK } from '../../projections/schema.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * «📋 Мои записи» right after booking lists the booking, though the read models it reads take
 * their changes a moment after the booking's append; and within the branch's notice it names the
 * branch's own phone to call.
 */
let server: TestServer;
let h: BotHarness;

beforeAll(async () => {
  server = await startTestServer();
  h = await startBotHarness({ server });
});
afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

describe('The client’s bookings in the bot', () => {
  it('lists a booking made a moment ago while the read models are still behind', async () => {
    const user = newUser('Майя', 'Быстрая');
    await h.link(user, phoneFor(user));
    await server.waitForProjection();
    // The read models' runner is held (as a replay's swap holds it) while the client books and asks.
    const held = await server.runtime.pool.connect();
    await held.query('SELECT pg_advisory_lock($1)', [SWAP_LOCK]);
    let released = false;
    try {
      await h.toSummary(user, { service: 'Замена масла', days: 3, time: '10:00' });
      expect((await h.press(user, '✅ Записаться')).message!.text).toContain('Вы записаны');
      setTimeout(() => {
        released = true;
        void held.query('SELECT pg_advisory_unlock($1)', [SWAP_LOCK]).finally(() => held.release());
      }, 400);
      const mine = await h.send(user, '📋 Мои записи');
      expect(released).toBe(true);
      expect(mine!.text).toContain('Замена масла');
      expect(mine!.text).not.toContain('нет записей');
    } finally {
      if (!released) {
        await held.query('SELECT pg_advisory_unlock($1)', [SWAP_LOCK]);
        held.release();
      }
    }
  });

  it('names the booking’s branch phone when the booking is inside the notice', async () => {
    const user = newUser('Глеб', 'Поздний');
    await h.link(user, phoneFor(user));
    await h.toSummary(user, { service: 'Замена масла', days: 2, time: '12:00' });
    await h.press(user, '✅ Записаться');
    // The branch has its own phone (the station has none), and now asks a week's notice of a change.
    const changed = await server.api('PATCH', `/api/branches/${server.branch.id}`, {
      phone: '+7 495 765-43-21',
      changeNoticeMinutes: 10_080,
    });
    expect(changed.status).toBe(200);
    const mine = await h.send(user, '📋 Мои записи');
    expect(mine!.text).toContain('по телефону станции');
    expect(mine!.text).toContain('+7 495 765-43-21');
  });
});
