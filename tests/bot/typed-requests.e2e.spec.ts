import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsFor } from '../../conversation/texts.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * A linked client types instead of tapping: a clear request is served by the bot (the booking
 * wizard, their bookings, the station's hours, prices and address), anything else reaches a manager
 * in the inbox as before.
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

const inboxCount = async () =>
  Number(
    (await server.runtime.pool.query(`SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'ClientMessageReceived'`))
      .rows[0].n,
  );

describe('Typed requests in the bot', () => {
  it('starts the booking, shows the bookings and answers hours, prices and the address; the rest goes to a manager', async () => {
    const user = newUser('Игорь', 'Текстов');
    await h.link(user, phoneFor(user));
    const before = await inboxCount();

    expect((await h.send(user, 'здравствуйте хочу записаться на замену масла'))!.text).toBe('Выберите услугу:');

    const mine = await h.send(user, 'на когда я записан?');
    expect(mine!.text).toBe(textsFor('ru').mineEmpty);

    const hours = await h.send(user, 'до скольки вы сегодня работаете');
    expect(hours!.text.split('\n')[0]).toBe('Мы работаем:');
    expect(hours!.text).toMatch(/\d{1,2}:\d\d–\d{1,2}:\d\d/);

    const prices = await h.send(user, 'сколько стоит шиномонтаж?');
    expect(prices!.text.split('\n')[0]).toBe('Цены на работы:');
    expect(prices!.text).toContain('₽');

    // No address in the station's settings yet: a manager answers.
    const noAddress = await h.send(user, 'как к вам доехать');
    expect(noAddress!.text).toContain('Передали ваше сообщение менеджеру');
    await server.runtime.pool.query(`UPDATE organizations SET legal_address = $2 WHERE id = $1`, [
      server.branch.orgId,
      'г. Москва, ул. Ленина, 1',
    ]);
    expect((await h.send(user, 'как к вам доехать'))!.text).toContain('Наш адрес: г. Москва, ул. Ленина, 1');

    const forManager = await h.send(user, 'а машину уже сделали?');
    expect(forManager!.text).toContain('Передали ваше сообщение менеджеру');
    // Exactly the two messages a manager must answer reached the inbox.
    expect((await inboxCount()) - before).toBe(2);
  });
});
