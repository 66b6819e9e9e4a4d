import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * A client books at most three upcoming visits themselves, in a bot as on the web page: the
 * fourth is refused before they choose anything, and at the last tap if another booking came in
 * meanwhile. The station still books more for them.
 */
let server: TestServer;
let h: BotHarness;

beforeAll(async () => {
  server = await startTestServer();
  h = await startBotHarness({ server });
  await server.runtime.pool.query('UPDATE organizations SET phone = $2 WHERE id = $1', [server.branch.orgId, '+7 495 123-45-67']);
});
afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

const bookFor = async (phone: string, days: number) => {
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, days, '11:00'),
    client: { name: 'Олег Трижды', phone: `+${phone}` },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const bookingsPlaced = async () => (await h.eventsOf('BookingRequested')).length;

describe('The cap on a client’s own bookings in the bot', () => {
  it('refuses a fourth upcoming visit before the wizard starts and again at the last tap, and opens once one is cancelled', async () => {
    const user = newUser('Олег', 'Трижды');
    const phone = phoneFor(user);
    await h.link(user, phone);
    await bookFor(phone, 2);
    const second = await bookFor(phone, 3);

    // Two upcoming: the wizard opens and gets as far as the summary.
    expect((await h.send(user, '📅 Записаться'))!.text).toBe('Выберите услугу:');
    await h.press(user, /^Замена масла/);
    const day = Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: 5 });
    await h.press(user, new RegExp(`${String(day.day).padStart(2, '0')}\\.${String(day.month).padStart(2, '0')}`));
    await h.press(user, '10:00');
    await h.send(user, 'Kia Rio');
    // Meanwhile the desk books a third for them: the last tap is refused, and nothing is booked.
    await bookFor(phone, 4);
    const before = await bookingsPlaced();
    const refused = (await h.press(user, '✅ Записаться')).message!.text;
    expect(refused).toBe(
      'У вас уже 3 предстоящие записи — больше через бота не записать. Их можно посмотреть и отменить в «📋 Мои записи», а записаться ещё — по телефону станции +7 495 123-45-67.',
    );
    expect(await bookingsPlaced()).toBe(before);

    // Three upcoming: the wizard does not open at all, by the menu or by typing.
    expect((await h.send(user, '📅 Записаться'))!.text).toContain('У вас уже 3 предстоящие записи');
    expect((await h.send(user, 'хочу записаться на замену масла'))!.text).toContain('У вас уже 3 предстоящие записи');

    // One cancelled: there is room again.
    const cancelled = await server.api('POST', `/api/bookings/${second}/status`, {
      status: 'Cancelled',
      reason: 'client_request',
    });
    expect(cancelled.status).toBe(200);
    // The station's cancellation reaches the chat on its own; the answer to the next tap comes after it.
    await until(
      () => h.telegram.chat(user.id).some((message) => message.text.includes('Ваша запись отменена')),
      'the cancellation',
    );
    expect((await h.send(user, '📅 Записаться'))!.text).toBe('Выберите услугу:');
  });
});
