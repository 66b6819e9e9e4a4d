import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonOf, type FakeUser } from '../support/fake-telegram.ts';
import { startAt, startTestServer } from '../support/test-server.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { handleRemindersDue } from '../support/reminders.ts';

const HOUR = 3_600_000;
let clock = Date.now();
let h: BotHarness;

beforeAll(async () => {
  const server = await startTestServer({ now: () => clock });
  h = await startBotHarness({ server, reminderIntervalMs: 50 });
});
afterAll(async () => {
  await h?.stop();
  await h?.server.stop();
});

const said = (user: FakeUser, text: string) => h.telegram.chat(user.id).filter((message) => message.text.includes(text));

const book = async (user: FakeUser, days: number, time: string) => {
  const response = await h.server.api('POST', '/api/bookings', {
    branchId: h.server.branch.id,
    serviceId: h.server.service('Замена масла').id,
    start: startAt(h.server.branch, days, time),
    client: { name: user.first_name, phone: `+${phoneFor(user)}` },
  });
  expect(response.status).toBe(201);
  return { id: response.body.id as string, start: Date.parse(startAt(h.server.branch, days, time)) };
};

const planned = async (bookingId: string) =>
  (await h.server.runtime.pool.query('SELECT kind, sent_at FROM bot_reminders WHERE booking_id = $1 ORDER BY kind', [bookingId]))
    .rows;

/** Moves the clock and waits until every reminder due by then is marked sent. */
const advanceTo = async (at: number) => {
  clock = at;
  await handleRemindersDue(h, at);
};

describe('Reminders', () => {
  it('reminds the day before with one-tap buttons and two hours before, once each, across restarts', async () => {
    const anna = newUser('Анна');
    const boris = newUser('Борис');
    const vera = newUser('Вера');
    for (const user of [anna, boris, vera]) await h.link(user, phoneFor(user));
    // The branch's own address goes with every reminder: where to come, not only when.
    await h.server.api('PATCH', `/api/branches/${h.server.branch.id}`, { address: 'г. Москва, ул. Садовая, 5' });
    const annas = await book(anna, 3, '10:00');
    const boriss = await book(boris, 4, '11:00');
    const verasCancelled = await book(vera, 3, '12:00');
    await h.server.api('POST', `/api/bookings/${verasCancelled.id}/status`, { status: 'Cancelled', reason: 'station' });
    await until(async () => (await planned(annas.id)).length === 2, 'reminders planned');
    await until(async () => (await planned(verasCancelled.id)).length === 0, 'the cancelled booking’s reminders dropped');

    await advanceTo(annas.start - 24 * HOUR + 60_000);
    const dayBefore = await until(() => said(anna, 'завтра вы записаны')[0], 'the day-before reminder');
    expect(dayBefore.text).toContain('Замена масла');
    expect(dayBefore.text).toContain(`Ждём вас: ${h.server.branch.name}, г. Москва, ул. Садовая, 5.`);
    expect(buttonOf(dayBefore, 'Приеду')).toBeDefined();
    expect(buttonOf(dayBefore, 'Перенести')).toBeDefined();
    expect(buttonOf(dayBefore, 'Отменить')).toBeDefined();
    const { answer } = await h.press(anna, 'Приеду');
    expect(answer!.text).toMatch(/^Спасибо! Ждём вас \S\S \d\d\.\d\d в 10:00\.$/);

    // Restart while Boris's reminder is pending: it goes out once, after the restart.
    await h.host().stop();
    clock = boriss.start - 24 * HOUR + 60_000;
    await h.restart();
    await advanceTo(clock);
    await until(() => said(boris, 'завтра вы записаны').length === 1, 'Boris’s reminder after the restart');
    await h.restart();

    await advanceTo(annas.start - 2 * HOUR + 60_000);
    await until(() => said(anna, 'Через 2 часа').length === 1, 'the two-hour reminder');
    expect(said(anna, 'Через 2 часа')[0]!.text).toContain('г. Москва, ул. Садовая, 5');
    await advanceTo(boriss.start - 2 * HOUR + 60_000);
    await until(() => said(boris, 'Через 2 часа').length === 1, 'Boris’s two-hour reminder');

    expect(said(anna, 'завтра вы записаны')).toHaveLength(1);
    expect(said(anna, 'Через 2 часа')).toHaveLength(1);
    expect(said(boris, 'завтра вы записаны')).toHaveLength(1);
    expect(said(boris, 'Через 2 часа')).toHaveLength(1);
    expect(h.telegram.chat(vera.id).filter((message) => message.text.includes('Напоминаем'))).toEqual([]);
  });

  it('words a reminder sent late by the time actually left where the branch is', async () => {
    const gleb = newUser('Глеб');
    await h.link(gleb, phoneFor(gleb));
    const visit = await book(gleb, 6, '10:00');
    await until(async () => (await planned(visit.id)).length === 2, 'reminders planned');

    // Held past its moment (a restart, no channel yet): it goes out at 00:30 on the visit's own day.
    await advanceTo(visit.start - 9.5 * HOUR);
    const dayBefore = await until(() => said(gleb, 'Напоминаем')[0], 'the late day-before reminder');
    expect(dayBefore.text).toMatch(/^Напоминаем: сегодня вы записаны — Замена масла, \S\S \d\d\.\d\d в 10:00\./);

    await advanceTo(visit.start - 30 * 60_000);
    const soon = await until(() => said(gleb, 'ждём вас')[0], 'the late two-hour reminder');
    expect(soon.text).toMatch(/^Через 30 минут ждём вас: Замена масла, \S\S \d\d\.\d\d в 10:00\./);
    expect(said(gleb, 'завтра')).toEqual([]);
    expect(said(gleb, 'Через 2 часа')).toEqual([]);
  });

  it('answers the reminder’s buttons honestly once the visit is cancelled or over', async () => {
    const dina = newUser('Дина');
    const egor = newUser('Егор');
    for (const user of [dina, egor]) await h.link(user, phoneFor(user));
    const dinas = await book(dina, 9, '10:00');
    const egors = await book(egor, 9, '11:00');
    await until(async () => (await planned(egors.id)).length === 2, 'reminders planned');
    await advanceTo(egors.start - 24 * HOUR + 60_000);
    const dinasReminder = await until(() => said(dina, 'завтра вы записаны')[0], 'Dina’s reminder');
    const egorsReminder = await until(() => said(egor, 'завтра вы записаны')[0], 'Egor’s reminder');
    // Read before any tap: a tap takes the buttons off the message.
    const [egorsCancel, egorsMove, egorsComing] = ['Отменить', 'Перенести', 'Приеду'].map(
      (label) => buttonOf(egorsReminder, label)!.callback_data!,
    );

    // The station cancels Dina's visit after the reminder went out.
    const cancelled = await h.server.api('POST', `/api/bookings/${dinas.id}/status`, { status: 'Cancelled', reason: 'station' });
    expect(cancelled.status).toBe(200);
    const { answer: coming } = await h.pressData(dina, dinasReminder, buttonOf(dinasReminder, 'Приеду')!.callback_data!);
    expect(coming).toMatchObject({ text: 'Эта запись уже отменена.', show_alert: true });

    // Egor taps his reminder's buttons after his visit's time has passed.
    clock = egors.start + HOUR;
    const { answer: cancel } = await h.pressData(egor, egorsReminder, egorsCancel!);
    expect(cancel).toMatchObject({ text: 'Эта запись уже прошла.', show_alert: true });
    const { answer: move } = await h.pressData(egor, egorsReminder, egorsMove!);
    expect(move).toMatchObject({ text: 'Эта запись уже прошла.', show_alert: true });
    const { answer: late } = await h.pressData(egor, egorsReminder, egorsComing!);
    expect(late).toMatchObject({ text: 'Эта запись уже прошла.', show_alert: true });
  });
});
