import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../conversation/callback-data.ts';
import { buttonOf, type FakeUser } from '../support/fake-telegram.ts';
import { startAt } from '../support/test-server.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;
let day = 1;

beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** A linked client with a booking made by phone in the panel (same phone, so the same client). */
const clientWithBooking = async (name: string) => {
  const user = newUser(name);
  await h.link(user, phoneFor(user));
  const booking = await h.server.api('POST', '/api/bookings', {
    branchId: h.server.branch.id,
    serviceId: h.server.service('Диагностика').id,
    start: startAt(h.server.branch, day++, '16:00'),
    client: { name, phone: `+${phoneFor(user)}` },
  });
  expect(booking.status).toBe(201);
  return { user, bookingId: booking.body.id as string };
};

const setStatus = async (bookingId: string, status: string, reason?: string) => {
  const response = await h.server.api('POST', `/api/bookings/${bookingId}/status`, { status, ...(reason ? { reason } : {}) });
  expect(response.status).toBe(200);
};

const sends = (user: FakeUser) => h.telegram.callsFor(user.id, 'sendMessage');
const said = (user: FakeUser, text: string) => h.telegram.chat(user.id).filter((message) => message.text.includes(text));

describe('Notifications to the client', () => {
  it('tells the client every manager status change, with the cancel reason, once each', async () => {
    const { user, bookingId } = await clientWithBooking('Светлана');
    await setStatus(bookingId, 'Confirmed');
    await until(() => said(user, 'подтверждена').length === 1, 'confirmed notice');
    await setStatus(bookingId, 'InProgress');
    await until(() => said(user, 'Мастер начал работу').length === 1, 'started notice');
    await setStatus(bookingId, 'Done');
    await until(() => said(user, 'Работы завершены').length === 1, 'completed notice');

    const second = await clientWithBooking('Тимур');
    await setStatus(second.bookingId, 'Cancelled', 'no_show');
    const cancelled = await until(() => said(second.user, 'отменена')[0], 'cancelled notice');
    expect(cancelled.text).toContain('Причина: вы не пришли');
    await h.reactorCaughtUp();
    expect(said(user, 'подтверждена')).toHaveLength(1);
  });

  it('marks a chat that blocked the bot unreachable after one 403, and keeps serving others', async () => {
    const blocked = await clientWithBooking('Заблокировал');
    const other = await clientWithBooking('Другой');
    h.telegram.block(blocked.user.id);
    const before = sends(blocked.user).length;

    await setStatus(blocked.bookingId, 'Confirmed');
    await setStatus(other.bookingId, 'Confirmed');
    await until(() => said(other.user, 'подтверждена').length === 1, 'the other client’s notice');
    await setStatus(blocked.bookingId, 'InProgress');
    await setStatus(blocked.bookingId, 'Done');
    await h.reactorCaughtUp();

    const attempts = sends(blocked.user).slice(before);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.status).toBe(403);
    const row = await h.server.runtime.pool.query('SELECT unreachable_at FROM bot_chats WHERE chat_id = $1', [blocked.user.id]);
    expect(row.rows[0].unreachable_at).not.toBeNull();

    // Writing to the bot again means they unblocked it: the chat is reachable and notices flow again.
    h.telegram.heal(blocked.user.id);
    expect((await h.send(blocked.user, '/start'))!.text).toContain('Чем можем помочь');
    const healed = await h.server.runtime.pool.query('SELECT unreachable_at FROM bot_chats WHERE chat_id = $1', [
      blocked.user.id,
    ]);
    expect(healed.rows[0].unreachable_at).toBeNull();
    const next = await h.server.api('POST', '/api/bookings', {
      branchId: h.server.branch.id,
      serviceId: h.server.service('Диагностика').id,
      start: startAt(h.server.branch, day++, '17:00'),
      client: { name: 'Заблокировал', phone: `+${phoneFor(blocked.user)}` },
    });
    expect(next.status).toBe(201);
    await setStatus(next.body.id, 'Confirmed');
    await until(() => said(blocked.user, 'подтверждена').length === 1, 'notice after unblocking');
    expect(h.logs.filter((line) => JSON.stringify(line).includes(phoneFor(blocked.user)))).toEqual([]);
  });

  it('waits retry_after on 429 a bounded number of times', async () => {
    const limited = await clientWithBooking('Лимит');
    h.telegram.rateLimit(limited.user.id, 1, 1);
    const before = sends(limited.user).length;
    await setStatus(limited.bookingId, 'Confirmed');
    await until(() => said(limited.user, 'подтверждена').length === 1, 'the notice after one 429');
    const calls = sends(limited.user).slice(before);
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);

    // A chat that keeps answering 429 is given up after three attempts; the reactor moves on.
    const storm = await clientWithBooking('Шторм');
    const next = await clientWithBooking('Следующий');
    h.telegram.rateLimit(storm.user.id, 100, 1);
    const stormBefore = sends(storm.user).length;
    await setStatus(storm.bookingId, 'Confirmed');
    await setStatus(next.bookingId, 'Confirmed');
    await until(() => said(next.user, 'подтверждена').length === 1, 'the next client’s notice');
    expect(sends(storm.user).slice(stormBefore)).toHaveLength(3);
    expect(h.logs.some((line) => line.message.includes('gave up'))).toBe(true);
    h.telegram.heal(storm.user.id);
  });

  it('tries again after Telegram answers 5xx, and logs a call it gave up on', async () => {
    const troubled = await clientWithBooking('Сбой');
    h.telegram.serverError(troubled.user.id, 1);
    const before = sends(troubled.user).length;
    await setStatus(troubled.bookingId, 'Confirmed');
    await until(() => said(troubled.user, 'подтверждена').length === 1, 'the notice after one 502');
    expect(
      sends(troubled.user)
        .slice(before)
        .map((call) => call.status),
    ).toEqual([502, 200]);

    const down = await clientWithBooking('Лёг');
    h.telegram.serverError(down.user.id, 100);
    const downBefore = sends(down.user).length;
    await setStatus(down.bookingId, 'Confirmed');
    await until(
      () => h.logs.some((line) => line.message.includes('gave up') && line.fields.errorCode === 502),
      'the undelivered notice logged',
    );
    expect(sends(down.user).slice(downBefore)).toHaveLength(3);
    expect(h.logs.filter((line) => JSON.stringify(line).includes(phoneFor(down.user)))).toEqual([]);
    h.telegram.heal(down.user.id);
  });

  it('delivers what happened while the bot was down exactly once after a restart', async () => {
    const { user, bookingId } = await clientWithBooking('Рестарт');
    await setStatus(bookingId, 'Confirmed');
    await until(() => said(user, 'подтверждена').length === 1, 'confirmed notice');
    await h.host().stop();
    await setStatus(bookingId, 'InProgress');
    await setStatus(bookingId, 'Done');
    await h.restart();
    await until(() => said(user, 'Работы завершены').length === 1, 'completed notice after restart');
    await h.reactorCaughtUp();
    expect(said(user, 'подтверждена')).toHaveLength(1);
    expect(said(user, 'Мастер начал работу')).toHaveLength(1);
    expect(said(user, 'Работы завершены')).toHaveLength(1);
    // Updates sent while the bot was down are handled once it is back.
    const reply = await h.send(user, '/start');
    expect(reply!.text).toContain('Чем можем помочь');
  });
});

describe('My bookings', () => {
  it('lets the client cancel an upcoming booking, with no echo of their own change', async () => {
    const { user, bookingId } = await clientWithBooking('Отмена');
    await h.server.waitForProjection();
    await h.send(user, '📋 Мои записи');
    const { message: ask } = await h.press(user, '✖ Отменить');
    expect(ask!.text).toContain('Отменить запись «Диагностика ходовой»');
    const yes = buttonOf(ask, 'Да, отменить')!.callback_data!;
    const { message: done } = await h.press(user, 'Да, отменить');
    expect(done!.text).toContain('отменена');
    const { answer: again } = await h.pressData(user, ask!, yes);
    expect(again?.text).toBe('Эта запись уже отменена.');
    const cancelled = (await h.eventsOf('BookingCancelled')).find((event) => event.data.bookingId === bookingId)!;
    expect(cancelled.data).toMatchObject({ reason: 'client_request', cancelledBy: null });
    await h.reactorCaughtUp();
    expect(said(user, '❌')).toEqual([]);
    await h.server.waitForProjection();
    const mine = await h.send(user, '/my');
    expect(mine!.text).toContain('Прошедшие и отменённые записи');
    expect(mine!.text).toContain('отменена');
  });

  it('moves an upcoming booking to another time', async () => {
    const { user, bookingId } = await clientWithBooking('Перенос');
    await h.server.waitForProjection();
    await h.send(user, '📋 Мои записи');
    const { message: dates } = await h.press(user, '🔁 Перенести');
    expect(dates!.text).toContain('Перенос записи');
    const target = dates!
      .reply_markup!.inline_keyboard!.flat()
      .find((button) => button.callback_data?.includes(`:${h.dateData(12)}:`))!;
    await h.pressData(user, dates!, target.callback_data!);
    const { message: summary } = await h.press(user, '12:00');
    expect(summary!.text).toContain('Перенести «Диагностика ходовой»');
    const { message: moved } = await h.press(user, '✅ Перенести');
    expect(moved!.text).toContain('Запись перенесена');
    const rescheduled = (await h.eventsOf('BookingRescheduled')).find((event) => event.data.bookingId === bookingId)!;
    expect(rescheduled.data.rescheduledBy).toBeNull();
  });

  it('refuses to cancel inside the branch’s notice period', async () => {
    const { user, bookingId } = await clientWithBooking('Поздно');
    await h.server.runtime.pool.query('UPDATE branches SET change_notice_minutes = 100000');
    // The station's phone, as the owner gave it for the documents, is the number the client is told to call.
    await h.server.runtime.pool.query("UPDATE organizations SET phone = '+7 495 123-45-67'");
    h.server.runtime.deps.catalog.invalidate();
    try {
      await h.server.waitForProjection();
      const mine = await h.send(user, '📋 Мои записи');
      // The list offers no buttons that could only say no, and tells how a change is made now.
      expect(mine!.text).toContain('перенести или отменить её теперь можно только по телефону станции +7 495 123-45-67');
      expect(buttonOf(mine, /Отменить|Перенести/)).toBeUndefined();
      const before = await h.server.eventCount();
      // A button kept from before the notice began is refused all the same.
      const { message } = await h.pressData(user, mine!, encode({ kind: 'booking', action: 'cancel', bookingId }));
      expect(message!.text).toContain('только по телефону станции +7 495 123-45-67.');
      expect(await h.server.eventCount()).toBe(before);
      expect((await h.server.api('GET', `/api/bookings/${bookingId}`)).body.status).toBe('New');
    } finally {
      await h.server.runtime.pool.query('UPDATE organizations SET phone = NULL');
      await h.server.runtime.pool.query('UPDATE branches SET change_notice_minutes = 120');
      h.server.runtime.deps.catalog.invalidate();
    }
  });
});
