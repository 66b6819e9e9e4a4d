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
    expect(answer!.text).toContain('Ждём вас');

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
});
