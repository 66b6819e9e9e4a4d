import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeMax, type FakeMax, type MaxUser } from '../support/fake-max.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../support/fake-sms-ru.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { until } from '../support/bot-harness.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Booking reminders as the composition root wires them: the day before and two hours before, through
 * the first channel that takes them (Telegram, MAX, SMS; SMS.ru's JSON against its loopback fake).
 * A client who only talks to the station in MAX, or who only left a phone at the desk, is reminded too.
 */
const HOUR = 3_600_000;
let clock = Date.now();
let server: TestServer;
let telegram: FakeTelegram;
let max: FakeMax;
let sms: FakeSmsRu;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  max = await startFakeMax();
  sms = await startFakeSmsRu();
  server = await startTestServer({
    now: () => clock,
    channels: {
      telegram: { token: telegram.token, apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 },
      max: { token: max.token, baseUrl: max.baseUrl, pollingTimeoutSeconds: 1 },
      sms: { apiId: sms.apiId, baseUrl: sms.baseUrl },
    },
  });
  await server.api('PATCH', `/api/branches/${server.branch.id}`, { address: 'г. Москва, ул. Садовая, 5' });
});
afterAll(async () => {
  await server?.stop();
  await telegram?.close();
  await max?.close();
  await sms?.close();
});

const maxSettled = async (update: number) => {
  await until(() => max.polledMarker() >= update, `MAX update ${update}`);
  await server.runtime.max!.bot.settled();
};

/** A client who agreed and shared their own number in MAX, and nowhere else. */
const maxClient = async (userId: number, name: string, phone: string): Promise<MaxUser> => {
  const user: MaxUser = { user_id: userId, first_name: name, last_name: 'Максова', username: null, is_bot: false };
  await maxSettled(max.botStarted(user));
  const consent = max.lastMessage(user)!;
  const agree = consent.attachments[0].payload.buttons.flat().find((b: { text: string }) => b.text === 'Согласен');
  await maxSettled(max.press(user, consent, agree.payload).update);
  await maxSettled(max.sendContact(user, { owner: user, phone }));
  expect(max.chat(user).map((message) => message.text)).toContainEqual(expect.stringContaining('номер подтверждён'));
  return user;
};

const book = async (name: string, phone: string, days: number, time: string) => {
  const start = startAt(server.branch, days, time);
  const response = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start,
    client: { name, phone },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { id: response.body.id as string, start: Date.parse(start) };
};

/** Moves the clock and waits until every reminder due by then is handled. */
const advanceTo = async (at: number) => {
  clock = at;
  server.runtime.checkReminders();
  await until(async () => {
    const { rows } = await server.runtime.pool.query(
      'SELECT count(*)::int AS n FROM bot_reminders WHERE sent_at IS NULL AND due_at <= $1 AND starts_at > $1',
      [new Date(at)],
    );
    return rows[0].n === 0;
  }, 'due reminders handled');
};

const planned = async (bookingId: string) =>
  (await server.runtime.pool.query('SELECT kind FROM bot_reminders WHERE booking_id = $1', [bookingId])).rowCount;

describe('booking reminders through the delivery cascade', () => {
  it('reminds a MAX client in MAX with one-tap buttons, and a client with only a phone by one SMS the day before', async () => {
    const marina = await maxClient(66_500_001, 'Марина', '79165550101');
    const marinas = await book('Марина Максова', '+79165550101', 3, '10:00');
    const deskOnly = await book('Пётр Без-Чата', '+79165550102', 3, '12:00');
    await until(async () => (await planned(marinas.id)) === 2 && (await planned(deskOnly.id)) === 2, 'reminders planned');

    await advanceTo(marinas.start - 24 * HOUR + 60_000);
    const dayBefore = await until(
      () => max.chat(marina).find((message) => message.text?.includes('завтра вы записаны')),
      'the day-before reminder in MAX',
    );
    expect(dayBefore.text).toContain('Замена масла');
    expect(dayBefore.text).toContain(`Ждём вас: ${server.branch.name}, г. Москва, ул. Садовая, 5.`);
    const labels = dayBefore.attachments[0].payload.buttons.flat().map((button: { text: string }) => button.text);
    expect(labels).toEqual(['👍 Приеду', '🔁 Перенести', '✖ Отменить']);
    // Not also by SMS: MAX took it.
    expect(sms.to('79165550101')).toEqual([]);

    const coming = dayBefore.attachments[0].payload.buttons
      .flat()
      .find((button: { text: string }) => button.text === '👍 Приеду');
    const tap = max.press(marina, dayBefore, coming.payload);
    await maxSettled(tap.update);
    // The thanks names the visit's time as it stands now.
    expect(JSON.stringify(max.answers.get(tap.callbackId))).toMatch(/"Спасибо! Ждём вас \S\S \d\d\.\d\d в \d\d:\d\d\."/);

    await advanceTo(deskOnly.start - 24 * HOUR + 60_000);
    const texts = await until(() => (sms.to('79165550102').length > 0 ? sms.to('79165550102') : null), 'the SMS reminder');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(
      /^Напоминаем: завтра вы записаны — Замена масла, .*12:00\.\nЖдём вас: .*г\. Москва, ул\. Садовая, 5\.$/,
    );

    await advanceTo(marinas.start - 2 * HOUR + 60_000);
    await until(() => max.chat(marina).some((message) => message.text?.includes('Через 2 часа')), 'the two-hour reminder in MAX');
    // Two hours before, a paid SMS is not worth it: the client with only a phone got the one.
    await advanceTo(deskOnly.start - 2 * HOUR + 60_000);
    expect(sms.to('79165550102')).toHaveLength(1);
    expect(max.chat(marina).filter((message) => message.text?.includes('завтра вы записаны'))).toHaveLength(1);
  });
});
