import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_EMAIL_SUBJECT } from '../../conversation/status-cascade.ts';
import { until } from '../support/bot-harness.ts';
import { mailText, startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * E-mail as the last step of the delivery cascade, as the composition root wires it: a client with
 * no messenger chat (no bot at all here) and no SMS gateway gets the status message at the address
 * on their card, through a real SMTP server on loopback; with the server gone the attempt is
 * recorded failed; a client with no address has no way in, and that is recorded too.
 */
let server: TestServer;
let smtp: SmtpCatcher;
let smtpStopped = false;
const mails: CaughtMail[] = [];

beforeAll(async () => {
  smtp = await startSmtpCatcher((mail) => mails.push(mail));
  server = await startTestServer({ channels: { mail: { smtpUrl: smtp.url, from: 'station@test.local' } } });
});
afterAll(async () => {
  await server?.stop();
  if (!smtpStopped) await smtp?.stop();
});

let nextClient = 0;

/** A client booked by phone in the panel (no messenger chat), with `email` on their card when given. */
const bookedClient = async (name: string, email: string | null) => {
  nextClient++;
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    bayId: server.bays[0]!.id,
    start: startAt(server.branch, 2 + nextClient, '12:00'),
    client: { name, phone: `+7916551${String(nextClient).padStart(4, '0')}` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await server.waitForProjection();
  const clientId = (await server.api('GET', `/api/bookings/${booked.body.id}`)).body.clientId as string;
  if (email) expect((await server.api('PATCH', `/api/clients/${clientId}`, { email })).status).toBe(200);
  return { bookingId: booked.body.id as string, clientId };
};

const setStatus = async (bookingId: string, status: string) => {
  const changed = await server.api('POST', `/api/bookings/${bookingId}/status`, { status });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
};

const attempts = async (clientId: string) =>
  (
    await server.runtime.pool.query<{ channel: string; outcome: string; branch_id: string }>(
      'SELECT channel, outcome, branch_id::text FROM delivery_attempts WHERE client_id = $1 ORDER BY id',
      [clientId],
    )
  ).rows;

const ends = async (clientId: string) =>
  (
    await server.runtime.pool.query<{ outcome: string }>(
      'SELECT outcome FROM status_deliveries WHERE client_id = $1 ORDER BY global_position',
      [clientId],
    )
  ).rows.map((row) => row.outcome);

/** The subject as the catcher got it, its RFC 2047 words (base64, as nodemailer writes Cyrillic) decoded. */
const subjectOf = (raw: string) =>
  (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '')
    .replace(/\r?\n[ \t]/g, '')
    .replace(/=\?utf-8\?B\?([^?]*)\?=\s*/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('the delivery cascade’s e-mail step', () => {
  it('sends the status message by e-mail to a client with no chat and no SMS, in Russian, and records the attempt', async () => {
    const client = await bookedClient('Полина Письмова', 'polina.pismova@example.ru');
    // The branch has no address of its own: the station's (its documents') is where the client is expected.
    await server.runtime.pool.query('UPDATE organizations SET legal_address = $2 WHERE id = $1', [
      server.branch.orgId,
      'г. Москва, ул. Ленина, 1',
    ]);
    await setStatus(client.bookingId, 'Confirmed');
    const mail = await until(() => mails.find((m) => m.to.includes('polina.pismova@example.ru')), 'the e-mail');
    expect(mail.from).toBe('station@test.local');
    const text = mailText(mail.raw);
    expect(text).toContain('подтверждена');
    expect(text).toContain('Замена масла');
    expect(text).toContain(`Ждём вас: ${server.branch.name}, г. Москва, ул. Ленина, 1.`);
    expect(subjectOf(mail.raw)).toBe(STATUS_EMAIL_SUBJECT);
    await until(async () => (await ends(client.clientId)).length === 1, 'the message’s end recorded');
    expect(await attempts(client.clientId)).toEqual([{ channel: 'email', outcome: 'sent', branch_id: server.branch.id }]);
    expect(await ends(client.clientId)).toEqual(['sent']);
  });

  it('records no attempt but «no way in» for a client with no e-mail either', async () => {
    const client = await bookedClient('Нина Безадресова', null);
    const before = mails.length;
    await setStatus(client.bookingId, 'Confirmed');
    await until(async () => (await ends(client.clientId)).length === 1, 'the message’s end recorded');
    expect(await ends(client.clientId)).toEqual(['none']);
    expect(await attempts(client.clientId)).toEqual([]);
    expect(mails.length).toBe(before);
  });

  it('writes nothing more to a client who withdrew consent, by e-mail too, and consent given again restores it', async () => {
    const client = await bookedClient('Семён Отозвавший', 'semen.otozval@example.ru');
    const consentPath = `/api/clients/${client.clientId}/consents`;
    const paper = { purpose: 'personal-data', noticeVersion: 'paper-1', textHash: 'e'.repeat(64) };
    expect((await server.api('POST', consentPath, paper)).status).toBe(201);
    const withdrawn = await server.api('POST', `${consentPath}/withdraw`, { purpose: 'personal-data', channel: 'phone' });
    expect(withdrawn.body.recorded, JSON.stringify(withdrawn.body)).toBe(true);
    // The officer has it to act on, with its deadline, as when the client withdraws in the bot.
    const registered = await server.runtime.pool.query(
      'SELECT kind, channel, status, due_date IS NOT NULL AS due FROM compliance_requests WHERE client_id = $1',
      [client.clientId],
    );
    expect(registered.rows).toEqual([{ kind: 'withdrawal', channel: 'phone', status: 'open', due: true }]);
    await setStatus(client.bookingId, 'Confirmed');
    // A later client's message goes out after it: by then the follower has passed the first one by.
    const other = await bookedClient('Вера Следующая', 'vera.next@example.ru');
    await setStatus(other.bookingId, 'Confirmed');
    await until(() => mails.find((m) => m.to.includes('vera.next@example.ru')), 'the later client’s e-mail');
    expect(mails.filter((m) => m.to.includes('semen.otozval@example.ru'))).toEqual([]);
    expect(await attempts(client.clientId)).toEqual([]);

    expect((await server.api('POST', consentPath, paper)).status).toBe(201);
    await setStatus(client.bookingId, 'InProgress');
    await until(() => mails.find((m) => m.to.includes('semen.otozval@example.ru')), 'the e-mail after consent given again');
  });

  it('records the e-mail attempt failed when the SMTP server is down', async () => {
    const client = await bookedClient('Олег Отказов', 'oleg.otkazov@example.ru');
    await setStatus(client.bookingId, 'Confirmed');
    await until(() => mails.find((m) => m.to.includes('oleg.otkazov@example.ru')), 'the first e-mail');
    await until(async () => (await ends(client.clientId)).length === 1, 'the first end recorded');

    await smtp.stop();
    smtpStopped = true;
    const before = mails.length;
    await setStatus(client.bookingId, 'InProgress');
    await until(async () => (await ends(client.clientId)).length === 2, 'the second end recorded');
    expect(await attempts(client.clientId)).toEqual([
      { channel: 'email', outcome: 'sent', branch_id: server.branch.id },
      { channel: 'email', outcome: 'failed', branch_id: server.branch.id },
    ]);
    expect(await ends(client.clientId)).toEqual(['sent', 'failed']);
    expect(mails.length).toBe(before);
  });
});
