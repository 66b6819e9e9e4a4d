import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textLimits } from '../../domain/shared/input-rules.ts';
import type { FakeUser } from '../support/fake-telegram.ts';
import { buttonOf } from '../support/fake-telegram.ts';
import { newUser, phoneFor, serviceButton, startBotHarness, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** Service, date `days` ahead and time chosen: the wizard asks for the car. */
const toCarQuestion = async (user: FakeUser, days: number, time: string) => {
  await h.send(user, '📅 Записаться');
  await h.press(user, serviceButton('Замена масла'));
  const dates = h.withButton(user, /\d\d\.\d\d/);
  const date = dates
    .reply_markup!.inline_keyboard!.flat()
    .find((button) => button.callback_data?.includes(`:${h.dateData(days)}:`))!;
  await h.pressData(user, dates, date.callback_data!);
  await h.press(user, time);
  if (buttonOf(h.telegram.lastMessage(user.id), 'Другой автомобиль')) await h.press(user, 'Другой автомобиль');
};

/** Sends `text` and checks the bot answered `expected` and wrote nothing. */
const refused = async (user: FakeUser, text: string, expected: string) => {
  const before = await h.server.eventCount();
  const reply = await h.send(user, text);
  expect(reply!.text).toContain(expected);
  expect(await h.server.eventCount()).toBe(before);
};

describe('Telegram bot text answers', () => {
  it('holds the car, plate and comment to the rules the booking command keeps, then books', async () => {
    const user = newUser('Руслан');
    await h.link(user, phoneFor(user));
    await toCarQuestion(user, 3, '10:00');

    await refused(user, 'Kia\u0000Rio', 'служебные символы');
    await refused(user, `Kia ${'R'.repeat(textLimits.carModel + 1)}`, 'марку и модель');
    await refused(user, '🚗', 'марку и модель');
    await refused(user, '— ?', 'марку и модель');
    expect((await h.send(user, 'Kia Rio'))!.text).toContain('Kia Rio');

    // The plate and the comment left out are added from the summary.
    expect((await h.press(user, '🔢 Добавить госномер')).message!.text).toContain('Напишите госномер');
    await refused(user, 'А1', 'Госномер выглядит странно');
    await refused(user, 'А001\u0000АА77', 'служебные символы');
    expect((await h.send(user, 'а 001 аа 77'))!.text).toContain('Kia Rio А001АА77');
    expect(buttonOf(h.telegram.lastMessage(user.id), '🔢 Добавить госномер')).toBeUndefined();

    expect((await h.press(user, '💬 Добавить комментарий')).message!.text).toContain('что беспокоит');
    await refused(user, 'x'.repeat(textLimits.comment + 1), `длиннее ${textLimits.comment}`);
    await refused(user, 'позвоните\u0000', 'служебные символы');
    const summary = await h.send(user, 'позвоните\nвечером');
    expect(summary!.text).toContain('Kia Rio А001АА77');
    expect(summary!.text).toContain('позвоните\nвечером');
    expect(buttonOf(summary, '💬 Добавить комментарий')).toBeUndefined();
    expect(buttonOf(summary, '💬 Изменить комментарий')).toBeDefined();

    await h.press(user, '✅ Записаться');
    const booked = (await h.eventsOf('BookingRequested')).at(-1)!;
    await h.server.waitForProjection();
    const { rows } = await h.server.runtime.pool.query('SELECT car, plate, comment FROM rm.bookings WHERE id = $1', [
      booked.data.bookingId,
    ]);
    expect(rows[0]).toEqual({ car: 'Kia Rio', plate: 'А001АА77', comment: 'позвоните\nвечером' });
  });

  it('answers a question typed instead of the car, still waits for the car, and takes a corrected car or plate at the summary', async () => {
    const user = newUser('Зоя');
    await h.link(user, phoneFor(user));
    await toCarQuestion(user, 4, '11:00');

    // A question is answered, not booked as the car.
    const prices = await h.send(user, 'а сколько это стоит?');
    expect(prices!.text.split('\n')[0]).toBe('Цены на работы:');
    // A request about the data gets the /privacy choices, and is not the car either.
    expect(buttonOf(await h.send(user, 'удалите мои данные'), 'Запросить удаление данных')).toBeDefined();
    // A request no rule answers goes to a manager, and is not the car either.
    expect((await h.send(user, 'позовите менеджера'))!.text).toContain('Передали ваше сообщение менеджеру');
    // The wizard still waits for the car.
    const summary = await h.send(user, 'Kia Rio');
    expect(summary!.text).toContain('Автомобиль: Kia Rio');
    expect(summary!.text).not.toMatch(/сколько|данные/);

    // Typed at the summary: a plate on its own is added, a car ending in a plate replaces the car.
    expect((await h.send(user, 'а 002 аа 77'))!.text).toContain('Автомобиль: Kia Rio А002АА77');
    expect((await h.send(user, 'Lada Vesta в777ор750'))!.text).toContain('Автомобиль: Lada Vesta В777ОР750');
    // A question at the summary changes nothing there.
    expect((await h.send(user, 'а где вы находитесь?'))!.text).not.toContain('Автомобиль');

    await h.press(user, '✅ Записаться');
    const booked = (await h.eventsOf('BookingRequested')).at(-1)!;
    await h.server.waitForProjection();
    const { rows } = await h.server.runtime.pool.query('SELECT car, plate FROM rm.bookings WHERE id = $1', [
      booked.data.bookingId,
    ]);
    expect(rows[0]).toEqual({ car: 'Lada Vesta', plate: 'В777ОР750' });
  });

  it('at the plate question skips the plate on «не знаю» and passes a phrase on instead of refusing it as a plate', async () => {
    const user = newUser('Олег');
    await h.link(user, phoneFor(user));
    await toCarQuestion(user, 5, '10:00');
    await h.send(user, 'Лада');
    await h.press(user, '🔢 Добавить госномер');

    // A phrase goes on to a manager, a question is answered: neither is refused as a plate.
    expect((await h.send(user, 'я опаздываю на 15 минут'))!.text).toContain('Передали ваше сообщение менеджеру');
    expect((await h.send(user, 'сколько стоит шиномонтаж'))!.text.split('\n')[0]).toBe('Цены на работы:');
    // A plate mistyped is still asked again.
    expect((await h.send(user, 'А1'))!.text).toContain('Госномер выглядит странно');

    const before = h.telegram.messages.length;
    const summary = await h.send(user, 'не знаю');
    expect(h.telegram.messages.slice(before).map((message) => message.text)).toContain('Хорошо, запишем без госномера.');
    expect(summary!.text).toMatch(/^Автомобиль: Лада$/m);
    expect(summary!.text).not.toContain('НЕЗНАЮ');
    expect(buttonOf(summary, '🔢 Добавить госномер')).toBeDefined();
  });

  it('cleans a messenger name with control characters instead of locking the client out', async () => {
    const user = newUser('Иван\u0007', 'Петров\u0000');
    await h.link(user, phoneFor(user));
    const registered = (await h.eventsOf('ClientRegistered')).at(-1)!;
    const profile = await h.server.runtime.deps.vault.open<{ name: string }>(registered.data.clientId, registered.data.profile);
    expect(profile!.name).toBe('Иван Петров');
    await toCarQuestion(user, 4, '10:00');
    await h.send(user, 'Lada Vesta');
    const { message } = await h.press(user, '✅ Записаться');
    expect(message!.text).toContain('Вы записаны');
  });
});
