import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { phoneSequence, startTestServer, TEST_PASSWORD_COST, type TestServer } from '../support/test-server.ts';

// The acceptance week of issue 16 on a clock the test moves (no sleeping): two managers and three
// mechanics with shifts, «shifts required» on. Bookings are refused on a day no lift mechanic works
// and accepted when one does; a mechanic is never on two overlapping jobs; a sick day lists the
// booking to move; the working-time table equals the scripted sessions with idle gaps cut; the
// per-person figures equal a count made here from the script; an overdue task is e-mailed once.

const ZONE = 'Europe/Moscow';
const MIN = 60_000;
const today = Temporal.Now.plainDateISO(ZONE);
// The coming Monday at least two days ahead, so every step of the week lies in the future.
const monday = today.add({ days: 2 + ((8 - today.add({ days: 2 }).dayOfWeek) % 7) });
const day = (offset: number) => monday.add({ days: offset });
const instant = (offset: number, time: string) =>
  day(offset).toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(time) });
/** A start as the API takes it: local time with the offset, to the minute. */
const at = (offset: number, time: string) => instant(offset, time).toString({ timeZoneName: 'never', smallestUnit: 'minute' });
const setClock = (offset: number, time: string) => (clock = instant(offset, time).epochMilliseconds);

let clock = instant(0, '07:00').epochMilliseconds;
let server: TestServer;
let smtp: SmtpCatcher | undefined;
let telegram: FakeTelegram | undefined;
/** The Telegram chat Maria linked for staff alerts. */
const MARIAS_CHAT = 700_001;
const mails: { to: string[]; raw: string }[] = [];
const processes: Runtime[] = [];
const nextPhone = phoneSequence(700_300_000);

type Person = { id: string; email: string; password: string; token: string; name: string };
const people: Record<'maria' | 'oleg' | 'anna' | 'boris' | 'sergey', Person> = {} as never;

/** What each person did, as the script did it: the figures are checked against a count of this. */
type Step = { who: string; kind: 'booked' | 'moved' | 'confirmed' | 'called' | 'taskDone' | 'jobDone'; minutes?: number };
const script: Step[] = [];
/** The clock when each booking was asked for: a confirmation's wait is counted from it. */
const bookedAt = new Map<string, number>();

const as = (person: Person) => ({ authorization: `Bearer ${person.token}` });
const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
};

const book = async (who: Person, service: string, start: string) => {
  const answer = await server.api(
    'POST',
    '/api/bookings',
    {
      branchId: server.branch.id,
      serviceId: server.service(service).id,
      start,
      client: { name: 'Клиент Недели', phone: nextPhone() },
    },
    as(who),
  );
  if (answer.status === 201) {
    script.push({ who: who.id, kind: 'booked' });
    bookedAt.set(answer.body.id, clock);
  }
  return answer;
};
const mechanicOf = async (bookingId: string) =>
  (await server.runtime.deps.commands.loadBooking({ orgId: server.branch.orgId, userId: null }, bookingId)).mechanicId;
const move = async (who: Person, bookingId: string, status: string) => {
  const answer = await server.api('POST', `/api/bookings/${bookingId}/status`, { status }, as(who));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  script.push({ who: who.id, kind: 'moved' });
  if (status === 'Confirmed') script.push({ who: who.id, kind: 'confirmed', minutes: (clock - bookedAt.get(bookingId)!) / MIN });
  if (status === 'Done') script.push({ who: (await mechanicOf(bookingId))!, kind: 'jobDone' });
};
const call = async (who: Person, bookingId: string, outcome: string) => {
  expect((await server.api('POST', `/api/bookings/${bookingId}/calls`, { outcome }, as(who))).status).toBe(201);
  script.push({ who: who.id, kind: 'called' });
};

// ── Sessions: stretches of work, each turned into a sign-in, a heartbeat every few minutes and maybe a sign-out.
type Stretch = { from: string; to: string; signOut: boolean };
type Session = { who: keyof typeof people; offset: number; stretches: Stretch[] };
const sessions: Session[] = [
  // 12:00 → 12:40 is 40 minutes without a heartbeat: cut.
  {
    who: 'maria',
    offset: 2,
    stretches: [
      { from: '09:00', to: '12:00', signOut: false },
      { from: '12:40', to: '14:00', signOut: true },
    ],
  },
  // 11:00 → 11:12 is 12 minutes, within the 15-minute cut-off: joined. The panel is closed without signing out.
  {
    who: 'oleg',
    offset: 2,
    stretches: [
      { from: '10:00', to: '11:00', signOut: false },
      { from: '11:12', to: '12:02', signOut: false },
    ],
  },
  {
    who: 'anna',
    offset: 3,
    stretches: [
      { from: '09:00', to: '09:30', signOut: false },
      { from: '13:00', to: '13:45', signOut: true },
    ],
  },
  { who: 'boris', offset: 3, stretches: [{ from: '08:50', to: '17:10', signOut: true }] },
];
const BEAT_MINUTES = 5;

/** The scripted day as the table should show it: from the stretches alone, gaps of the cut-off and more dropped. */
const expectedDay = (session: Session) => {
  const minutes = (time: string) => Temporal.PlainTime.from(time).hour * 60 + Temporal.PlainTime.from(time).minute;
  const joined: { from: number; to: number }[] = [];
  for (const stretch of session.stretches) {
    const last = joined.at(-1);
    if (last && minutes(stretch.from) - last.to <= 15) last.to = minutes(stretch.to);
    else joined.push({ from: minutes(stretch.from), to: minutes(stretch.to) });
  }
  return {
    start: session.stretches[0]!.from,
    end: session.stretches.at(-1)!.to,
    activeMinutes: joined.reduce((sum, part) => sum + part.to - part.from, 0),
  };
};

const playSession = async (session: Session) => {
  const person = people[session.who];
  for (const [i, stretch] of session.stretches.entries()) {
    setClock(session.offset, stretch.from);
    // The first stretch starts with a sign-in; a later one with the heartbeat of someone coming back.
    if (i === 0) person.token = await server.login(person.email, person.password);
    const end = instant(session.offset, stretch.to).epochMilliseconds;
    for (let t = clock + (i === 0 ? BEAT_MINUTES * MIN : 0); ; t += BEAT_MINUTES * MIN) {
      clock = Math.min(t, end);
      const beat = await server.api('POST', '/api/work-time/heartbeat', undefined, as(person));
      expect(beat.body).toEqual({ recorded: true });
      if (clock === end) break;
    }
    // A second tab beating at the same moment adds nothing.
    expect((await server.api('POST', '/api/work-time/heartbeat', undefined, as(person))).body).toEqual({ recorded: false });
    if (stretch.signOut) expect((await server.api('POST', '/api/auth/logout', undefined, as(person))).status).toBe(200);
  }
};

const startMailingProcess = async (withTelegram = false) => {
  const runtime = await createRuntime({
    ...(withTelegram && telegram
      ? { telegram: { token: telegram.token, apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 } }
      : {}),
    databaseUrl: server.databaseUrl,
    logLevel: 'silent',
    passwordCost: TEST_PASSWORD_COST,
    now: () => clock,
    // The bot's followers each keep a connection of their own while they hold their turn.
    poolSize: withTelegram ? 12 : 4,
    mail: { smtpUrl: smtp!.url, from: 'Zero-CRM <crm@test.local>' },
    publicUrl: 'https://crm.test.local',
  });
  processes.push(runtime);
  return runtime;
};

beforeAll(async () => {
  smtp = await startSmtpCatcher((mail) => mails.push(mail));
  telegram = await startFakeTelegram();
  server = await startTestServer({ now: () => clock });
  const branchId = server.branch.id;
  const hire = async (key: keyof typeof people, role: string, name: string, skills: string[], weekdays: number[]) => {
    const user = await server.addUser(role);
    expect((await server.api('PATCH', `/api/users/${user.id}`, { name })).status).toBe(200);
    if (skills.length > 0) {
      expect((await server.api('PATCH', `/api/staff/${user.id}/profile`, { branchId, skills })).status).toBe(200);
    }
    const shifts = Object.fromEntries(weekdays.map((d) => [String(d), { from: '09:00', to: '18:00' }]));
    expect((await server.api('PUT', `/api/staff/${user.id}/shifts`, { branchId, shifts })).status).toBe(200);
    people[key] = { ...user, name };
  };
  await hire('maria', 'manager', 'Мария Записная', [], [1, 2, 3, 4, 5]);
  await hire('oleg', 'manager', 'Олег Звонков', [], [1, 2, 3, 4, 5]);
  // Oil changes need the lift: Anna works lifts on weekdays, Boris on Monday and Wednesday, Sergey only fits tyres.
  await hire('anna', 'mechanic', 'Анна Подъёмова', ['lift'], [1, 2, 3, 4, 5]);
  await hire('boris', 'mechanic', 'Борис Универсалов', ['lift', 'tyre'], [1, 3]);
  await hire('sergey', 'mechanic', 'Сергей Шинный', ['tyre'], [1, 2, 3, 4, 5, 6, 7]);
  expect((await server.api('PUT', '/api/settings/shifts', { required: true })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  for (const runtime of processes.splice(0)) await runtime.close();
  await server?.stop();
  await smtp?.stop();
  await telegram?.close();
});

describe('A scripted week of the station’s people', () => {
  const monJobs: string[] = [];
  let tuesdayJob = '';

  it('refuses an oil change on Saturday when no lift mechanic works, and takes bookings on days one does', async () => {
    setClock(0, '08:00');
    expectProblem(await book(people.maria, 'Замена масла', at(5, '10:00')), 409, 'NO_MECHANIC_ON_SHIFT');
    await server.waitForProjection();
    // A refusal is recorded as a refusal, never as a booking.
    expect(
      (await server.runtime.pool.query(`SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'BookingRequested'`))
        .rows[0].n,
    ).toBe(0);

    // Saturday's tyres: Sergey works then.
    const tyres = await book(people.maria, 'Шиномонтаж', at(5, '10:00'));
    expect(tyres.status, JSON.stringify(tyres.body)).toBe(201);
    expect(await mechanicOf(tyres.body.id)).toBe(people.sergey.id);

    for (const who of [people.maria, people.oleg]) {
      const placed = await book(who, 'Замена масла', at(0, '10:00'));
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      monJobs.push(placed.body.id);
      await server.waitForProjection();
    }
    // Two oil changes at once on two lifts: Anna and Boris, one each.
    expect(new Set(await Promise.all(monJobs.map(mechanicOf)))).toEqual(new Set([people.anna.id, people.boris.id]));

    const tuesday = await book(people.maria, 'Замена масла', at(1, '10:00'));
    expect(tuesday.status).toBe(201);
    tuesdayJob = tuesday.body.id;
    expect(await mechanicOf(tuesdayJob)).toBe(people.anna.id);
    await server.waitForProjection();
    // A free lift at Tuesday 10:30, but Anna, the only lift mechanic on Tuesday, is on the 10:00 job.
    expectProblem(await book(people.oleg, 'Замена масла', at(1, '10:30')), 409, 'NO_MECHANIC_ON_SHIFT');
    const friday = await book(people.oleg, 'Замена масла', at(4, '10:00'));
    expect(friday.status).toBe(201);
    expect(await mechanicOf(friday.body.id)).toBe(people.anna.id);

    await call(people.oleg, tuesdayJob, 'reached');
    await call(people.oleg, friday.body.id, 'no_answer');
    await call(people.maria, friday.body.id, 'reached');
  });

  it('refuses to put a mechanic on two overlapping jobs, in words, writing nothing', async () => {
    const [first, second] = monJobs as [string, string];
    const busy = await mechanicOf(second);
    const before = await server.eventCount();
    const refused = await server.api('POST', `/api/bookings/${first}/assign`, { mechanicId: busy }, as(people.maria));
    expectProblem(refused, 409, 'MECHANIC_BUSY');
    expect(refused.body.detail).toBe('This mechanic already has another job at that time');
    expect(await server.eventCount()).toBe(before);
    expect(await mechanicOf(first)).not.toBe(busy);
  });

  it('runs Monday’s jobs: confirmed by a manager, started and finished by the mechanics', async () => {
    // Maria confirms the first 7 minutes after it was booked, the second 5 minutes later still.
    for (const [i, id] of monJobs.entries()) {
      clock += (i === 0 ? 7 : 5) * MIN;
      await move(people.maria, id, 'Confirmed');
    }
    setClock(0, '10:00');
    for (const id of monJobs) {
      const mechanic = (await mechanicOf(id)) === people.anna.id ? people.anna : people.boris;
      await move(mechanic, id, 'InProgress');
    }
    setClock(0, '11:00');
    const annas = (await mechanicOf(monJobs[0]!)) === people.anna.id ? monJobs[0]! : monJobs[1]!;
    const boriss = monJobs.find((id) => id !== annas)!;
    await move(people.anna, annas, 'Done');
    await move(people.maria, boriss, 'Done');
  });

  it('lists Tuesday’s booking to move when Anna is off sick, and records the day as checked', async () => {
    setClock(0, '11:30');
    const body = { branchId: server.branch.id, from: day(1).toString(), to: day(1).toString(), kind: 'sick' };
    const check = await server.api('POST', `/api/staff/${people.anna.id}/absences`, body);
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect(check.body.recorded).toBe(false);
    expect(check.body.reassigned).toEqual([]);
    expect(check.body.toMove.map((job: { bookingId: string }) => job.bookingId)).toEqual([tuesdayJob]);
    expect(check.body.toMove[0].start).toBe(at(1, '10:00'));

    // A confirmation naming other bookings than there are is refused, writing nothing.
    const stale = await server.api('POST', `/api/staff/${people.anna.id}/absences`, { ...body, confirm: true, seen: [] });
    expectProblem(stale, 409, 'DAY_OFF_CHANGED');
    expect((await server.runtime.pool.query('SELECT count(*)::int AS n FROM staff_absences')).rows[0].n).toBe(0);

    const confirmed = await server.api('POST', `/api/staff/${people.anna.id}/absences`, {
      ...body,
      confirm: true,
      seen: [tuesdayJob],
    });
    expect(confirmed.body).toMatchObject({ recorded: true, reassigned: [] });
    expect(confirmed.body.toMove).toHaveLength(1);
  });

  it('reminds the manager whose task went overdue exactly once, in her Telegram chat and through real SMTP', async () => {
    setClock(0, '11:40');
    const task = (who: Person, due: string) =>
      server.api('POST', '/api/tasks', {
        branchId: server.branch.id,
        kind: 'call_back',
        title: 'Перезвонить клиенту',
        assigneeId: who.id,
        dueAt: at(0, due),
      });
    expect((await task(people.maria, '12:00')).status).toBe(201);
    const olegs = await task(people.oleg, '15:00');
    setClock(0, '13:00');
    expect((await server.api('POST', `/api/tasks/${olegs.body.id}/complete`, undefined, as(people.oleg))).status).toBe(200);
    script.push({ who: people.oleg.id, kind: 'taskDone' });

    await server.runtime.pool.query('INSERT INTO bot_manager_chats (user_id, org_id, chat_id) VALUES ($1, $2, $3)', [
      people.maria.id,
      server.branch.orgId,
      MARIAS_CHAT,
    ]);
    setClock(0, '16:00');
    const mailer = await startMailingProcess(true);
    await mailer.taskReminders!.check();
    expect(mails.map((mail) => mail.to.join())).toEqual([people.maria.email]);
    const sent = () => telegram!.callsFor(MARIAS_CHAT, 'sendMessage');
    expect(sent()).toHaveLength(1);
    expect(String(sent()[0]!.payload.text)).toContain('Срок задачи «перезвонить клиенту» прошёл');
    await mailer.taskReminders!.check();
    const other = await startMailingProcess();
    await other.taskReminders!.check();
    expect(mails).toHaveLength(1);
    expect(sent()).toHaveLength(1);
  });

  it('shows each person’s days as the scripted sessions, idle gaps cut', async () => {
    for (const session of sessions) await playSession(session);
    const { status, body } = await server.api(
      'GET',
      `/api/work-time?branchId=${server.branch.id}&from=${day(0).toString()}&to=${day(6).toString()}`,
    );
    expect(status).toBe(200);
    expect(body.idleCutoffMinutes).toBe(15);
    for (const key of Object.keys(people) as (keyof typeof people)[]) {
      const own = sessions.filter((session) => session.who === key);
      const row = body.people.find((p: { id: string }) => p.id === people[key].id);
      expect(row.days).toEqual(
        own.map((session) => ({
          userId: people[key].id,
          date: day(session.offset).toString(),
          correction: null,
          ...expectedDay(session),
        })),
      );
      expect(row.activeMinutes).toBe(own.reduce((sum, session) => sum + expectedDay(session).activeMinutes, 0));
    }
  }, 120_000);

  it('lets the owner correct a day with a reason, kept with who and why, and exports the table as CSV', async () => {
    const branchId = server.branch.id;
    const date = day(2).toString();
    expectProblem(
      await server.api('POST', `/api/work-time/${people.oleg.id}/corrections`, {
        branchId,
        date,
        start: '10:00',
        end: '18:00',
        activeMinutes: 500,
        reason: 'забыл',
      }),
      400,
      'VALIDATION',
    );
    expectProblem(
      await server.api(
        'POST',
        `/api/work-time/${people.oleg.id}/corrections`,
        { branchId, date, start: '10:00', end: '18:00', activeMinutes: 420, reason: 'работал с телефона' },
        // Oleg is still signed in (his panel was closed without signing out); only the owner corrects.
        as(people.oleg),
      ),
      403,
      'FORBIDDEN',
    );
    const fixed = await server.api('POST', `/api/work-time/${people.oleg.id}/corrections`, {
      branchId,
      date,
      start: '10:00',
      end: '18:00',
      activeMinutes: 420,
      reason: 'работал с телефона',
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    const oleg = fixed.body.people.find((p: { id: string }) => p.id === people.oleg.id);
    expect(oleg.days).toEqual([
      {
        userId: people.oleg.id,
        date,
        start: '10:00',
        end: '18:00',
        activeMinutes: 420,
        correction: {
          reason: 'работал с телефона',
          byName: expect.any(String),
          at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      },
    ]);
    const csv = await fetch(
      `${server.url}/api/work-time/export.csv?branchId=${branchId}&from=${day(0).toString()}&to=${day(6).toString()}`,
      {
        headers: { authorization: `Bearer ${server.token}` },
      },
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const maria = expectedDay(sessions[0]!);
    expect(text).toContain(
      `Мария Записная;${day(2).toString().split('-').reverse().join('.')};${maria.start};${maria.end};${Math.floor(maria.activeMinutes / 60)}:${String(maria.activeMinutes % 60).padStart(2, '0')};`,
    );
    expect(text).toContain('Олег Звонков');
    expect(text).toContain('7:00;работал с телефона');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('gives per-person figures equal to a count made from the script', async () => {
    await server.waitForProjection();
    const { status, body } = await server.api(
      'GET',
      `/api/staff/activity?branchId=${server.branch.id}&from=${day(0).toString()}&to=${day(6).toString()}`,
    );
    expect(status).toBe(200);
    const count = (id: string, kind: Step['kind']) => script.filter((step) => step.who === id && step.kind === kind).length;
    const medianWait = (id: string) => {
      const waits = script.filter((step) => step.who === id && step.kind === 'confirmed').map((step) => step.minutes!);
      waits.sort((a, b) => a - b);
      if (waits.length === 0) return null;
      const half = waits.length >> 1;
      return Math.round(waits.length % 2 ? waits[half]! : (waits[half - 1]! + waits[half]!) / 2);
    };
    for (const person of Object.values(people)) {
      const row = body.people.find((p: { id: string }) => p.id === person.id);
      expect(row, person.name).toMatchObject({
        bookingsCreated: count(person.id, 'booked'),
        statusMoves: count(person.id, 'moved'),
        confirmations: count(person.id, 'confirmed'),
        confirmMedianMinutes: medianWait(person.id),
        messagesAnswered: 0,
        calls: count(person.id, 'called'),
        tasksDone: count(person.id, 'taskDone'),
        jobsDone: count(person.id, 'jobDone'),
      });
    }
    // The script did something: the comparison is not of zeros.
    expect(body.people.reduce((sum: number, p: { bookingsCreated: number }) => sum + p.bookingsCreated, 0)).toBe(5);
    expect(body.people.find((p: { id: string }) => p.id === people.anna.id).jobsDone).toBe(1);
    // Booked at 08:00 together, confirmed at 08:07 and 08:12: Maria's median wait is 9.5 → 10 minutes.
    expect(body.people.find((p: { id: string }) => p.id === people.maria.id)).toMatchObject({
      confirmations: 2,
      confirmMedianMinutes: 10,
    });
    // A week later nothing of this counts.
    const later = await server.api(
      'GET',
      `/api/staff/activity?branchId=${server.branch.id}&from=${day(7).toString()}&to=${day(13).toString()}`,
    );
    expect(
      later.body.people.every((p: { bookingsCreated: number; statusMoves: number }) => p.bookingsCreated + p.statusMoves === 0),
    ).toBe(true);
  });
});
