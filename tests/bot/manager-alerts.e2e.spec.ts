import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManagerLinkCode } from '../../core/staff/manager-links.ts';
import { startAt } from '../support/test-server.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../support/smtp-catcher.ts';

let h: BotHarness;
let smtp: SmtpCatcher | undefined;
const mails: CaughtMail[] = [];

beforeAll(async () => {
  smtp = await startSmtpCatcher((mail) => mails.push(mail));
  h = await startBotHarness({ smtpUrl: smtp.url });
});
afterAll(async () => {
  await h?.stop();
  await smtp?.stop();
});

const fromQuotedPrintable = (text: string) =>
  text.replace(/=\r?\n/g, '').replace(/(=[0-9A-F]{2})+/g, (match) =>
    Buffer.from(
      match
        .split('=')
        .filter(Boolean)
        .map((hex) => parseInt(hex, 16)),
    ).toString('utf8'),
  );

/**
 * The text of every MIME part, whatever transfer encoding nodemailer picked: it switches from
 * quoted-printable to base64 when most characters are Cyrillic.
 */
const decoded = (raw: string) =>
  raw
    .split(/\r?\n--[^\r\n]+/)
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/);
      const head = split < 0 ? part : part.slice(0, split);
      const body = split < 0 ? '' : part.slice(split).trim();
      return /content-transfer-encoding:\s*base64/i.test(head)
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : fromQuotedPrintable(part);
    })
    .join('\n');

describe('Staff alerts', () => {
  it('links a manager chat with a one-time code and alerts in Telegram and by e-mail, without the client’s phone', async () => {
    const manager = await h.server.addUser('manager');
    const managerChat = newUser('Менеджер');
    const { code } = await createManagerLinkCode(
      h.server.runtime.pool,
      { orgId: h.server.branch.orgId, userId: manager.id },
      Date.now(),
    );
    const linked = await h.send(managerChat, `/link ${code}`);
    expect(linked!.text).toContain('сюда будут приходить');
    const intruder = newUser('Чужой');
    const refused = await h.send(intruder, `/link ${code}`);
    expect(refused!.text).toContain('Код не подошёл');

    // A booking the panel makes itself is no news to the staff.
    await h.server.api('POST', '/api/bookings', {
      branchId: h.server.branch.id,
      serviceId: h.server.service('Диагностика').id,
      start: startAt(h.server.branch, 2, '09:00'),
      client: { name: 'Панель', phone: '+79160000077' },
    });

    const client = newUser('Клиент');
    await h.link(client, phoneFor(client));
    await h.toSummary(client, { service: 'Замена масла', days: 3, time: '15:00' });
    await h.press(client, '✅ Записаться');
    const [requested] = (await h.eventsOf('BookingRequested')).filter((event) => event.data.channel === 'telegram');
    const bookingId = requested!.data.bookingId as string;
    const number = bookingId.slice(0, 8).toUpperCase();

    const alert = await until(
      () => h.telegram.chat(managerChat.id).find((message) => message.text.includes('Новая запись')),
      'the alert',
    );
    expect(alert.text).toContain(`№${number} (Telegram)`);
    // A link the panel opens: the branch's board on the visit's day.
    const { branchId, segments } = requested!.data as { branchId: string; segments: { date: string }[] };
    expect(alert.text).toContain(`http://panel.test/board?branch=${branchId}&date=${segments[0]!.date}`);
    expect(alert.text).not.toContain(phoneFor(client).slice(1));
    expect(alert.text).not.toContain('Клиент');
    expect(h.telegram.chat(managerChat.id).filter((message) => message.text.includes('Новая запись'))).toHaveLength(1);

    const mail = await until(() => mails.find((candidate) => decoded(candidate.raw).includes(`№${number}`)), 'the e-mail');
    expect(mail.to).toEqual(expect.arrayContaining(['owner@test.local', expect.stringMatching(/^manager-/)]));
    expect(mail.from).toBe('crm@test.local');
    expect(decoded(mail.raw)).not.toContain(phoneFor(client).slice(1));

    await h.server.waitForProjection();
    await h.send(client, '📋 Мои записи');
    await h.press(client, '✖ Отменить');
    await h.press(client, 'Да, отменить');
    await until(
      () => h.telegram.chat(managerChat.id).find((message) => message.text.includes('Клиент отменил')),
      'the cancel alert',
    );
    await until(() => mails.find((candidate) => decoded(candidate.raw).includes('Клиент отменил')), 'the cancel e-mail');
  });
});
