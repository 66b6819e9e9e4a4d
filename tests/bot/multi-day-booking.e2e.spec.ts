import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** A job over several days (body work) is booked in the bot with when the car will be ready, not only when to bring it. */
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

describe('A multi-day job booked in the bot', () => {
  it('says when the car will be ready, and a one-day job does not', async () => {
    const user = newUser('Антон', 'Кузовов');
    await h.link(user, phoneFor(user));
    const day = Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: 4 });
    const dayButton = new RegExp(`${String(day.day).padStart(2, '0')}\\.${String(day.month).padStart(2, '0')}`);

    await h.send(user, '📅 Записаться');
    await h.press(user, /^Кузовной ремонт/);
    await h.press(user, dayButton);
    await h.press(user, '09:00');
    await h.send(user, 'Kia Rio');
    const booked = (await h.press(user, '✅ Записаться')).message!.text;
    // 16 hours of work from 09:00 on days open 09:00–20:00: done the next day at 14:00.
    const next = day.add({ days: 1 });
    const dm = `${String(next.day).padStart(2, '0')}.${String(next.month).padStart(2, '0')}`;
    expect(booked).toMatch(
      new RegExp(`^Вы записаны на .+ 09:00\\.\\nМашина будет готова: .*${dm.replace('.', '\\.')}.*14:00\\.\\n`),
    );

    await h.send(user, '📅 Записаться');
    await h.press(user, /^Замена масла/);
    await h.press(user, dayButton);
    await h.press(user, '18:00');
    await h.press(user, '🚗 Kia Rio');
    const oneDay = (await h.press(user, '✅ Записаться')).message!.text;
    expect(oneDay).toMatch(/^Вы записаны на .+ 18:00\.\nМенеджер подтвердит/);
    expect(oneDay).not.toContain('готова');
  });
});
