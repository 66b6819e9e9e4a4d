import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../conversation/callback-data.ts';
import { startAt } from '../support/test-server.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { buttonOf } from '../support/fake-telegram.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.stop();
});

const linkedRows = async (chatId: number) =>
  (await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM bot_chats WHERE chat_id = $1', [chatId])).rows[0].n;

describe('Telegram bot refusals', () => {
  describe('when a contact is not the sender’s own', () => {
    it('refuses a contact of someone else, one without user_id and a forwarded one, writing nothing', async () => {
      const user = newUser('Мария');
      const other = newUser('Сосед');
      await h.send(user, '/start');
      await h.press(user, /^Согласен$/);
      const before = await h.server.eventCount();

      const someoneElse = await h.contact(user, { phone_number: phoneFor(other), first_name: 'Сосед', user_id: other.id });
      expect(someoneElse!.text).toContain('Это не ваш номер');
      const typed = await h.contact(user, { phone_number: phoneFor(user), first_name: 'Мария' });
      expect(typed!.text).toContain('Не удалось подтвердить');
      const forwarded = await h.contact(user, { phone_number: phoneFor(user), first_name: 'Мария', user_id: user.id }, other);
      expect(forwarded!.text).toContain('Пересланный контакт');
      const digits = await h.send(user, '+7 916 000-00-00');
      expect(digits!.text).toContain('нажмите кнопку');

      expect(await h.server.eventCount()).toBe(before);
      expect(await linkedRows(user.id)).toBe(0);
      const phones = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM client_phones');
      expect(phones.rows[0].n).toBe(0);

      // The real thing still works afterwards.
      const own = await h.contact(user, { phone_number: phoneFor(user), first_name: 'Мария', user_id: user.id });
      expect(own!.text).toContain('номер подтверждён');
      expect(await linkedRows(user.id)).toBe(1);
    });

    it('refuses a contact sent before consent', async () => {
      const user = newUser('Глеб');
      await h.send(user, '/start');
      const before = await h.server.eventCount();
      const reply = await h.contact(user, { phone_number: phoneFor(user), first_name: 'Глеб', user_id: user.id });
      expect(reply!.text).toContain('Сначала нужно ваше согласие');
      expect(await h.server.eventCount()).toBe(before);
    });
  });

  describe('when an old button is pressed', () => {
    it('answers a confirm tapped again after the booking with a clear message and writes no event', async () => {
      const user = newUser('Анна');
      await h.link(user, phoneFor(user));
      const summary = await h.toSummary(user, { service: 'Замена масла', days: 5, time: '12:00' });
      // The message object is live (edited in place by the bot): keep the buttons as the client's old screen had them.
      const buttons = summary.reply_markup!.inline_keyboard!.flat();
      const confirm = buttons.find((button) => button.text.includes('Записаться'))!;
      const back = buttons.find((button) => button.text.includes('Назад'))!;
      await h.pressData(user, summary, confirm.callback_data!);
      const before = await h.server.eventCount();

      const again = await h.pressData(user, summary, confirm.callback_data!);
      expect(again.answer).toMatchObject({ show_alert: true, text: expect.stringContaining('уже оформлена') });
      const stale = await h.pressData(user, summary, back.callback_data!);
      expect(stale.answer!.text).toContain('уже оформлена');
      expect(await h.server.eventCount()).toBe(before);
      expect(await h.eventsOf('BookingRequested')).toHaveLength(1);
    });

    it('answers a move confirmed again that the visit is already moved, not booked', async () => {
      const user = newUser('Степан');
      await h.link(user, phoneFor(user));
      await h.toSummary(user, { service: 'Замена масла', days: 6, time: '12:00' });
      await h.press(user, '✅ Записаться');
      await h.server.waitForProjection();
      await h.send(user, '📋 Мои записи');
      const { message: dates } = await h.press(user, '🔁 Перенести');
      const target = dates!
        .reply_markup!.inline_keyboard!.flat()
        .find((button) => button.callback_data?.includes(`:${h.dateData(7)}:`))!;
      await h.pressData(user, dates!, target.callback_data!);
      const { message: summary } = await h.press(user, '12:00');
      const confirm = buttonOf(summary, '✅ Перенести')!.callback_data!;
      const { message: moved } = await h.pressData(user, summary!, confirm);
      const when = /перенесена на (.+)\./.exec(moved!.text)![1]!;

      const again = await h.pressData(user, summary!, confirm);
      expect(again.answer).toMatchObject({ show_alert: true, text: `Запись уже перенесена на ${when}.` });
    });

    it('answers a booking’s confirm tapped after the booking was cancelled that it is cancelled', async () => {
      const user = newUser('Тамара');
      await h.link(user, phoneFor(user));
      const summary = await h.toSummary(user, { service: 'Замена масла', days: 8, time: '12:00' });
      const confirm = buttonOf(summary, '✅ Записаться')!.callback_data!;
      await h.pressData(user, summary, confirm);
      const booked = (await h.eventsOf('BookingRequested')).at(-1)!;
      const manager = await h.server.addUser('manager');
      const cancel = await h.server.api(
        'POST',
        `/api/bookings/${booked.data.bookingId}/status`,
        { status: 'Cancelled', reason: 'client_request' },
        { authorization: `Bearer ${manager.token}` },
      );
      expect(cancel.status).toBe(200);

      const again = await h.pressData(user, summary, confirm);
      expect(again.answer).toMatchObject({ show_alert: true, text: 'Эта запись уже отменена.' });
    });

    it('answers buttons of another bot version and broken data instead of failing', async () => {
      const user = newUser('Олег');
      await h.link(user, phoneFor(user));
      const message = h.telegram.lastMessage(user.id)!;
      const before = await h.server.eventCount();
      const old = await h.pressData(user, message, '0:ok:abcdef');
      expect(old.answer!.text).toContain('из старой версии бота');
      const broken = await h.pressData(user, message, encode({ kind: 'confirm', wizard: 'zzzzzz' }));
      expect(broken.answer!.text).toContain('больше не действует');
      const garbage = await h.pressData(user, message, 'hello');
      expect(garbage.answer!.text).toContain('из старой версии бота');
      expect(await h.server.eventCount()).toBe(before);
      expect(h.logs.filter((line) => line.level === 'error')).toEqual([]);
    });
  });

  describe('when two clients race for the last slot', () => {
    it('books one and offers the other the nearest free times', async () => {
      const first = newUser('Первый');
      const second = newUser('Второй');
      await h.link(first, phoneFor(first));
      await h.link(second, phoneFor(second));
      // Two lift bays; the panel takes one of them for 14:00.
      const liftBay = h.server.bays.find((bay) => bay.kinds.includes('lift'))!;
      const taken = await h.server.api('POST', '/api/bookings', {
        branchId: h.server.branch.id,
        serviceId: h.server.service('Замена масла').id,
        bayId: liftBay.id,
        start: startAt(h.server.branch, 6, '14:00'),
        client: { name: 'Звонок', phone: '+79160000001' },
      });
      expect(taken.status).toBe(201);
      const one = await h.toSummary(first, { service: 'Замена масла', days: 6, time: '14:00' });
      const two = await h.toSummary(second, { service: 'Замена масла', days: 6, time: '14:00' });
      const confirmOf = (message: typeof one) =>
        message.reply_markup!.inline_keyboard!.flat().find((b) => b.text.includes('Записаться'))!;
      const won = await h.pressData(first, one, confirmOf(one).callback_data!);
      const lost = await h.pressData(second, two, confirmOf(two).callback_data!);
      expect(won.message!.text).toContain('Вы записаны');
      expect(lost.message!.text).toContain('только что заняли');
      const alternatives = lost.message!.reply_markup!.inline_keyboard!.flat().filter((b) => /\d\d\.\d\d \d\d:\d\d/.test(b.text));
      expect(alternatives.length).toBeGreaterThan(0);
      const requested = (await h.eventsOf('BookingRequested')).filter((e) => e.data.channel === 'telegram');
      expect(
        requested.filter((e) => e.data.start === new Date(Date.parse(startAt(h.server.branch, 6, '14:00'))).toISOString()),
      ).toHaveLength(1);

      // The offered time books.
      const picked = await h.pressData(second, lost.message!, alternatives[0]!.callback_data!);
      expect(picked.message!.text).toContain('Kia Rio');
      const done = await h.press(second, '✅ Записаться');
      expect(done.message!.text).toContain('Вы записаны');
    });
  });
});
