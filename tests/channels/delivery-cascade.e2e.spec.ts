import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonOf, startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { startFakeMax, type FakeMax, type MaxUser } from '../support/fake-max.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../support/fake-sms-ru.ts';
import { newUser, until } from '../support/bot-harness.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The delivery cascade as the composition root wires it: a status message goes through Telegram,
 * else MAX, else SMS (SMS.ru's JSON against its loopback fake). A client whose Telegram is
 * unreachable (blocked: 403; or the network drops) gets it in MAX; with MAX stopped too, by SMS.
 */
let server: TestServer;
let telegram: FakeTelegram;
let max: FakeMax;
let sms: FakeSmsRu;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  max = await startFakeMax();
  sms = await startFakeSmsRu();
  server = await startTestServer({
    channels: {
      telegram: { token: telegram.token, apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 },
      max: { token: max.token, baseUrl: max.baseUrl, pollingTimeoutSeconds: 1 },
      sms: { apiId: sms.apiId, baseUrl: sms.baseUrl },
    },
  });
});
afterAll(async () => {
  await server?.stop();
  await telegram?.close();
  await max?.close();
  await sms?.close();
});

let nextPhone = 0;

/** A client linked in Telegram and in MAX with the same phone: one client record, two chats. */
const clientOnBothMessengers = async (name: string) => {
  const phone = `7916${String(4_400_000 + ++nextPhone).padStart(7, '0')}`;
  const tgUser = newUser(name, 'Каскадов');
  const tg = async (update: number) => {
    await telegram.waitFor(() => telegram.confirmedOffset() > update, 15_000, `update ${update}`);
    await server.runtime.messaging!.settled();
  };
  await tg(telegram.sendText(tgUser, '/start'));
  const consent = [...telegram.chat(tgUser.id)].reverse().find((m) => buttonOf(m, 'Согласен'))!;
  await tg(telegram.pressData(tgUser, consent, buttonOf(consent, 'Согласен')!.callback_data!).updateId);
  await tg(telegram.sendContact(tgUser, { phone_number: phone, first_name: name, user_id: tgUser.id }));

  const maxUser: MaxUser = {
    user_id: 66_000_000 + nextPhone,
    first_name: name,
    last_name: 'Каскадов',
    username: null,
    is_bot: false,
  };
  const mx = async (update: number) => {
    await until(() => max.polledMarker() >= update, `MAX update ${update}`);
    await server.runtime.max!.bot.settled();
  };
  await mx(max.botStarted(maxUser));
  const maxConsent = max.lastMessage(maxUser)!;
  const agree = maxConsent.attachments[0].payload.buttons.flat().find((b: { text: string }) => b.text === 'Согласен');
  await mx(max.press(maxUser, maxConsent, agree.payload).update);
  await mx(max.sendContact(maxUser, { owner: maxUser, phone }));
  expect(max.chat(maxUser).map((message) => message.text)).toContainEqual(expect.stringContaining('номер подтверждён'));

  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId: server.bays[0]!.id,
    start: startAt(server.branch, 2 + nextPhone, '10:00'),
    client: { name, phone: `+${phone}` },
    car: { make: 'Lada', model: 'Vesta', plate: `В${300 + nextPhone}ОР50` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const { rows } = await server.runtime.pool.query<{ client_id: string }>(
    "SELECT client_id FROM bot_chats WHERE channel = 'telegram' AND chat_id = $1",
    [tgUser.id],
  );
  return { phone, tgUser, maxUser, bookingId: booked.body.id as string, clientId: rows[0]!.client_id };
};

const setStatus = async (bookingId: string, status: string) => {
  const changed = await server.api('POST', `/api/bookings/${bookingId}/status`, { status });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
};

const attempts = async (clientId: string) =>
  (
    await server.runtime.pool.query<{ channel: string; outcome: string }>(
      'SELECT channel, outcome FROM delivery_attempts WHERE client_id = $1 ORDER BY id',
      [clientId],
    )
  ).rows;

describe('the delivery cascade', () => {
  it('sends by Telegram first, by MAX when Telegram blocks the bot, and by SMS when MAX is stopped too', async () => {
    const client = await clientOnBothMessengers('Ирина');
    const tgChat = telegram.chat(client.tgUser.id);
    const maxBefore = max.chat(client.maxUser).length;

    await setStatus(client.bookingId, 'Confirmed');
    await until(() => telegram.lastMessage(client.tgUser.id)!.text.includes('подтверждена'), 'the Telegram message');
    expect(tgChat.length).toBeGreaterThan(0);
    expect(max.chat(client.maxUser)).toHaveLength(maxBefore);

    telegram.block(client.tgUser.id);
    await setStatus(client.bookingId, 'InProgress');
    await until(() => max.lastMessage(client.maxUser)!.text?.includes('Замена масла'), 'the MAX message');
    expect(max.chat(client.maxUser).length).toBe(maxBefore + 1);

    max.blockedChats.add(max.chatIdOf(client.maxUser));
    await setStatus(client.bookingId, 'Done');
    await until(() => sms.to(client.phone).length > 0, 'the SMS');
    expect(sms.to(client.phone)[0]).toContain('Замена масла');
    await until(async () => (await attempts(client.clientId)).length === 5, 'five attempts recorded');
    expect(await attempts(client.clientId)).toEqual([
      { channel: 'telegram', outcome: 'sent' },
      { channel: 'telegram', outcome: 'failed' },
      { channel: 'max', outcome: 'sent' },
      { channel: 'max', outcome: 'failed' },
      { channel: 'sms', outcome: 'sent' },
    ]);
  });

  it('falls through to MAX when Telegram cannot be reached at all (network error)', async () => {
    const client = await clientOnBothMessengers('Олег');
    telegram.drop(client.tgUser.id);
    await setStatus(client.bookingId, 'Confirmed');
    await until(() => max.lastMessage(client.maxUser)!.text?.includes('подтверждена'), 'the MAX message');
    await until(async () => (await attempts(client.clientId)).length === 2, 'two attempts recorded');
    expect(await attempts(client.clientId)).toEqual([
      { channel: 'telegram', outcome: 'failed' },
      { channel: 'max', outcome: 'sent' },
    ]);
    expect(sms.to(client.phone)).toEqual([]);
  });
});
