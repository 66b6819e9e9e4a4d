import { solveChallenge } from 'altcha-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstOrganization } from '../../bot/host.ts';
import { startMax, type MaxMessaging } from '../../channels/max/host.ts';
import { buttonsOf, startFakeMax, type FakeMax, type MaxUser } from '../support/fake-max.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../support/fake-sms-ru.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * One script, every channel: the same booking, status message, my bookings, cancel and privacy
 * request run through Telegram (grammY against the fake Bot API) and MAX (the official SDK against
 * the fake MAX Bot API), both adapters of the one conversation, and through the public web page's
 * API (its status messages by SMS, SMS.ru's loopback fake), on one server.
 */

type Client = { id: number; name: string };

/** What a test does as a client, in any messenger. */
type Driver = {
  channel: 'telegram' | 'max';
  newClient: (name: string) => Client;
  send: (client: Client, text: string) => Promise<string>;
  /** Taps the newest button labelled `label`; returns the toast (if any) and the newest bot text. */
  press: (client: Client, label: string | RegExp) => Promise<{ toast?: string; text: string }>;
  /** The day button `days` ahead. */
  pressDay: (client: Client, days: number) => Promise<string>;
  /** Shares `owner`'s contact; returns every text the bot answered with, one per line. */
  shareContact: (client: Client, owner: Client, phone: string) => Promise<string>;
  lastText: (client: Client) => string;
  /** Every button label of the newest bot message. */
  labels: (client: Client) => string[];
};

let server: TestServer;
let h: BotHarness;
let fake: FakeMax;
let max: MaxMessaging;
const phones = new Map<number, string>();
let nextMaxUser = 77_000_000;
let sms: FakeSmsRu;

const telegramDriver = (): Driver => {
  const users = new Map<number, ReturnType<typeof newUser>>();
  const last = (client: Client) => h.telegram.lastMessage(client.id)!;
  return {
    channel: 'telegram',
    newClient: (name) => {
      const user = newUser(name, 'Телеграмов');
      users.set(user.id, user);
      return { id: user.id, name };
    },
    send: async (client, text) => (await h.send(users.get(client.id)!, text))!.text,
    press: async (client, label) => {
      const { answer } = await h.press(users.get(client.id)!, label);
      return { toast: answer?.text as string | undefined, text: last(client).text };
    },
    pressDay: async (client, days) => {
      const user = users.get(client.id)!;
      const dates = h.withButton(user, /\d\d\.\d\d/);
      const date = dates.reply_markup!.inline_keyboard!.flat().find((b) => b.callback_data?.includes(`:${h.dateData(days)}:`))!;
      await h.pressData(user, dates, date.callback_data!);
      return last(client).text;
    },
    shareContact: async (client, owner, phone) => {
      const before = h.telegram.chat(client.id).length;
      await h.contact(users.get(client.id)!, { phone_number: phone, first_name: owner.name, user_id: owner.id });
      return h.telegram
        .chat(client.id)
        .slice(before)
        .map((message) => message.text)
        .join('\n');
    },
    lastText: (client) => last(client).text,
    labels: (client) => {
      const markup = last(client).reply_markup;
      return [...(markup?.inline_keyboard ?? []), ...(markup?.keyboard ?? [])].flat().map((b: any) => b.text as string);
    },
  };
};

const maxDriver = (): Driver => {
  const users = new Map<number, MaxUser>();
  const handled = async (update: number) => {
    await until(() => fake.polledMarker() >= update, `MAX update ${update} taken`);
    await max.bot.settled();
  };
  const userOf = (client: Client) => users.get(client.id)!;
  const last = (client: Client) => fake.lastMessage(userOf(client))!;
  return {
    channel: 'max',
    newClient: (name) => {
      const user: MaxUser = { user_id: nextMaxUser++, first_name: name, last_name: 'Максов', username: null, is_bot: false };
      users.set(user.user_id, user);
      return { id: user.user_id, name };
    },
    send: async (client, text) => {
      await handled(fake.sendText(userOf(client), text));
      return last(client).text!;
    },
    press: async (client, label) => {
      const user = userOf(client);
      const matches = (text: string) => (typeof label === 'string' ? text === label : label.test(text));
      const message = [...fake.chat(user)].reverse().find((m) => buttonsOf(m).some((b) => matches(b.text)));
      if (!message) throw new Error(`no MAX message with a button ${String(label)}`);
      const button = buttonsOf(message).find((b) => matches(b.text))!;
      // A message button sends its label as the user's text, as MAX does.
      if (button.type === 'message') return { text: await maxDriver_send(user, button.text) };
      const { update, callbackId } = fake.press(user, message, button.payload!);
      await handled(update);
      return { toast: fake.answers.get(callbackId)?.notification, text: last(client).text! };
    },
    pressDay: async (client, days) => {
      const user = userOf(client);
      const message = [...fake.chat(user)].reverse().find((m) => buttonsOf(m).some((b) => /\d\d\.\d\d/.test(b.text)))!;
      const button = buttonsOf(message).find((b) => b.payload?.includes(`:${h.dateData(days)}:`))!;
      await handled(fake.press(user, message, button.payload!).update);
      return last(client).text!;
    },
    shareContact: async (client, owner, phone) => {
      const before = fake.chat(userOf(client)).length;
      await handled(fake.sendContact(userOf(client), { owner: users.get(owner.id) ?? null, phone }));
      return fake
        .chat(userOf(client))
        .slice(before)
        .map((message) => message.text)
        .join('\n');
    },
    lastText: (client) => last(client).text!,
    labels: (client) => buttonsOf(last(client)).map((b) => b.text),
  };

  async function maxDriver_send(user: MaxUser, text: string) {
    await handled(fake.sendText(user, text));
    return fake.lastMessage(user)!.text!;
  }
};

beforeAll(async () => {
  sms = await startFakeSmsRu();
  server = await startTestServer({ channels: { sms: { apiId: sms.apiId, baseUrl: sms.baseUrl } } });
  h = await startBotHarness({ server });
  fake = await startFakeMax();
  max = await startMax(
    { ...h.hostDeps, organization: firstOrganization(server.runtime.pool) },
    { token: fake.token, baseUrl: fake.baseUrl, pollingTimeoutSeconds: 1 },
  );
});
afterAll(async () => {
  await max?.stop();
  await fake?.close();
  await h?.stop();
  await server?.stop();
  await sms?.close();
});

const eventsOf = (type: string) => h.eventsOf(type);

describe.each([['telegram'], ['max']] as const)('the one conversation in %s', (channel) => {
  const driver = () => (channel === 'telegram' ? telegramDriver() : maxDriver());

  it('refuses someone else’s contact, then books, tells of the confirmation, lists, cancels and takes an erasure request', async () => {
    const d = driver();
    const client = d.newClient('Ирина');
    const stranger = d.newClient('Пётр');
    const phone = phoneFor({ id: client.id } as any);
    phones.set(client.id, phone);

    // Opened from the QR code at the counter (t.me/bot?start=qr-counter; MAX's start payload).
    const consent = await d.send(client, '/start qr-counter');
    expect(consent).toContain('Согласие');
    expect(d.labels(client)).toEqual(['Согласен', 'Не согласен']);
    const asked = await d.press(client, 'Согласен');
    expect(asked.text).toContain('поделитесь номером');
    expect(d.labels(client)).toContain('📱 Отправить мой номер');
    const eventsBefore = await server.eventCount();

    // Someone else's card is refused and nothing is recorded.
    expect(await d.shareContact(client, stranger, phoneFor({ id: stranger.id } as any))).toContain('Это не ваш номер');
    expect(await server.eventCount()).toBe(eventsBefore);

    // Linked, the client is offered the services at once: no «Записаться» tap in between.
    const linked = await d.shareContact(client, client, phone);
    expect(linked).toContain('номер подтверждён');
    expect(linked).toContain('Выберите услугу');
    const registered = (await eventsOf('ClientRegistered')).at(-1)!;
    expect(registered.data.channel).toBe(channel);
    const clientId = registered.data.clientId as string;

    expect(await d.press(client, /^Замена масла/).then((r) => r.text)).toContain('Выберите день');
    expect(await d.pressDay(client, 3)).toContain('Выберите время');
    expect((await d.press(client, '11:00')).text).toContain('марку, модель и госномер');
    // Make, model and plate in one answer; the summary follows, with no questions to skip.
    const summary = await d.send(client, 'Lada Vesta в 456 ор 199');
    expect(summary).toContain('Lada Vesta В456ОР199');
    expect(d.labels(client)).toEqual(expect.arrayContaining(['✅ Записаться', '💬 Добавить комментарий']));
    expect(d.labels(client)).not.toContain('🔢 Добавить госномер');
    const booked = await d.press(client, '✅ Записаться');
    expect(booked.text).toContain('Вы записаны');
    const requested = (await eventsOf('BookingRequested')).at(-1)!;
    expect(requested.data).toMatchObject({ clientId, channel, source: 'qr-counter' });
    const bookingId = requested.data.bookingId as string;

    // The manager confirms in the panel; the client hears of it in their messenger.
    expect((await server.api('POST', `/api/bookings/${bookingId}/status`, { status: 'Confirmed' })).status).toBe(200);
    h.host().poke();
    max.poke();
    await until(() => d.lastText(client).includes('Ваша запись подтверждена'), 'the status message');

    // My bookings reads the board's read model, which follows the log a moment later.
    await server.waitForProjection();
    const mine = await d.send(client, '📋 Мои записи');
    expect(mine).toContain('Замена масла');
    expect(mine).toContain('подтверждена');
    expect((await d.press(client, /^✖ Отменить/)).text).toContain('Отменить запись «Замена масла»');
    expect((await d.press(client, 'Да, отменить')).text).toContain('отменена');
    const cancelled = (await eventsOf('BookingCancelled')).at(-1)!;
    expect(cancelled.data).toMatchObject({ bookingId, reason: 'client_request', cancelledBy: null });

    await d.send(client, '/privacy');
    expect((await d.press(client, 'Запросить удаление данных')).text).toContain('Запросить удаление');
    expect((await d.press(client, 'Да, запросить')).text).toContain('Запрос на удаление данных принят');
    const { rows } = await server.runtime.pool.query(
      'SELECT kind, channel, evidence FROM compliance_requests WHERE client_id = $1',
      [clientId],
    );
    expect(rows).toEqual([{ kind: 'erasure', channel, evidence: channel === 'telegram' ? 'telegram-account' : 'max-account' }]);
  });

  it('books a returning client «like last time» in four taps: the same service, the saved car, the soonest time', async () => {
    const d = driver();
    const client = d.newClient('Олег');
    await d.send(client, '/start');
    await d.press(client, 'Согласен');
    expect(await d.shareContact(client, client, phoneFor({ id: client.id } as any))).toContain('номер подтверждён');
    await d.press(client, /^Развал-схождение/);
    await d.pressDay(client, channel === 'telegram' ? 6 : 7);
    await d.press(client, '15:00');
    await d.send(client, 'Skoda Octavia');
    expect((await d.press(client, '✅ Записаться')).text).toContain('Вы записаны');
    const first = (await eventsOf('BookingRequested')).at(-1)!;
    await server.waitForProjection();

    // Tap 1: the menu. Tap 2: like last time. Tap 3: the soonest free time. Tap 4: confirm.
    await d.send(client, '📅 Записаться');
    expect(d.labels(client)[0]).toBe('🔁 Как в прошлый раз: Развал-схождение · Skoda Octavia');
    const soonest = await d.press(client, /^🔁 Как в прошлый раз/);
    expect(soonest.text).toContain('Ближайшее свободное время');
    const times = d.labels(client).filter((label) => /\d\d:\d\d$/.test(label));
    expect(times.length).toBeGreaterThan(0);
    expect(times[0]).toMatch(/^(Сегодня|Завтра|[А-Я][а-я] \d\d\.\d\d) \d\d:\d\d$/);
    expect(d.labels(client)).toContain('🗓 Другой день');
    const summary = await d.press(client, times[0]!);
    expect(summary.text).toContain('Skoda Octavia');
    expect(summary.text).toContain('Развал-схождение');
    expect((await d.press(client, '✅ Записаться')).text).toContain('Вы записаны');
    const second = (await eventsOf('BookingRequested')).at(-1)!;
    expect(second.data.bookingId).not.toBe(first.data.bookingId);
    expect(second.data).toMatchObject({ clientId: first.data.clientId, serviceIds: first.data.serviceIds, channel });
  });

  it('reminds of an oil change due by mileage and books the offered time in one tap', async () => {
    const d = driver();
    const client = d.newClient('Вера');
    const phone = phoneFor({ id: client.id } as any);
    await d.send(client, '/start');
    await d.press(client, 'Согласен');
    expect(await d.shareContact(client, client, phone)).toContain('номер подтверждён');
    const oil = server.service('Замена масла');
    expect((await server.api('PATCH', `/api/services/${oil.id}`, { maintenanceKm: 10_000 })).status).toBe(200);

    // The oil was changed at 10 000 km; a week later the car came for its suspension at 25 000 km.
    const finished = async (serviceId: string, days: number, odometerKm: number) => {
      const booking = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId,
        start: startAt(server.branch, days, '15:00'),
        client: { name: client.name, phone: `+${phone}` },
        car: { make: 'Lada', model: 'Vesta', plate: channel === 'telegram' ? 'В101ВВ77' : 'В202ВВ77' },
      });
      expect(booking.status, JSON.stringify(booking.body)).toBe(201);
      expect((await server.api('POST', `/api/bookings/${booking.body.id}/work-order`, { odometerKm })).status).toBe(201);
      for (const status of ['Confirmed', 'InProgress', 'Done']) {
        expect((await server.api('POST', `/api/bookings/${booking.body.id}/status`, { status })).status).toBe(200);
      }
    };
    const offset = channel === 'telegram' ? 0 : 1;
    await finished(oil.id, 5 + offset, 10_000);
    await finished(server.service('Диагностика ходовой').id, 13 + offset, 25_000);
    await server.waitForProjection();
    await server.runtime.maintenance.check();

    await until(() => d.lastText(client).includes('Пора на техобслуживание: Замена масла'), 'the reminder');
    expect(d.lastText(client)).toContain('Lada Vesta');
    expect(d.labels(client)).toEqual([
      expect.stringMatching(/^✅ Записаться на \d\d\.\d\d \d\d:\d\d$/),
      '🗓 Другое время',
      '🔕 Не напоминать о ТО',
    ]);
    const booked = await d.press(client, /^✅ Записаться на/);
    expect(booked.text).toMatch(/^Вы записаны на /);
    const recorded = (await eventsOf('MaintenanceReminderBooked')).at(-1)!;
    expect(recorded.data.channel).toBe(channel);
  });
});

describe('the one conversation on the web page', () => {
  /** The page's calls, as a browser without a staff session makes them. */
  const web = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { 'x-client-token': token } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  it('books with a code to the phone, tells of the confirmation by SMS, lists, cancels and takes an erasure request', async () => {
    const phone = '+79165559901';
    const station = (await web('GET', `/api/public/booking/station?branchId=${server.branch.id}`)).body;
    const challenge = (await web('GET', '/api/public/booking/challenge')).body;
    const solved = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
    const proof = Buffer.from(JSON.stringify({ ...challenge, number: solved!.number, maxnumber: undefined })).toString('base64');
    const sent = await web('POST', '/api/public/booking/code', {
      branchId: server.branch.id,
      name: 'Ирина Вебова',
      phone,
      lang: 'ru',
      consentHash: station.notice.hash,
      proof,
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const code = /\b(\d{6})\b/.exec(sms.to(phone).at(-1)!)![1];
    const signed = await web('POST', '/api/public/booking/confirm', {
      branchId: server.branch.id,
      requestId: sent.body.requestId,
      code,
      phone,
      name: 'Ирина Вебова',
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const token = signed.body.token as string;
    const registered = (await eventsOf('ClientRegistered')).at(-1)!;
    expect(registered.data.channel).toBe('web');
    const clientId = registered.data.clientId as string;

    const start = startAt(server.branch, 3, '11:00');
    const booked = await web(
      'POST',
      '/api/public/bookings',
      {
        branchId: server.branch.id,
        serviceIds: [server.service('Замена масла').id],
        start,
        car: { make: 'Lada', model: 'Vesta' },
      },
      token,
    );
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const requested = (await eventsOf('BookingRequested')).at(-1)!;
    expect(requested.data).toMatchObject({ clientId, channel: 'web' });
    const bookingId = requested.data.bookingId as string;

    // The manager confirms in the panel; a client with no messenger hears of it by SMS.
    expect((await server.api('POST', `/api/bookings/${bookingId}/status`, { status: 'Confirmed' })).status).toBe(200);
    await until(() => (sms.to(phone).at(-1) ?? '').includes('Ваша запись подтверждена'), 'the status message by SMS');

    await server.waitForProjection();
    const mine = (await web('GET', '/api/public/bookings', undefined, token)).body.bookings;
    expect(mine).toEqual([expect.objectContaining({ id: bookingId, status: 'Confirmed', services: ['Замена масла'] })]);
    const cancelled = await web('POST', `/api/public/bookings/${bookingId}/cancel`, undefined, token);
    expect(cancelled.body.status).toBe('Cancelled');
    expect((await eventsOf('BookingCancelled')).at(-1)!.data).toMatchObject({
      bookingId,
      reason: 'client_request',
      cancelledBy: null,
    });

    const asked = await web('POST', '/api/public/privacy-requests', { kind: 'erasure' }, token);
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.fresh).toBe(true);
    expect((await web('POST', '/api/public/privacy-requests', { kind: 'erasure' }, token)).body.fresh).toBe(false);
    const { rows } = await server.runtime.pool.query(
      'SELECT kind, channel, evidence FROM compliance_requests WHERE client_id = $1',
      [clientId],
    );
    expect(rows).toEqual([{ kind: 'erasure', channel: 'web', evidence: 'phone-code' }]);
  });
});

describe('the MAX adapter', () => {
  it('keeps the phone out of events, files and logs', async () => {
    const phone = [...phones.values()].at(-1)!;
    const { rows } = await server.runtime.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM emt_messages WHERE message_data::text LIKE '%' || $1 || '%'",
      [phone.slice(-7)],
    );
    expect(rows[0]!.n).toBe(0);
    expect(JSON.stringify(h.logs)).not.toContain(phone.slice(-7));
  });

  it('refuses a forwarded card and a card without an account', async () => {
    const d = maxDriver();
    const client = d.newClient('Олег');
    await d.send(client, '/start');
    await d.press(client, 'Согласен');
    const user = { user_id: client.id, first_name: 'Олег', last_name: 'Максов', username: null, is_bot: false } as const;
    const forwarded = fake.sendContact(user, { owner: user, phone: '79160000001' }, { forwarded: true });
    await until(() => fake.polledMarker() >= forwarded, 'the forwarded card');
    await max.bot.settled();
    expect(d.lastText(client)).toContain('Пересланный контакт');
    expect(await d.shareContact(client, { id: -1, name: 'Телефонная книга' }, '79160000002')).toContain('Не удалось подтвердить');
  });

  it('refuses a card with the sender’s own account and someone else’s phone when MAX’s hash is wrong or missing', async () => {
    const d = maxDriver();
    const victim = d.newClient('Вера');
    await d.send(victim, '/start');
    await d.press(victim, 'Согласен');
    const victimPhone = phoneFor({ id: victim.id } as any);
    expect(await d.shareContact(victim, victim, victimPhone)).toContain('номер подтверждён');
    const eventsBefore = await server.eventCount();

    const forger = d.newClient('Глеб');
    await d.send(forger, '/start');
    await d.press(forger, 'Согласен');
    const user = { user_id: forger.id, first_name: 'Глеб', last_name: 'Максов', username: null, is_bot: false } as const;
    for (const hash of ['deadbeef', null]) {
      const forged = fake.sendContact(user, { owner: user, phone: victimPhone }, { hash });
      await until(() => fake.polledMarker() >= forged, 'the forged card');
      await max.bot.settled();
      expect(d.lastText(forger)).toContain('Не удалось подтвердить');
    }
    // Nothing was linked: the forger's «Мои записи» still asks for their own phone first.
    await d.send(forger, 'мои записи');
    expect(d.lastText(forger)).not.toContain('Вера');
    expect(await server.eventCount()).toBe(eventsBefore);
  });

  it('takes webhook updates only with the secret header', async () => {
    const hooked = await startMax(
      { ...h.hostDeps, organization: firstOrganization(server.runtime.pool) },
      { token: fake.token, baseUrl: fake.baseUrl, webhook: { url: 'https://crm.test/max/webhook', secret: 'hook_secret-123' } },
    );
    try {
      const update = {
        update_type: 'bot_started',
        timestamp: Date.now(),
        chat_id: 55_500_001,
        user: { user_id: 55_500_000, first_name: 'Вебхук', username: null, is_bot: false },
      };
      expect(await hooked.webhook!(update, 'wrong-secret')).toEqual({ status: 401 });
      expect(fake.messagesIn(55_500_001)).toEqual([]);
      expect(await hooked.webhook!(update, 'hook_secret-123')).toEqual({ status: 200 });
      const greeting = fake.messagesIn(55_500_001);
      expect(greeting[0]!.text).toContain('Здравствуйте');
    } finally {
      await hooked.stop();
    }
  });
});
