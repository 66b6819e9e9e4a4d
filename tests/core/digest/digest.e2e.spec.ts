import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../composition-root.ts';
import { createManagerLinkCode } from '../../../core/staff/manager-links.ts';
import { digestKeys, formatDigest, type Digest, type DigestFigure, type DigestKey } from '../../../domain/kpi/digest-text.ts';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../support/fake-telegram.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher.ts';
import { OWNER, TEST_PASSWORD_COST } from '../../support/test-server.ts';
import { expectedKpis, HOURS, msk, percentile, startWeek, TARGET_MINUTES, type Week } from '../../support/kpi-week.ts';

// The scripted week at the demo branch (tests/support/kpi-week.ts) plus a second branch with a few steps
// of its own, so the digest has an organization total and two branches. The digest processes are
// real runtimes on the week's database, with the fake Bot API and a real SMTP server on loopback.

type Mail = { to: string[]; subject: string; text: string };
type Counts = Record<DigestKey, number | null>;

const SECOND_BRANCH = 'СТО на Садовой';
const ORGANIZATION = 'Демо СТО';
/** The second branch's days, worked out by hand from the steps appended below. */
const SECOND: Record<string, { counts: Counts; bot: number; minutes: number[] }> = {
  '2026-09-08': {
    counts: {
      newBookings: 1,
      confirmed: 1,
      done: 0,
      cancelled: 0,
      noShows: 0,
      botShare: 100,
      medianConfirmMinutes: 10,
      slaMisses: 0,
      refusedOverlaps: 0,
    },
    bot: 1,
    minutes: [10],
  },
  '2026-09-09': {
    counts: {
      newBookings: 2,
      confirmed: 1,
      done: 0,
      cancelled: 1,
      noShows: 1,
      botShare: 50,
      medianConfirmMinutes: 5,
      slaMisses: 1,
      refusedOverlaps: 1,
    },
    bot: 1,
    minutes: [5],
  },
  '2026-09-10': {
    counts: {
      newBookings: 0,
      confirmed: 0,
      done: 0,
      cancelled: 0,
      noShows: 0,
      botShare: null,
      medianConfirmMinutes: null,
      slaMisses: 0,
      refusedOverlaps: 0,
    },
    bot: 0,
    minutes: [],
  },
};
SECOND['2026-09-11'] = SECOND['2026-09-10']!;

const shift = (day: string, by: number) => new Date(Date.parse(`${day}T00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

let week: Week;
let telegram: FakeTelegram;
let smtp: SmtpCatcher | undefined;
let smtpUrl: string;
const mails: Mail[] = [];
const runtimes: Runtime[] = [];
const ownerChat: FakeUser = { id: 6_100_001, first_name: 'Владелец', language_code: 'ru' };
const managerChat: FakeUser = { id: 6_100_002, first_name: 'Менеджер', language_code: 'ru' };
let ownerId: string;

// ───────────────────────────── E-mail as the SMTP server received it ─────────────────────────────

const qp = (text: string) => {
  const bytes: number[] = [];
  const flat = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '=' && /^[0-9A-F]{2}$/i.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(flat[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
};

/** Headers unfolded and RFC 2047 words decoded (adjacent words joined as bytes), body by its transfer encoding. */
const parseMail = (raw: string, to: string[]): Mail => {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\s+/, '');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const subject = header('Subject').replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) =>
    Buffer.concat(
      [...run.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)].map(([, kind, data]) =>
        kind!.toLowerCase() === 'b' ? Buffer.from(data!, 'base64') : qp(data!.replace(/_/g, ' ')),
      ),
    ).toString('utf8'),
  );
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? qp(body)
        : Buffer.from(body);
  return { to, subject: subject.trim(), text: decoded.toString('utf8').replace(/\r\n/g, '\n').trimEnd() };
};

// ───────────────────────────── Setting up ─────────────────────────────

/** Appends the second branch's steps at their scripted instants, as tests/support/kpi-week.ts does for the first. */
const seedSecondBranch = async () => {
  const server = week.server;
  const branch = await server.api('POST', '/api/branches', {
    name: SECOND_BRANCH,
    timeZone: 'Europe/Moscow',
    hours: HOURS,
    confirmTargetMinutes: TARGET_MINUTES,
  });
  expect(branch.status).toBe(201);
  const branchId = branch.body.id as string;
  const bay = await server.api('POST', '/api/bays', { branchId, name: 'Подъёмник', kinds: ['lift'] });
  const service = await server.api('POST', '/api/services', { branchId, name: 'ТО', durationMinutes: 60, bayKind: 'lift' });
  expect([bay.status, service.status]).toEqual([201, 201]);
  const orgId = server.branch.orgId;
  const { store } = server.runtime.deps;
  const append = async (stream: string, expected: number, type: string, data: Record<string, unknown>) => {
    await store.appendMany([{ stream, expected, events: [{ type, data }], metadata: { orgId, userId: ownerId } }]);
  };
  const book = async (index: number, channel: string, at: string, byOwner: boolean) => {
    const bookingId = randomUUID();
    const start = new Date(Date.parse(msk('2026-09-28 10:00')) + index * 86_400_000).toISOString();
    const end = new Date(Date.parse(start) + 3_600_000).toISOString();
    await append(`booking-${bookingId}`, 0, 'BookingRequested', {
      bookingId,
      orgId,
      branchId,
      bayId: bay.body.id,
      serviceIds: [service.body.id],
      start,
      end,
      segments: [{ date: start.slice(0, 10), from: start, to: end }],
      clientId: randomUUID(),
      channel,
      details: null,
      requestedBy: byOwner ? ownerId : null,
      requestedAt: new Date(msk(at)).toISOString(),
    });
    return bookingId;
  };
  const stamp = (local: string) => new Date(msk(local)).toISOString();
  // Tuesday: a bot booking confirmed in 10 minutes.
  const x3 = await book(0, 'telegram', '2026-09-08 10:00', false);
  await append(`booking-${x3}`, 1, 'BookingConfirmed', {
    bookingId: x3,
    confirmedBy: ownerId,
    confirmedAt: stamp('2026-09-08 10:10'),
  });
  // Wednesday: a bot booking confirmed in 5 minutes; a phone booking left New until a no-show
  // cancellation at 18:00 (an SLA miss at 12:30); a refused overlap.
  const x1 = await book(1, 'telegram', '2026-09-09 11:00', false);
  await append(`booking-${x1}`, 1, 'BookingConfirmed', {
    bookingId: x1,
    confirmedBy: ownerId,
    confirmedAt: stamp('2026-09-09 11:05'),
  });
  const x2 = await book(2, 'phone', '2026-09-09 12:00', true);
  await append(`booking-${x2}`, 1, 'BookingCancelled', {
    bookingId: x2,
    reason: 'no_show',
    cancelledBy: ownerId,
    cancelledAt: stamp('2026-09-09 18:00'),
  });
  const refusalId = randomUUID();
  await append(`refusal-${refusalId}`, 0, 'BookingRefused', {
    refusalId,
    orgId,
    branchId,
    channel: 'telegram',
    reason: 'slot_taken',
    requestedStart: msk('2026-09-28 10:00'),
    refusedBy: null,
    refusedAt: stamp('2026-09-09 14:00'),
  });
  await server.waitForProjection();
};

/** One more API process with the bot and the mailer, on the week's database and clock. */
const startProcess = async () => {
  const runtime = await createRuntime({
    databaseUrl: week.server.databaseUrl,
    logLevel: 'silent',
    passwordCost: TEST_PASSWORD_COST,
    now: () => week.clock.now,
    poolSize: 8,
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 },
    mail: { smtpUrl, from: 'Zero-CRM <crm@test.local>' },
  });
  runtimes.push(runtime);
  return runtime;
};

const stopProcess = async (runtime: Runtime) => {
  runtimes.splice(runtimes.indexOf(runtime), 1);
  await runtime.close();
};

const linkTelegram = async (user: FakeUser, userId: string) => {
  const { code } = await createManagerLinkCode(
    week.server.runtime.pool,
    { orgId: week.server.branch.orgId, userId },
    week.clock.now,
  );
  const updateId = telegram.sendText(user, `/link ${code}`);
  await telegram.waitFor(() => telegram.confirmedOffset() > updateId, 15_000, 'the /link command');
  // The runner confirms an update when it fetches the next batch, which may be before the handler
  // has written the link: the row is waited for, not read once.
  const deadline = Date.now() + 15_000;
  let rows: unknown[] = [];
  while (rows.length === 0 && Date.now() < deadline) {
    ({ rows } = await week.server.runtime.pool.query('SELECT chat_id::text FROM bot_manager_chats WHERE user_id = $1', [userId]));
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(rows).toEqual([{ chat_id: String(user.id) }]);
};

beforeAll(async () => {
  smtp = await startSmtpCatcher((mail) => mails.push(parseMail(mail.raw, mail.to)));
  smtpUrl = smtp.url;
  telegram = await startFakeTelegram();
  week = await startWeek();
  ownerId = (await week.server.runtime.pool.query('SELECT id::text FROM users WHERE email = $1', [OWNER.email])).rows[0].id;
  await seedSecondBranch();
});

afterAll(async () => {
  for (const runtime of [...runtimes]) await runtime.close();
  await week?.server.stop();
  await telegram?.close();
  await smtp?.stop();
});

// ───────────────────────────── Expected figures ─────────────────────────────

const figuresOf = (counts: Counts, previous: Counts): Record<DigestKey, DigestFigure> =>
  Object.fromEntries(digestKeys.map((key) => [key, { value: counts[key], previous: previous[key] }])) as Record<
    DigestKey,
    DigestFigure
  >;

/** The digest about `day`, sent at `now`: the demo branch recounted from the week's script, the second by hand. */
const expectedDigest = (day: string, now: string): Digest => {
  const first = expectedKpis({ from: day, to: day, now, users: week.users });
  const firstOf = (period: typeof first.current): Counts => {
    const { tiles } = period;
    return {
      newBookings: tiles.newBookings,
      confirmed: tiles.confirmed,
      done: tiles.done,
      cancelled: tiles.cancelled,
      noShows: tiles.noShows,
      botShare: tiles.botShare,
      medianConfirmMinutes: tiles.medianConfirmMinutes,
      slaMisses: tiles.slaMisses,
      refusedOverlaps: tiles.refusedOverlaps,
    };
  };
  const together = (period: typeof first.current, onDay: string): Counts => {
    const a = firstOf(period);
    const b = SECOND[onDay]!;
    const sum = (key: DigestKey) => a[key]! + b.counts[key]!;
    return {
      newBookings: sum('newBookings'),
      confirmed: sum('confirmed'),
      done: sum('done'),
      cancelled: sum('cancelled'),
      noShows: sum('noShows'),
      botShare: pct(period.newByChannel.telegram! + b.bot, sum('newBookings')),
      medianConfirmMinutes: round1(percentile([...period.confirmedOn(onDay), ...b.minutes], 0.5)),
      slaMisses: sum('slaMisses'),
      refusedOverlaps: sum('refusedOverlaps'),
    };
  };
  const before = shift(day, -1);
  return {
    organization: ORGANIZATION,
    day,
    sections: [
      { branch: null, figures: figuresOf(together(first.current, day), together(first.previous, before)) },
      { branch: 'СТО на Ленина', figures: figuresOf(firstOf(first.current), firstOf(first.previous)) },
      { branch: SECOND_BRANCH, figures: figuresOf(SECOND[day]!.counts, SECOND[before]!.counts) },
    ],
  };
};

const digestsIn = (chat: FakeUser) => telegram.chat(chat.id).filter((message) => message.text.startsWith('📊'));
// Staff alerts about the seeded bookings go to the same inbox, at moments the test does not control.
const digestMails = () => mails.filter((mail) => /^(Итоги дня|Daily summary)/.test(mail.subject));
const settingsRow = async () =>
  (await week.server.runtime.pool.query('SELECT enabled, send_at, telegram, email, language FROM digest_settings')).rows;

// ───────────────────────────── The tests ─────────────────────────────

describe('Owner digest', () => {
  describe('when the owner sets the digest up', () => {
    it('keeps the settings of the owner only and refuses a bad time, writing nothing', async () => {
      const initial = await week.server.api('GET', '/api/settings/digest');
      expect(initial.status).toBe(200);
      expect(initial.body).toEqual({
        enabled: false,
        time: '08:30',
        channels: { telegram: true, email: true },
        language: 'ru',
        timeZone: 'Europe/Moscow',
        telegramLinked: false,
      });

      const saved = await week.server.api('PUT', '/api/settings/digest', {
        enabled: true,
        time: '07:45',
        channels: { telegram: true, email: true },
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ enabled: true, time: '07:45', language: 'ru' });

      for (const bad of [
        { enabled: true, time: '25:00', channels: { telegram: true, email: true } },
        { enabled: true, time: '8:30', channels: { telegram: true, email: true } },
        { enabled: true, time: '09:00', channels: { telegram: true } },
        { enabled: true, time: '09:00', channels: { telegram: true, email: true }, language: 'de' },
        { enabled: 'yes', time: '09:00', channels: { telegram: true, email: true } },
        { enabled: true, time: '09:00', channels: { telegram: true, email: true }, extra: 1 },
      ]) {
        const refused = await week.server.api('PUT', '/api/settings/digest', bad);
        expect(refused.status, JSON.stringify(bad)).toBe(400);
        expect(refused.body).toMatchObject({ status: 400, code: 'VALIDATION' });
      }
      expect(await settingsRow()).toEqual([{ enabled: true, send_at: '07:45', telegram: true, email: true, language: 'ru' }]);

      const manager = { authorization: `Bearer ${week.managerTokens.A}` };
      const read = await week.server.api('GET', '/api/settings/digest', undefined, manager);
      const write = await week.server.api(
        'PUT',
        '/api/settings/digest',
        { enabled: false, time: '09:00', channels: { telegram: false, email: false } },
        manager,
      );
      expect([read.status, write.status]).toEqual([403, 403]);
      expect(write.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(await settingsRow()).toEqual([{ enabled: true, send_at: '07:45', telegram: true, email: true, language: 'ru' }]);
    });
  });

  describe('when the owner’s time comes', () => {
    let process: Runtime;

    beforeAll(async () => {
      await week.server.api('PUT', '/api/settings/digest', {
        enabled: true,
        time: '08:30',
        channels: { telegram: true, email: true },
      });
      week.clock.now = Date.parse('2026-09-10T08:00+03:00');
      process = await startProcess();
      await linkTelegram(ownerChat, ownerId);
      await linkTelegram(managerChat, week.users.A);
      const linked = await week.server.api('GET', '/api/settings/digest');
      expect(linked.body.telegramLinked).toBe(true);
    });

    it('sends nothing before the time', async () => {
      week.clock.now = Date.parse('2026-09-10T08:29+03:00');
      await process.digest!.check();
      expect(digestsIn(ownerChat)).toEqual([]);
      expect(digestMails()).toEqual([]);
    });

    it('sends yesterday’s figures once to the owner’s Telegram and e-mail, without client data', async () => {
      week.clock.now = Date.parse('2026-09-10T08:31+03:00');
      await process.digest!.check();
      const expected = formatDigest(expectedDigest('2026-09-09', '2026-09-10T08:31+03:00'), 'ru');

      const messages = digestsIn(ownerChat);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.text).toBe(expected.text);
      // The organization's day worked out by hand: the week's Wednesday at the demo branch plus the second branch.
      expect(messages[0]!.text).toContain(
        [
          'Все филиалы',
          '• Новые записи: 4 (+1)',
          '• Подтверждено: 2 (−2)',
          '• Выполнено: 1 (+1)',
          '• Отменено: 3 (+3)',
          '• Неявки: 2 (+2)',
          '• Доля записей через бота: 50% (+16,7 п.п.)',
          '• Время до подтверждения (медиана): 12,5 мин (−7,5 мин)',
          '• Просрочено подтверждение: 2 (+1)',
          '• Отказы: время уже занято: 3 (+3)',
        ].join('\n'),
      );
      expect(messages[0]!.text).toContain('среда, 9 сентября 2026');

      const sent = await until(() => digestMails().length === 1 && digestMails());
      expect(sent[0]).toEqual({ to: [OWNER.email], subject: 'Итоги дня 09.09.2026 — Демо СТО', text: expected.text });

      // Staff get alerts, not the owner's digest; clients' names and phones appear nowhere.
      expect(digestsIn(managerChat)).toEqual([]);
      for (const text of [messages[0]!.text, sent[0]!.text]) {
        for (const personal of ['Вера', 'Опоздавший', '1112233', '4445566', 'Борис']) expect(text).not.toContain(personal);
      }
      const ledger = await week.server.runtime.pool.query(
        'SELECT report_day::text, channel, attempts, sent_at IS NOT NULL AS sent FROM digest_deliveries ORDER BY channel',
      );
      expect(ledger.rows).toEqual([
        { report_day: '2026-09-09', channel: 'email', attempts: 1, sent: true },
        { report_day: '2026-09-09', channel: 'telegram', attempts: 1, sent: true },
      ]);
    });

    it('sends nothing more that day after a restart, and the next day’s digest once from two processes', async () => {
      await stopProcess(process);
      week.clock.now = Date.parse('2026-09-10T12:00+03:00');
      const [one, two] = [await startProcess(), await startProcess()];
      await Promise.all([one.digest!.check(), two.digest!.check()]);
      expect(digestsIn(ownerChat)).toHaveLength(1);
      expect(digestMails()).toHaveLength(1);

      week.clock.now = Date.parse('2026-09-11T08:31+03:00');
      await Promise.all([one.digest!.check(), two.digest!.check()]);
      await Promise.all([one.digest!.check(), two.digest!.check()]);
      const messages = digestsIn(ownerChat);
      expect(messages).toHaveLength(2);
      const expected = formatDigest(expectedDigest('2026-09-10', '2026-09-11T08:31+03:00'), 'ru');
      expect(messages[1]!.text).toBe(expected.text);
      expect(messages[1]!.text).toContain('четверг, 10 сентября 2026');
      const sent = await until(() => digestMails().length === 2 && digestMails());
      expect(sent[1]).toEqual({ to: [OWNER.email], subject: 'Итоги дня 10.09.2026 — Демо СТО', text: expected.text });
      const ledger = await week.server.runtime.pool.query(
        "SELECT channel, attempts FROM digest_deliveries WHERE report_day = '2026-09-10' AND sent_at IS NOT NULL ORDER BY channel",
      );
      expect(ledger.rows).toEqual([
        { channel: 'email', attempts: 1 },
        { channel: 'telegram', attempts: 1 },
      ]);
    });

    it('sends nothing when switched off, or when the owner has no channel to be reached on', async () => {
      const saved = await week.server.api('PUT', '/api/settings/digest', {
        enabled: false,
        time: '08:30',
        channels: { telegram: true, email: true },
      });
      expect(saved.status).toBe(200);
      week.clock.now = Date.parse('2026-09-12T09:00+03:00');
      for (const runtime of runtimes) await runtime.digest!.check();
      expect(digestsIn(ownerChat)).toHaveLength(2);
      expect(digestMails()).toHaveLength(2);

      // On, by Telegram only, but the owner's chat is no longer linked.
      await week.server.api('PUT', '/api/settings/digest', {
        enabled: true,
        time: '08:30',
        channels: { telegram: true, email: false },
      });
      await week.server.runtime.pool.query('DELETE FROM bot_manager_chats WHERE user_id = $1', [ownerId]);
      for (const runtime of runtimes) await runtime.digest!.check();
      expect(digestsIn(ownerChat)).toHaveLength(2);
      expect(digestMails()).toHaveLength(2);
      const ledger = await week.server.runtime.pool.query("SELECT 1 FROM digest_deliveries WHERE report_day = '2026-09-11'");
      expect(ledger.rowCount).toBe(0);
    });
  });

  describe('when the owner reads English', () => {
    it('writes the digest in English', async () => {
      const saved = await week.server.api('PUT', '/api/settings/digest', {
        enabled: true,
        time: '08:30',
        channels: { telegram: false, email: true },
        language: 'en',
      });
      expect(saved.body).toMatchObject({ language: 'en', channels: { telegram: false, email: true } });
      for (const runtime of runtimes) await runtime.digest!.check();
      const sent = await until(() => digestMails().length === 3 && digestMails());
      const expected = formatDigest(expectedDigest('2026-09-11', '2026-09-12T09:00+03:00'), 'en');
      expect(sent[2]).toEqual({ to: [OWNER.email], subject: expected.subject, text: expected.text });
      expect(sent[2]!.text).toContain('Friday, 11 September 2026');
      expect(sent[2]!.text).toContain('All branches\n• New bookings: ');
    });
  });
});

/** Waits for something outside the test's control to settle (the SMTP server records a mail as it ends). */
const until = async <T>(check: () => T | false, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
