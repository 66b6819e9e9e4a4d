import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsFor } from '../../conversation/texts.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { buttonsOf } from '../support/fake-telegram.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

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

    // The service the text names is taken: the wizard opens at its days.
    expect((await h.send(user, 'здравствуйте хочу записаться на замену масла'))!.text).toBe(
      'Замена масла\nВыберите день (✖ — свободного времени нет):',
    );
    expect((await h.send(user, 'хочу записаться'))!.text).toBe('Выберите услугу:');

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
    // The branch's own address, once the owner gives one, is where the client is sent.
    const own = await server.api('PATCH', `/api/branches/${server.branch.id}`, { address: 'г. Москва, ул. Садовая, 5' });
    expect(own.status).toBe(200);
    expect((await h.send(user, 'где вы находитесь?'))!.text).toContain('Наш адрес: г. Москва, ул. Садовая, 5');
    await server.api('PATCH', `/api/branches/${server.branch.id}`, { address: null });
    await server.api('PATCH', `/api/branches/${server.branch.id}`, { phone: '+7 495 111-22-33' });
    expect((await h.send(user, 'какой у вас телефон?'))!.text).toContain('Наш телефон: +7 495 111-22-33');
    await server.api('PATCH', `/api/branches/${server.branch.id}`, { phone: null });

    const forManager = await h.send(user, 'а машину уже сделали?');
    expect(forManager!.text).toContain('Передали ваше сообщение менеджеру');
    // Exactly the two messages a manager must answer reached the inbox.
    expect((await inboxCount()) - before).toBe(2);
  });

  it('says when a typed day is a day off or beyond the days the bot books, and offers the days it can', async () => {
    const user = newUser('Ада', 'Датова');
    await h.link(user, phoneFor(user));
    const months = [
      'января',
      'февраля',
      'марта',
      'апреля',
      'мая',
      'июня',
      'июля',
      'августа',
      'сентября',
      'октября',
      'ноября',
      'декабря',
    ];
    const spoken = (day: Temporal.PlainDate) => `${day.day} ${months[day.month - 1]}`;
    const today = Temporal.Now.plainDateISO(server.branch.timeZone);
    const off = today.add({ days: 5 });
    const set = await server.api('PATCH', `/api/branches/${server.branch.id}`, {
      phone: '+7 495 222-33-44',
      daysOff: [off.toString()],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    try {
      await h.send(user, `хочу на замену масла ${spoken(off)}`);
      const said = h.telegram.chat(user.id).map((message) => message.text);
      expect(said.at(-2)).toMatch(/^.. \d\d\.\d\d станция не работает\. Выберите другой день:$/);
      expect(said.at(-1)).toMatch(/^Замена масла\nВыберите день/);

      const far = today.add({ days: server.branch.bookingHorizonDays + 20 });
      await h.send(user, `запишите на замену масла ${spoken(far)}`);
      const after = h.telegram.chat(user.id).map((message) => message.text);
      expect(after.at(-2)).toContain('Через бота можно записаться до');
      expect(after.at(-2)).toContain('по телефону +7 495 222-33-44');
      expect(after.at(-1)).toMatch(/^Замена масла\nВыберите день/);
    } finally {
      await server.api('PATCH', `/api/branches/${server.branch.id}`, { phone: null, daysOff: [] });
    }
  });

  it('answers a thanks as a thanks, and still keeps it for the manager', async () => {
    const user = newUser('Вера', 'Благодарная');
    await h.link(user, phoneFor(user));
    const before = await inboxCount();
    for (const text of ['Спасибо большое!', '👍', 'ок, понял']) {
      expect((await h.send(user, text))!.text, text).toBe(
        'Пожалуйста! Менеджер увидит ваше сообщение. Если что-то понадобится — пишите сюда.',
      );
    }
    expect((await h.send(user, 'спасибо, а когда будет готово?'))!.text).toContain('Передали ваше сообщение менеджеру');
    expect((await inboxCount()) - before).toBe(4);
  });

  it('opens at the morning times of the day and the service a client typed, and books one', async () => {
    const user = newUser('Тимур', 'Утренний');
    await h.link(user, phoneFor(user));
    // Three days ahead, named by its weekday as a client would: never today, whose morning may be gone.
    const day = Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: 3 });
    const weekday = ['в понедельник', 'во вторник', 'в среду', 'в четверг', 'в пятницу', 'в субботу', 'в воскресенье'][
      day.dayOfWeek - 1
    ]!;
    const offer = (await h.send(user, `хочу поменять масло ${weekday} утром`))!;
    const dm = `${String(day.day).padStart(2, '0')}.${String(day.month).padStart(2, '0')}`;
    expect(offer.text).toMatch(new RegExp(`^Замена масла, .. ${dm.replace('.', '\\.')}, до 12:00\nВыберите время:$`));
    const times = (message: typeof offer) =>
      buttonsOf(message)
        .map((button) => button.text)
        .filter((text) => /^\d\d:\d\d$/.test(text));
    expect(times(offer)).toContain('10:00');
    expect(times(offer).every((time) => time < '12:00')).toBe(true);

    const { message: wholeDay } = await h.press(user, 'Всё время этого дня');
    expect(times(wholeDay!)).toEqual(expect.arrayContaining(['10:00', '15:00']));

    await h.press(user, '10:00');
    await h.send(user, 'Kia Rio');
    expect((await h.press(user, '✅ Записаться')).message!.text).toContain('Вы записаны');
    const booked = (await h.eventsOf('BookingRequested')).at(-1)!;
    expect(booked.data.start).toBe(new Date(Date.parse(startAt(server.branch, 3, '10:00'))).toISOString());
  });

  it('takes a job named with a day or a need as a booking, and leaves a job alone or a change to a manager', async () => {
    const user = newUser('Пётр', 'Краткий');
    await h.link(user, phoneFor(user));
    const before = await inboxCount();
    expect((await h.send(user, 'развал послезавтра вечером сделаете?'))!.text).toMatch(
      /^Развал-схождение, .. \d\d\.\d\d, после 17:00/,
    );
    expect((await h.send(user, 'масло менять пора'))!.text).toMatch(/^Замена масла\nВыберите день/);
    expect((await h.send(user, 'подскажите по кузовному ремонту'))!.text).toContain('Передали ваше сообщение менеджеру');
    expect((await h.send(user, 'договорились на развал в пятницу, а можно на субботу?'))!.text).toContain(
      'Передали ваше сообщение менеджеру',
    );
    expect((await inboxCount()) - before).toBe(2);
  });
});
