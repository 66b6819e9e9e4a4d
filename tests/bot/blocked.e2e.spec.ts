import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUser } from '../support/fake-telegram.ts';
import { startAt, startTestServer } from '../support/test-server.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { handleRemindersDue } from '../support/reminders.ts';

/**
 * Blocking (152-FZ art. 20–21, while a rectification is checked): the client gets no reminders and
 * no status messages, and staff lists leave them out; unblocking brings all of it back.
 */

const HOUR = 3_600_000;
let clock = Date.now();
let h: BotHarness;
let officer: { token: string; id: string };
let manager: { token: string; id: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => h.server.api(method, path, body, bearer(token));

const said = (user: FakeUser, text: string) => h.telegram.chat(user.id).filter((message) => message.text.includes(text));

const linkedWithBooking = async (name: string, time: string) => {
  const user = newUser(name);
  await h.link(user, phoneFor(user));
  const clientId = (await h.eventsOf('TelegramLinked')).at(-1)!.data.clientId as string;
  const start = startAt(h.server.branch, 3, time);
  const booked = await h.server.api('POST', '/api/bookings', {
    branchId: h.server.branch.id,
    serviceId: h.server.service('Замена масла').id,
    start,
    client: { name, phone: `+${phoneFor(user)}` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return { user, clientId, bookingId: booked.body.id as string, start: Date.parse(start) };
};

const reminders = async (bookingId: string) =>
  (
    await h.server.runtime.pool.query<{ kind: string; sent_at: Date | null }>(
      'SELECT kind, sent_at FROM bot_reminders WHERE booking_id = $1 ORDER BY kind',
      [bookingId],
    )
  ).rows;

/** Moves the clock and waits until every reminder due by then is handled. */
const advanceTo = async (at: number) => {
  clock = at;
  await handleRemindersDue(h, at);
};

const listed = async (q: string) =>
  ((await as(manager.token, 'GET', `/api/clients?q=${encodeURIComponent(q)}`)).body.clients as { id: string }[]).map(
    (client) => client.id,
  );

const setStatus = async (bookingId: string, status: string) =>
  expect((await h.server.api('POST', `/api/bookings/${bookingId}/status`, { status })).status).toBe(200);

beforeAll(async () => {
  const server = await startTestServer({ now: () => clock });
  h = await startBotHarness({ server, reminderIntervalMs: 50 });
  officer = await server.addUser('compliance');
  manager = await server.addUser('manager');
});
afterAll(async () => {
  await h?.stop();
  await h?.server.stop();
});

describe('A blocked client', () => {
  let kept: Awaited<ReturnType<typeof linkedWithBooking>>;
  let blocked: Awaited<ReturnType<typeof linkedWithBooking>>;

  beforeAll(async () => {
    kept = await linkedWithBooking('Оставленная Клиентка', '10:00');
    blocked = await linkedWithBooking('Проверяемый Клиент', '11:00');
    await h.server.waitForProjection();
    const response = await as(officer.token, 'POST', `/api/compliance/clients/${blocked.clientId}/block`, {
      reason: 'rectification-check',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  });

  it('gets no reminder while an unblocked client does', async () => {
    await until(async () => (await reminders(kept.bookingId)).length === 2, 'reminders planned');
    await until(async () => (await reminders(blocked.bookingId)).length === 2, 'reminders planned');
    await advanceTo(blocked.start - 24 * HOUR + 60_000);
    await until(() => said(kept.user, 'завтра вы записаны').length === 1, 'the unblocked client’s reminder');
    expect(said(blocked.user, 'Напоминаем')).toEqual([]);
    // Dropped, not held back: nothing stale goes out once the block is lifted.
    expect((await reminders(blocked.bookingId)).find((row) => row.kind === 'day_before')!.sent_at).not.toBeNull();
    expect(
      h.telegram.callsFor(blocked.user.id, 'sendMessage').some((call) => String(call.payload.text).includes('Напоминаем')),
    ).toBe(false);
  });

  it('gets no status messages while an unblocked client does', async () => {
    await setStatus(kept.bookingId, 'Confirmed');
    await setStatus(blocked.bookingId, 'Confirmed');
    await until(() => said(kept.user, 'подтверждена').length === 1, 'the unblocked client’s message');
    await h.reactorCaughtUp();
    expect(said(blocked.user, 'подтверждена')).toEqual([]);
  });

  it('is left out of the clients list and search', async () => {
    const all = await listed('');
    expect(all).toContain(kept.clientId);
    expect(all).not.toContain(blocked.clientId);
    expect(await listed('Проверяемый')).toEqual([]);
    expect(await listed(phoneFor(blocked.user).slice(1))).toEqual([]);
    expect(await listed('Оставленная')).toEqual([kept.clientId]);
  });

  it('is messaged and listed again once unblocked', async () => {
    expect((await as(officer.token, 'DELETE', `/api/compliance/clients/${blocked.clientId}/block`)).status).toBe(200);
    expect(await listed('Проверяемый')).toEqual([blocked.clientId]);
    await setStatus(blocked.bookingId, 'InProgress');
    await until(() => said(blocked.user, 'Мастер начал работу').length === 1, 'the message after unblocking');
  });
});
