import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentNotice } from '../../conversation/consent.ts';
import { buttonOf, buttonsOf } from '../support/fake-telegram.ts';
import { startAt } from '../support/test-server.ts';
import { newUser, phoneFor, serviceButton, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('Telegram bot conversation', () => {
  it('takes a client from /start to a booking on the board, then tells them the manager confirmed it', async () => {
    const user = newUser('Иван', 'Петров');
    const greeting = await h.send(user, '/start');
    const [hello, consent] = h.telegram.chat(user.id);
    expect(hello!.text).toContain('Демо СТО');
    // The consent is its own message, with both answers and nothing pre-ticked.
    expect(consent).toBe(greeting);
    expect(consent!.text).toBe(consentNotice('ru', 'Демо СТО').text);
    expect(buttonOf(consent, 'Согласен')).toBeDefined();
    expect(buttonOf(consent, 'Не согласен')).toBeDefined();
    expect(await h.server.eventCount()).toBe(0);

    const { answer, message: askPhone } = await h.press(user, /^Согласен$/);
    expect(answer).toBeDefined();
    expect(askPhone!.reply_markup!.keyboard!.flat()).toContainEqual(expect.objectContaining({ request_contact: true }));
    // Nothing personal before the phone: no events yet.
    expect(await h.server.eventCount()).toBe(0);

    const linked = await h.contact(user, { phone_number: phoneFor(user), first_name: 'Иван', user_id: user.id });
    expect(linked!.text).toContain('номер подтверждён');
    const [registered] = await h.eventsOf('ClientRegistered');
    const [consentGiven] = await h.eventsOf('ConsentGiven');
    const [telegramLinked] = await h.eventsOf('TelegramLinked');
    expect(registered!.data.channel).toBe('telegram');
    expect(consentGiven!.data).toMatchObject({
      purpose: 'personal-data',
      noticeVersion: consentNotice('ru', 'Демо СТО').version,
      textHash: createHash('sha256').update(consentNotice('ru', 'Демо СТО').text).digest('hex'),
      evidence: { iv: expect.any(String), data: expect.any(String) },
    });
    expect(telegramLinked!.stream_id).toBe(consentGiven!.stream_id);
    // The evidence is sealed: update id and callback id, opened only with the client's key.
    const clientId = consentGiven!.data.clientId as string;
    const evidence = await h.server.runtime.deps.vault.open<Record<string, unknown>>(clientId, consentGiven!.data.evidence);
    expect(evidence).toMatchObject({ callbackQueryId: expect.any(String), consentUpdateId: expect.any(Number) });

    // A new client books in eight actions: /start, «Согласен», the contact, then service, day, time,
    // the car with its plate in one answer, and confirm — the services follow the link unasked.
    expect(h.telegram.lastMessage(user.id)!.text).toContain('Выберите услугу');
    await h.press(user, serviceButton('Замена масла'));
    const dates = h.withButton(user, /\d\d\.\d\d/);
    const day = buttonsOf(dates).find((button) => button.callback_data?.includes(`:${h.dateData(2)}:`))!;
    await h.pressData(user, dates, day.callback_data!);
    await h.press(user, '10:00');
    const summary = (await h.send(user, 'Kia Rio а123вс777'))!;
    expect(summary.text).toContain('Замена масла');
    expect(summary.text).toContain('Kia Rio А123ВС777');
    expect(summary.text).toMatch(/Стоимость: 1\s500 ₽/);
    const { message: booked } = await h.press(user, '✅ Записаться');
    expect(booked!.text).toContain('Вы записаны');

    const [requested] = await h.eventsOf('BookingRequested');
    expect(requested!.data).toMatchObject({ channel: 'telegram', clientId, requestedBy: null });
    expect(requested!.data.start).toBe(new Date(Date.parse(startAt(h.server.branch, 2, '10:00'))).toISOString());

    await h.server.waitForProjection();
    const date = startAt(h.server.branch, 2, '10:00').slice(0, 10);
    const board = await h.server.api('GET', `/api/board?branchId=${h.server.branch.id}&date=${date}`);
    const card = board.body.columns.find((column: any) => column.status === 'New').cards[0];
    expect(card).toMatchObject({
      id: requested!.data.bookingId,
      channel: 'telegram',
      clientName: 'Иван Петров',
      car: 'Kia Rio',
      plate: 'А123ВС777',
    });

    const confirmed = await h.server.api('POST', `/api/bookings/${card.id}/status`, { status: 'Confirmed' });
    expect(confirmed.status).toBe(200);
    const note = await h.telegram.waitFor(
      () => h.telegram.chat(user.id).find((message) => message.text.includes('подтверждена')),
      5_000,
      'the confirmation message',
    );
    expect(note.text).toContain('Замена масла');

    await h.server.waitForProjection();
    const mine = await h.send(user, '📋 Мои записи');
    expect(mine!.text).toContain('Замена масла');
    expect(mine!.text).toContain('подтверждена');
    expect(buttonOf(mine, 'Отменить')).toBeDefined();
    expect(buttonOf(mine, 'Перенести')).toBeDefined();
  });

  it('offers the car it remembered on the next booking', async () => {
    const user = newUser('Ольга');
    await h.link(user, phoneFor(user));
    await h.toSummary(user, { service: 'Диагностика', days: 3, time: '11:00', car: 'Lada Vesta', plate: 'В456ОР199' });
    await h.press(user, '✅ Записаться');
    await h.send(user, '📅 Записаться');
    await h.press(user, serviceButton('Диагностика'));
    const dates = h.withButton(user, /\d\d\.\d\d/);
    const date = dates
      .reply_markup!.inline_keyboard!.flat()
      .find((button) => !button.text.startsWith('✖') && button.callback_data?.startsWith('1:d:'))!;
    await h.pressData(user, dates, date.callback_data!);
    const times = h.withButton(user, /^\d\d:\d\d$/);
    await h.pressData(user, times, buttonOf(times, /^\d\d:\d\d$/)!.callback_data!);
    expect(buttonOf(h.telegram.lastMessage(user.id), 'Lada Vesta В456ОР199')).toBeDefined();
  });

  it('goes back a step and cancels the wizard without writing anything', async () => {
    const user = newUser('Пётр');
    await h.link(user, phoneFor(user));
    const before = await h.server.eventCount();
    await h.send(user, '📅 Записаться');
    await h.press(user, 'Шиномонтаж');
    const { message: back } = await h.press(user, '← Назад');
    expect(back!.text).toContain('Выберите услугу');
    const { message: cancelled } = await h.press(user, '✖ Отменить');
    // Not «Запись отменена»: a client with visits would read that as one of them cancelled.
    expect(cancelled!.text).toBe('Запись не оформлена. Если захотите записаться — нажмите «📅 Записаться».');
    expect(await h.server.eventCount()).toBe(before);
  });

  it('after consent, answers a text or a sticker with the phone button again, not with /start', async () => {
    const user = newUser('Вика');
    await h.send(user, '/start');
    await h.press(user, 'Согласен');
    const sticker = {
      file_id: 's',
      file_unique_id: 'su',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      type: 'regular',
    };
    const reminder = 'Согласие уже получено, осталось поделиться номером телефона: нажмите кнопку «📱 Отправить мой номер» ниже.';
    const shareButton = [[{ text: '📱 Отправить мой номер', request_contact: true }]];
    await h.handled(h.telegram.sendMessage(user, { sticker }));
    const toSticker = h.telegram.lastMessage(user.id)!;
    expect(toSticker.text).toBe(reminder);
    expect(toSticker.reply_markup!.keyboard).toEqual(shareButton);
    // A request to book, which needs the phone too.
    const toText = await h.send(user, 'хочу записаться на замену масла');
    expect(toText!.text).toBe(reminder);
    expect(toText!.reply_markup!.keyboard).toEqual(shareButton);
  });

  it('declines politely when the client does not consent, and stores nothing', async () => {
    const user = newUser('Нина');
    await h.send(user, '/start');
    const before = await h.server.eventCount();
    const { message } = await h.press(user, 'Не согласен');
    expect(message!.text).toContain('Без согласия');
    // The station has no phone yet: no dangling colon, just the advice to call.
    expect(message!.text).toContain('Вы можете позвонить на станцию. Если передумаете');
    await h.contact(user, { phone_number: phoneFor(user), first_name: 'Нина', user_id: user.id });
    expect(h.telegram.lastMessage(user.id)!.text).toContain('Сначала нужно ваше согласие');
    expect(await h.server.eventCount()).toBe(before);
    const rows = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM bot_chats WHERE chat_id = $1', [user.id]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('keeps a consent it thanked for when Telegram refused the messages after the thanks', async () => {
    const user = newUser('Зоя');
    await h.send(user, '/start');
    // Telegram answers the chat's calls with a 429 too long to wait for: the turn fails after its toast.
    h.telegram.rateLimit(user.id, 10, 120);
    const { answer } = await h.press(user, 'Согласен');
    expect(answer?.text).toContain('согласие получено');
    h.telegram.heal(user.id);
    await h.contact(user, { phone_number: phoneFor(user), first_name: 'Зоя', user_id: user.id });
    expect(h.telegram.lastMessage(user.id)!.text).not.toContain('Сначала нужно ваше согласие');
    const rows = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM bot_chats WHERE chat_id = $1', [user.id]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('speaks English after /language and sends notifications in it', async () => {
    const user = newUser('John');
    await h.link(user, phoneFor(user));
    await h.send(user, '/language');
    const { message } = await h.press(user, 'English');
    expect(message!.text).toBe('Language: English.');
    const menu = await h.send(user, '/start');
    expect(menu!.text).toContain('How can we help');
    const card = await h.server.api('POST', '/api/bookings', {
      branchId: h.server.branch.id,
      serviceId: h.server.service('Развал').id,
      start: startAt(h.server.branch, 4, '12:00'),
      client: { name: 'John', phone: `+${phoneFor(user)}` },
    });
    expect(card.status).toBe(201);
    await h.server.api('POST', `/api/bookings/${card.body.id}/status`, { status: 'Cancelled', reason: 'station' });
    const note = await until(() => h.telegram.chat(user.id).find((m) => m.text.includes('cancelled')), 'the English notice');
    expect(note.text).toContain('Reason: by the station');
  });
});

describe('Telegram bot and the client record', () => {
  it('recognises a client the station already has by phone', async () => {
    const user = newUser('Давний');
    const earlier = await h.server.api('POST', '/api/bookings', {
      branchId: h.server.branch.id,
      serviceId: h.server.service('Диагностика').id,
      start: startAt(h.server.branch, 8, '09:00'),
      client: { name: 'Давний Клиент', phone: `+${phoneFor(user)}` },
    });
    expect(earlier.status).toBe(201);
    const registeredBefore = (await h.eventsOf('ClientRegistered')).length;
    const reply = await h.link(user, phoneFor(user));
    expect(reply!.text).toContain('Мы нашли вашу карточку');
    expect(await h.eventsOf('ClientRegistered')).toHaveLength(registeredBefore);
    await h.server.waitForProjection();
    const mine = await h.send(user, '📋 Мои записи');
    expect(mine!.text).toContain('Диагностика ходовой');
  });

  it('links a client from the imported base and books for them', async () => {
    const user = newUser('Импорт');
    const csv = new TextEncoder().encode(`ФИО,Телефон\nИмпортов Иван,8${phoneFor(user).slice(1)}\n`);
    const imported = await fetch(`${h.server.url}/api/imports?fileName=clients.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.server.token}`, 'content-type': 'application/octet-stream' },
      body: csv,
    });
    expect(imported.status).toBe(201);
    const [importedEvent] = await h.eventsOf('ClientImported');
    const reply = await h.link(user, phoneFor(user));
    expect(reply!.text).toContain('Мы нашли вашу карточку');
    const linkedEvent = (await h.eventsOf('TelegramLinked')).at(-1)!;
    expect(linkedEvent.stream_id).toBe(importedEvent!.stream_id);
    expect((await h.eventsOf('ClientRegistered')).filter((event) => event.stream_id === importedEvent!.stream_id)).toEqual([]);
    await h.toSummary(user, { service: 'Замена масла', days: 9, time: '10:00' });
    await h.press(user, '✅ Записаться');
    const booked = (await h.eventsOf('BookingRequested')).at(-1)!;
    expect(booked.data.clientId).toBe(importedEvent!.data.clientId);
  });

  it('withdraws consent from /privacy and forgets the chat', async () => {
    const user = newUser('Уходит');
    await h.link(user, phoneFor(user));
    await h.send(user, '/privacy');
    await h.press(user, 'Отозвать согласие');
    const { message } = await h.press(user, 'Да, отозвать');
    expect(message!.text).toContain('Согласие отозвано');
    const withdrawn = await h.eventsOf('ConsentWithdrawn');
    expect(withdrawn.at(-1)!.data.purpose).toBe('personal-data');
    const { rows } = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM bot_chats WHERE chat_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
    const again = await h.send(user, '/start');
    expect(again!.text).toContain('Согласие на обработку персональных данных');
  });

  it('deletes the bot’s rows about a client when the client is erased', async () => {
    const user = newUser('Стереть');
    await h.link(user, phoneFor(user));
    await h.send(user, '📅 Записаться');
    const [linkedEvent] = (await h.eventsOf('TelegramLinked')).slice(-1);
    const clientId = linkedEvent!.data.clientId as string;
    const stream = `client-${clientId}`;
    const { version } = await h.server.runtime.deps.store.readStream(stream);
    await h.server.runtime.deps.store.appendMany([
      {
        stream,
        expected: version,
        events: [
          {
            type: 'ClientErased',
            data: { clientId, reason: 'request', erasedBy: null, erasedAt: new Date().toISOString() },
          },
        ],
      },
    ]);
    await h.reactorCaughtUp();
    const count = async (table: string) =>
      (await h.server.runtime.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE client_id = $1`, [clientId])).rows[0].n;
    expect(await count('bot_chats')).toBe(0);
    expect(await count('bot_sessions')).toBe(0);
    expect(await count('bot_reminders')).toBe(0);
  });
});

// Last in the file: it gives the branch a phone the tests above do not expect.
describe('Telegram bot and the station’s phone', () => {
  it('names the branch’s phone when the client does not consent', async () => {
    const changed = await h.server.api('PATCH', `/api/branches/${h.server.branch.id}`, { phone: '+7 495 555-66-77' });
    expect(changed.status).toBe(200);
    const user = newUser('Олег');
    await h.send(user, '/start');
    const { message } = await h.press(user, 'Не согласен');
    expect(message!.text).toContain('Вы можете позвонить на станцию: +7 495 555-66-77. Если передумаете — нажмите /start.');
  });
});
