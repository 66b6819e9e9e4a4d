import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../support/fake-telegram.ts';
import { buttonOf, buttonsOf } from '../support/fake-telegram.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { Temporal } from 'temporal-polyfill';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// A car's oil change is due again by its mileage: the station's one process finds it, the client
// gets one reminder in Telegram with a free time, books it with one tap; restarts and repeated
// scans send nothing more; a client who turns reminders off gets none again.

const DAY_MS = 86_400_000;
let clock = Date.now();
let server: TestServer;
let h: BotHarness;
let day = 2;

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
  h = await startBotHarness({ server });
  const oil = server.service('Замена масла');
  const set = await server.api('PATCH', `/api/services/${oil.id}`, { maintenanceKm: 10_000, maintenanceMonths: 12 });
  expect(set.status).toBe(200);
});
afterAll(async () => {
  await h?.stop();
  await server?.stop();
});

const ok = async (method: string, path: string, body?: unknown, status = 201) => {
  const response = await server.api(method, path, body);
  expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(status);
  return response.body;
};

/** 10:00 in the branch `days` after the server's clock. */
const startIn = (days: number) =>
  Temporal.Instant.fromEpochMilliseconds(clock)
    .toZonedDateTimeISO(server.branch.timeZone)
    .toPlainDate()
    .add({ days })
    .toZonedDateTime({ timeZone: server.branch.timeZone, plainTime: Temporal.PlainTime.from('10:00') })
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });

/** A finished oil change ahead of the clock (bookings are made ahead; the clock then moves past them), 30 days after the last. */
const oilChange = async (user: FakeUser, plate: string, odometerKm: number) => {
  const booking = await ok('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startIn(day),
    client: { name: user.first_name, phone: `+${phoneFor(user)}` },
    car: { make: 'Kia', model: 'Rio', plate },
  });
  day += 30;
  const order = await ok('POST', `/api/bookings/${booking.id}/work-order`, { odometerKm });
  await ok('POST', `/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
  for (const status of ['Confirmed', 'InProgress', 'Done']) {
    await ok('POST', `/api/bookings/${booking.id}/status`, { status }, 200);
  }
  return booking.id as string;
};

const scan = async () => {
  await server.waitForProjection();
  await server.runtime.maintenance.check();
};

const reminders = (user: FakeUser) =>
  h.telegram.chat(user.id).filter((message) => message.text.includes('Пора на техобслуживание'));

describe('Maintenance reminders', () => {
  it('reminds once when the mileage is due and books the offered time in one tap', async () => {
    const olga = newUser('Ольга');
    await h.link(olga, phoneFor(olga));
    // 1 500 km in 30 days: 50 km a day, so 10 000 km after the second change take 200 days.
    await oilChange(olga, 'М512ТК77', 40_000);
    const last = await oilChange(olga, 'М512ТК77', 41_500);

    await scan();
    expect(await h.eventsOf('MaintenanceReminderIssued')).toHaveLength(0);

    clock += 240 * DAY_MS;
    await scan();
    const issued = await h.eventsOf('MaintenanceReminderIssued');
    expect(issued).toHaveLength(1);
    expect(issued[0]!.data).toMatchObject({ lastBookingId: last, dueBy: 'km', dueKm: 51_500 });
    expect(issued[0]!.data.kmNow).toBeGreaterThanOrEqual(51_500);
    expect(JSON.stringify(issued[0]!.data)).not.toMatch(/Ольга|М512ТК77|7916/);

    const message = await until(() => reminders(olga)[0], 'the reminder in Telegram');
    expect(message.text).toContain('🔧 Пора на техобслуживание: Замена масла');
    expect(message.text).toMatch(/Kia Rio М512ТК77: в прошлый раз — \d{1,2} [а-я]+ \d{4} г\., пробег 41\u00a0500\u00a0км\./);
    expect(message.text).toContain('пора по пробегу');
    expect(message.text).not.toMatch(/\d{4}-\d\d-\d\d|[0-9a-f]{8}-[0-9a-f]{4}/);
    const offer = buttonOf(message, /^✅ Записаться на \d\d\.\d\d \d\d:\d\d$/);
    expect(offer).toBeDefined();

    // Found again by a later scan and by another process after a restart: still one reminder.
    await scan();
    await h.restart();
    await scan();
    await h.reactorCaughtUp();
    expect(await h.eventsOf('MaintenanceReminderIssued')).toHaveLength(1);
    expect(reminders(olga)).toHaveLength(1);

    // Someone else's chat cannot book from it.
    const stranger = newUser('Пётр');
    await h.link(stranger, phoneFor(stranger));
    const forged = await h.pressData(stranger, message, offer!.callback_data!);
    expect(forged.answer?.text).toBe('Это напоминание отправлено другому клиенту.');

    const booked = await h.press(olga, /^✅ Записаться на/);
    expect(booked.message!.text).toMatch(/^Вы записаны на /);
    const requested = (await h.eventsOf('BookingRequested')).at(-1)!;
    expect(requested.data).toMatchObject({ channel: 'telegram', serviceIds: [server.service('Замена масла').id] });
    expect(Date.parse(requested.data.start)).toBe(Date.parse(issued[0]!.data.offeredStart));
    expect(await h.eventsOf('MaintenanceReminderBooked')).toHaveLength(1);

    // A second tap on the same button books nothing more.
    const again = await h.pressData(olga, message, offer!.callback_data!);
    expect(again.message!.text).toMatch(/^Вы уже записаны по этому напоминанию: /);
    expect(
      (await h.eventsOf('BookingRequested')).filter((event) => event.data.clientId === requested.data.clientId),
    ).toHaveLength(3);
    expect(await h.eventsOf('MaintenanceReminderBooked')).toHaveLength(1);

    // The owner's figures: one reminder sent, one booking from it; the visit done and paid brings its money.
    const order = await ok('POST', `/api/bookings/${requested.data.bookingId}/work-order`, { odometerKm: 52_000 });
    await ok('POST', `/api/work-orders/${order.id}/works`, { serviceId: server.service('Замена масла').id });
    for (const status of ['Confirmed', 'InProgress', 'Done']) {
      await ok('POST', `/api/bookings/${requested.data.bookingId}/status`, { status }, 200);
    }
    for (const status of ['InWork', 'Done']) await ok('POST', `/api/work-orders/${order.id}/status`, { status }, 200);
    const paid = await ok('POST', `/api/work-orders/${order.id}/payments`, { method: 'cash', amountKopecks: 150_000 });
    expect(paid.status).toBe('Paid');
    await server.waitForProjection();
    const today = Temporal.Instant.fromEpochMilliseconds(clock).toZonedDateTimeISO(server.branch.timeZone).toPlainDate();
    const figures = async (from: Temporal.PlainDate, to: Temporal.PlainDate) =>
      (await ok('GET', `/api/kpis/money?from=${from.toString()}&to=${to.toString()}`, undefined, 200)).reminders;
    expect(await figures(today, today)).toEqual({ issued: 1, booked: 1, visitsDone: 1, revenueKopecks: 150_000 });
    const monthBefore = await figures(today.subtract({ days: 30 }), today.subtract({ days: 1 }));
    expect(monthBefore).toEqual({ issued: 0, booked: 0, visitsDone: 0, revenueKopecks: 0 });
  });

  it('sends nothing more to a client who turned the reminders off', async () => {
    day = 2;
    const ivan = newUser('Иван');
    await h.link(ivan, phoneFor(ivan));
    await oilChange(ivan, 'Е001КХ99', 10_000);
    await oilChange(ivan, 'Е001КХ99', 12_000);
    clock += 400 * DAY_MS;
    await scan();
    await until(() => reminders(ivan)[0], 'the reminder in Telegram');
    const stopped = await h.press(ivan, '🔕 Не напоминать о ТО');
    expect(stopped.message!.text).toContain('больше не будем напоминать');
    const set = await h.eventsOf('MaintenanceRemindersSet');
    expect(set.map((event) => event.data)).toEqual([expect.objectContaining({ enabled: false, channel: 'telegram' })]);

    // The next oil change is due again a year later: no reminder is issued for it.
    day = 2;
    await oilChange(ivan, 'Е001КХ99', 30_000);
    clock += 400 * DAY_MS;
    const before = (await h.eventsOf('MaintenanceReminderIssued')).length;
    await scan();
    expect(await h.eventsOf('MaintenanceReminderIssued')).toHaveLength(before);
    expect(reminders(ivan)).toHaveLength(1);

    // The card says so; at his request by phone the manager turns them on again, and the due work is reminded.
    const clientId = set[0]!.data.clientId as string;
    expect((await ok('GET', `/api/clients/${clientId}`, undefined, 200)).maintenanceReminders).toBe(false);
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const asMechanic = await fetch(`${server.url}/api/clients/${clientId}/maintenance-reminders`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${mechanic.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    expect(asMechanic.status).toBe(403);
    for (const body of [{ enabled: 'yes' }, {}, { enabled: true, extra: 1 }]) {
      expect((await server.api('PUT', `/api/clients/${clientId}/maintenance-reminders`, body)).status).toBe(400);
    }
    expect(await h.eventsOf('MaintenanceRemindersSet')).toHaveLength(1);
    expect(await ok('PUT', `/api/clients/${clientId}/maintenance-reminders`, { enabled: true }, 200)).toEqual({
      enabled: true,
      changed: true,
    });
    expect((await h.eventsOf('MaintenanceRemindersSet')).at(-1)!.data).toMatchObject({ enabled: true, channel: 'panel' });
    expect((await ok('GET', `/api/clients/${clientId}`, undefined, 200)).maintenanceReminders).toBe(true);
    await scan();
    await until(() => reminders(ivan)[1], 'the next reminder in Telegram');
  });

  it('offers the nearest free times when the offered one was taken meanwhile, and books one of them with a tap', async () => {
    day = 2;
    const nina = newUser('Нина');
    await h.link(nina, phoneFor(nina));
    await oilChange(nina, 'О222ОО77', 20_000);
    const last = await oilChange(nina, 'О222ОО77', 21_500);
    clock += 240 * DAY_MS;
    await scan();
    const reminder = await until(() => reminders(nina)[0], 'the reminder in Telegram');
    const issued = (await h.eventsOf('MaintenanceReminderIssued')).find((event) => event.data.lastBookingId === last)!;
    const offered = issued.data.offeredStart as string;

    // Other clients take every bay at the offered time before Nina taps.
    let taken = 0;
    for (let i = 0; i < 12; i++) {
      const response = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        start: offered,
        client: { name: 'Занявший', phone: `+7916${String(8_100_000 + i)}` },
      });
      if (response.status === 409) break;
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      taken++;
    }
    expect(taken).toBeGreaterThan(0);

    const refused = await h.pressData(nina, reminder, buttonOf(reminder, /^✅ Записаться на/)!.callback_data!);
    expect(refused.message!.text).toBe('Это время уже заняли. Свободно рядом:');
    const label = (start: string) =>
      Temporal.Instant.from(start)
        .toZonedDateTimeISO(server.branch.timeZone)
        .toPlainDateTime()
        .toString()
        .replace(/^\d{4}-(\d\d)-(\d\d)T(\d\d:\d\d).*$/, '$2.$1 $3');
    const offers = buttonsOf(refused.message).filter((button) => /^✅ Записаться на/.test(button.text));
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.map((button) => button.text)).not.toContain(`✅ Записаться на ${label(offered)}`);
    expect(buttonOf(refused.message, '🗓 Другое время')).toBeDefined();

    const booked = await h.pressData(nina, refused.message!, offers[0]!.callback_data!);
    expect(booked.message!.text).toMatch(/^Вы записаны на /);
    const requested = (await h.eventsOf('BookingRequested')).at(-1)!;
    expect(offers[0]!.text).toBe(`✅ Записаться на ${label(requested.data.start)}`);
    expect(Date.parse(requested.data.start)).not.toBe(Date.parse(offered));
    expect(
      (await h.eventsOf('MaintenanceReminderBooked')).filter((event) => event.data.reminderId === issued.data.reminderId),
    ).toHaveLength(1);
  });
});
