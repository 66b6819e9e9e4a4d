import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * A client books no nearer than the branch's notice (2 h by default). The bot offers only such
 * times; one chosen and confirmed after the clock moved inside the notice is refused in words, with
 * the station's phone, and the client is back at the times.
 */
let server: TestServer;
let h: BotHarness;
const ZONE = 'Europe/Moscow';
// The station's clock reads 10:00 tomorrow: its «today» has the whole working day ahead whatever time the suite runs.
const TODAY = Temporal.Now.plainDateISO(ZONE).add({ days: 1 });
const at = (time: string) =>
  TODAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds;
let clock = at('10:00');

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  await server.runtime.pool.query('UPDATE organizations SET phone = $2 WHERE id = $1', [server.branch.orgId, '+7 495 123-45-67']);
  h = await startBotHarness({ server });
});
afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

describe('The client’s notice in the bot', () => {
  it('offers times from two hours ahead, and refuses one that came inside the notice while the client chose', async () => {
    const user = newUser('Вера', 'Поздняя');
    await h.link(user, phoneFor(user));
    await h.send(user, '📅 Записаться');
    const { message: days } = await h.press(user, /^Замена масла/);
    expect(days!.text).toContain('Выберите день');
    const dm = `${String(TODAY.day).padStart(2, '0')}.${String(TODAY.month).padStart(2, '0')}`;
    const { message: times } = await h.press(user, new RegExp(dm.replace('.', '\\.')));
    const offered = (times!.reply_markup?.inline_keyboard ?? [])
      .flat()
      .map((button) => button.text)
      .filter((text) => /^\d\d:\d\d$/.test(text));
    // It is 10:00 at the station: nothing before 12:00 is offered.
    expect(offered[0]).toBe('12:00');
    await h.press(user, '12:00');
    await h.send(user, 'Kia Rio');
    // The client thinks it over for an hour and a half.
    clock = at('11:30');
    const before = (await h.eventsOf('BookingRequested')).length;
    const { message: refused } = await h.press(user, '✅ Записаться');
    const said = h.telegram.chat(user.id).map((message) => message.text);
    expect(said).toContainEqual(
      'Через бота записываем не позже чем за 2 ч до начала. Выберите время позже или позвоните на станцию: +7 495 123-45-67.',
    );
    expect(refused!.text).toContain('Выберите время');
    expect((await h.eventsOf('BookingRequested')).length).toBe(before);
  });
});
