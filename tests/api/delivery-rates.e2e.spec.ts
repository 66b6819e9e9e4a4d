import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/bot-harness.ts';
import { recordStatusMessage } from '../support/delivery-records.ts';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The owner's delivery rates (GET /api/kpis/deliveries): figures from attempts the real cascade
 * recorded (e-mail through a loopback SMTP server; no messenger, no SMS gateway) and from rows
 * written as the cascade writes them on fixed days, counted in the branch's own zone; a bad period
 * is a 400 and a mechanic gets 403.
 */
let server: TestServer;
let smtp: SmtpCatcher;
const mails: CaughtMail[] = [];
/** A second branch, four hours east of the demo one (Moscow): its days start earlier. */
let east: { id: string };

type Row = { channel: string; attempts: number; sent: number; failed: number; sentShare: number | null };

const rates = async (query: Record<string, string>, token?: string) =>
  server.api(
    'GET',
    `/api/kpis/deliveries?${new URLSearchParams(query).toString()}`,
    undefined,
    token ? { authorization: `Bearer ${token}` } : {},
  );

const channel = (body: { channels: Row[] }, name: string) => body.channels.find((row) => row.channel === name);

const recordMessage = (at: string, branchId: string | null, attempts: [string, 'sent' | 'failed'][]) =>
  recordStatusMessage(server, { at, branchId, attempts });

beforeAll(async () => {
  smtp = await startSmtpCatcher((mail) => mails.push(mail));
  server = await startTestServer({ channels: { mail: { smtpUrl: smtp.url, from: 'station@test.local' } } });
  const created = await server.api('POST', '/api/branches', {
    name: 'Филиал на Урале',
    timeZone: 'Asia/Yekaterinburg',
    hours: {},
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  east = created.body;

  // 10 March 2025 in Moscow (+03:00), the demo branch: three messages.
  await recordMessage('2025-03-10T07:00:00Z', server.branch.id, [['telegram', 'sent']]);
  await recordMessage('2025-03-10T08:00:00Z', server.branch.id, [
    ['telegram', 'failed'],
    ['max', 'failed'],
    ['sms', 'sent'],
  ]);
  await recordMessage('2025-03-10T09:00:00Z', server.branch.id, [
    ['telegram', 'failed'],
    ['email', 'failed'],
  ]);
  // 23:30 of 10 March in Moscow, yet 01:30 of 11 March in Yekaterinburg: the east branch's next day.
  await recordMessage('2025-03-10T20:30:00Z', east.id, [['email', 'sent']]);
  // 01:30 of 11 March in Moscow (22:30 UTC of the 10th): the demo branch's next day, no way in.
  await recordMessage('2025-03-10T22:30:00Z', server.branch.id, []);
  // Recorded before the branch was kept: only the whole station counts it.
  await recordMessage('2025-03-10T10:00:00Z', null, [['sms', 'failed']]);
});
afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
});

describe('GET /api/kpis/deliveries', () => {
  it('gives a branch’s attempts per channel and each message’s end, over the branch’s own days', async () => {
    const day = await rates({ from: '2025-03-10', to: '2025-03-10', branchId: server.branch.id });
    expect(day.status, JSON.stringify(day.body)).toBe(200);
    expect(day.body).toMatchObject({ from: '2025-03-10', to: '2025-03-10', timeZone: 'Europe/Moscow' });
    expect(day.body.channels.map((row: Row) => row.channel)).toEqual(['telegram', 'max', 'sms', 'email']);
    expect(channel(day.body, 'telegram')).toEqual({ channel: 'telegram', attempts: 3, sent: 1, failed: 2, sentShare: 1 / 3 });
    expect(channel(day.body, 'max')).toEqual({ channel: 'max', attempts: 1, sent: 0, failed: 1, sentShare: 0 });
    expect(channel(day.body, 'sms')).toEqual({ channel: 'sms', attempts: 1, sent: 1, failed: 0, sentShare: 1 });
    expect(channel(day.body, 'email')).toEqual({ channel: 'email', attempts: 1, sent: 0, failed: 1, sentShare: 0 });
    expect(day.body.messages).toEqual({ total: 3, reached: 2, failed: 1, noWayIn: 0, reachedShare: 2 / 3 });

    // The message at 01:30 Moscow time of the 11th is that day's, not the 10th's.
    const next = await rates({ from: '2025-03-11', to: '2025-03-11', branchId: server.branch.id });
    expect(next.body.messages).toEqual({ total: 1, reached: 0, failed: 0, noWayIn: 1, reachedShare: 0 });
    expect(next.body.channels.every((row: Row) => row.attempts === 0 && row.sentShare === null)).toBe(true);

    // The east branch counts in its own zone: 20:30 UTC of the 10th is its 11th.
    const eastTenth = await rates({ from: '2025-03-10', to: '2025-03-10', branchId: east.id });
    expect(eastTenth.body).toMatchObject({ timeZone: 'Asia/Yekaterinburg', messages: { total: 0 } });
    const eastEleventh = await rates({ from: '2025-03-11', to: '2025-03-11', branchId: east.id });
    expect(eastEleventh.body.messages).toEqual({ total: 1, reached: 1, failed: 0, noWayIn: 0, reachedShare: 1 });
    expect(channel(eastEleventh.body, 'email')).toMatchObject({ attempts: 1, sent: 1 });
  });

  it('counts every branch, and the records kept before branches were, for the whole station', async () => {
    const all = await rates({ from: '2025-03-10', to: '2025-03-11' });
    expect(all.status).toBe(200);
    expect(all.body.messages).toEqual({ total: 6, reached: 3, failed: 2, noWayIn: 1, reachedShare: 0.5 });
    expect(channel(all.body, 'sms')).toEqual({ channel: 'sms', attempts: 2, sent: 1, failed: 1, sentShare: 0.5 });
    expect(channel(all.body, 'email')).toEqual({ channel: 'email', attempts: 2, sent: 1, failed: 1, sentShare: 0.5 });
    const nothing = await rates({ from: '2025-02-01', to: '2025-02-28' });
    expect(nothing.body.messages).toEqual({ total: 0, reached: 0, failed: 0, noWayIn: 0, reachedShare: null });
  });

  it('counts what the real cascade recorded today: an e-mail sent, and a client with no way in', async () => {
    const booking = async (name: string, phone: string, email: string | null, days: number) => {
      const booked = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        bayId: server.bays[0]!.id,
        start: startAt(server.branch, days, '15:00'),
        client: { name, phone },
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      await server.waitForProjection();
      const clientId = (await server.api('GET', `/api/bookings/${booked.body.id}`)).body.clientId as string;
      if (email) expect((await server.api('PATCH', `/api/clients/${clientId}`, { email })).status).toBe(200);
      return booked.body.id as string;
    };
    const withMail = await booking('Лидия Почтовая', '+79165550101', 'lidia@example.ru', 2);
    const withNothing = await booking('Глеб Безсвязный', '+79165550102', null, 3);
    for (const id of [withMail, withNothing]) {
      expect((await server.api('POST', `/api/bookings/${id}/status`, { status: 'Confirmed' })).status).toBe(200);
    }
    await until(() => mails.find((mail) => mail.to.includes('lidia@example.ru')), 'the e-mail');
    const today = Temporal.Now.plainDateISO(server.branch.timeZone).toString();
    const counted = await until(async () => {
      const body = (await rates({ from: today, to: today, branchId: server.branch.id })).body;
      return body.messages.total === 2 ? body : null;
    }, 'both messages counted');
    expect(counted.messages).toEqual({ total: 2, reached: 1, failed: 0, noWayIn: 1, reachedShare: 0.5 });
    expect(channel(counted, 'email')).toEqual({ channel: 'email', attempts: 1, sent: 1, failed: 0, sentShare: 1 });
    expect(channel(counted, 'telegram')).toMatchObject({ attempts: 0 });
  });

  it('refuses a bad period with a 400', async () => {
    const queries: Record<string, string>[] = [
      { from: '2025-03-11', to: '2025-03-10' },
      { from: '2025-13-01', to: '2025-13-02' },
      { from: '2025-03-10' },
      { from: '10.03.2025', to: '11.03.2025' },
      { from: '2025-03-10', to: '2025-03-11', branchId: 'not-a-branch' },
    ];
    for (const query of queries) {
      const refused = await rates(query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
      expect(refused.body.code).toBe('VALIDATION');
    }
  });

  it('answers owners and managers of the branch only: a mechanic gets 403, another branch’s manager too', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    expect((await rates({ from: '2025-03-10', to: '2025-03-10' }, mechanic.token)).status).toBe(403);
    const manager = await server.addUser('manager', [server.branch.id]);
    const own = await rates({ from: '2025-03-10', to: '2025-03-11' }, manager.token);
    expect(own.status).toBe(200);
    // Their branch only: the east branch's message and the unbranched one are not theirs.
    expect(own.body.messages).toMatchObject({ total: 4, reached: 2, noWayIn: 1 });
    const eastManager = await server.addUser('manager', [east.id]);
    expect((await rates({ from: '2025-03-10', to: '2025-03-10', branchId: server.branch.id }, eastManager.token)).status).toBe(
      403,
    );
  });
});
