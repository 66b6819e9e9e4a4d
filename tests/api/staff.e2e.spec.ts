import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneSequence, startAt, startTestServer, type TestServer } from '../support/test-server.ts';
import { addBranch } from '../support/second-branch.ts';

// A week with shifts: the oil change needs the «lift» skill. Anna works lifts only on day 3 from
// now; the tyre fitter works every day but has no lift skill. With «shifts required» on, day 2 has
// no free time for an oil change and a booking there is refused; day 3 takes it and gives it to Anna.

let server: TestServer;
const nextPhone = phoneSequence(700_100_000);
const everyDay = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { from: '09:00', to: '20:00' }]));

const dateIn = (days: number) => Temporal.Now.plainDateISO(server.branch.timeZone).add({ days });
const weekdayOf = (days: number) => String(dateIn(days).dayOfWeek);

const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
};

const person = async (name: string) => {
  const user = await server.addUser('mechanic');
  const renamed = await server.api('PATCH', `/api/users/${user.id}`, { name });
  expect(renamed.status).toBe(200);
  return user;
};

const book = (start: string) =>
  server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start,
    client: { name: 'Клиент Сменный', phone: nextPhone() },
  });

const mechanicOf = async (bookingId: string) =>
  (await server.runtime.deps.commands.loadBooking({ orgId: server.branch.orgId, userId: null }, bookingId)).mechanicId;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('Staff and shifts', () => {
  let anna: { id: string; token: string };
  let fitter: { id: string };
  let boris: { id: string };
  const bookingIds: Record<string, string> = {};

  beforeAll(async () => {
    anna = await person('Анна Подъёмова');
    fitter = await person('Фёдор Шинный');
    boris = await person('Борис Утренний');
    const branchId = server.branch.id;
    expect(
      (
        await server.api('PATCH', `/api/staff/${anna.id}/profile`, {
          branchId,
          skills: ['lift'],
          startDate: dateIn(0).toString(),
        })
      ).status,
    ).toBe(200);
    expect((await server.api('PATCH', `/api/staff/${fitter.id}/profile`, { branchId, skills: ['tyre'] })).status).toBe(200);
    const annaShift = await server.api('PUT', `/api/staff/${anna.id}/shifts`, {
      branchId,
      shifts: { [weekdayOf(3)]: { from: '09:00', to: '19:00' } },
    });
    expect(annaShift.status, JSON.stringify(annaShift.body)).toBe(200);
    expect((await server.api('PUT', `/api/staff/${fitter.id}/shifts`, { branchId, shifts: everyDay })).status).toBe(200);
    expect((await server.api('PUT', '/api/settings/shifts', { required: true })).body).toEqual({ required: true });
  });

  it('lists the people with their skills in words, shifts and the switch', async () => {
    const { status, body } = await server.api('GET', `/api/staff?branchId=${server.branch.id}`);
    expect(status).toBe(200);
    expect(body.shiftsRequired).toBe(true);
    expect(body.skills).toContainEqual({ kind: 'lift', services: ['Замена масла', 'Диагностика ходовой'] });
    const listed = body.people.find((p: { id: string }) => p.id === anna.id);
    expect(listed).toMatchObject({
      name: 'Анна Подъёмова',
      skills: ['lift'],
      shifts: { [weekdayOf(3)]: { from: '09:00', to: '19:00' } },
    });
  });

  it('offers no time on a day no mechanic with the skill works, and only shift times on a day one does', async () => {
    const ask = (days: number) =>
      server.api(
        'GET',
        `/api/availability?branchId=${server.branch.id}&serviceId=${server.service('Замена масла').id}&date=${dateIn(days).toString()}`,
      );
    expect((await ask(2)).body.slots).toEqual([]);
    const slots = (await ask(3)).body.slots as { start: string }[];
    expect(slots.length).toBeGreaterThan(0);
    // 45 minutes of work and a 15-minute buffer must end by 19:00, the end of Anna's shift.
    expect(slots.map((slot) => slot.start.slice(11, 16)).at(-1)).toBe('18:00');
  });

  it('refuses a booking on the day nobody with the skill works, writing nothing, and offers the staffed times', async () => {
    const before = await server.eventCount();
    const refused = await book(startAt(server.branch, 2, '10:00'));
    expectProblem(refused, 409, 'NO_MECHANIC_ON_SHIFT');
    expect(refused.body.alternatives.length).toBeGreaterThan(0);
    for (const alternative of refused.body.alternatives as { start: string }[]) {
      expect(alternative.start.slice(0, 10)).toBe(dateIn(3).toString());
    }
    expect(await server.eventCount()).toBe(before);
  });

  it('accepts it on the day the skilled mechanic works and gives it to her', async () => {
    for (const time of ['10:00', '15:00']) {
      const placed = await book(startAt(server.branch, 3, time));
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
      bookingIds[time] = placed.body.id;
      expect(await mechanicOf(placed.body.id)).toBe(anna.id);
    }
  });

  it('refuses to give the job to a mechanic without the skill', async () => {
    const assigned = await server.api('POST', `/api/bookings/${bookingIds['10:00']}/assign`, { mechanicId: fitter.id });
    expectProblem(assigned, 409, 'NO_MECHANIC_ON_SHIFT');
    expect(await mechanicOf(bookingIds['10:00']!)).toBe(anna.id);
  });

  describe('when Anna falls ill on her day', () => {
    const sick = () => ({ branchId: server.branch.id, from: dateIn(3).toString(), to: dateIn(3).toString(), kind: 'sick' });

    beforeAll(async () => {
      // Boris joins with the lift skill for the morning only: he can take the 10:00 job, not the 15:00 one.
      const branchId = server.branch.id;
      expect((await server.api('PATCH', `/api/staff/${boris.id}/profile`, { branchId, skills: ['lift'] })).status).toBe(200);
      const morning = { [weekdayOf(3)]: { from: '09:00', to: '12:00' } };
      expect((await server.api('PUT', `/api/staff/${boris.id}/shifts`, { branchId, shifts: morning })).status).toBe(200);
      await server.waitForProjection();
    });

    it('first answers, writing nothing, which job Boris takes and which booking must move', async () => {
      const before = await server.eventCount();
      const { status, body } = await server.api('POST', `/api/staff/${anna.id}/absences`, sick());
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.recorded).toBe(false);
      expect(body.reassigned).toEqual([
        expect.objectContaining({
          bookingId: bookingIds['10:00'],
          mechanicName: 'Борис Утренний',
          serviceNames: ['Замена масла'],
        }),
      ]);
      expect(body.toMove).toEqual([
        expect.objectContaining({
          bookingId: bookingIds['15:00'],
          clientName: 'Клиент Сменный',
          start: startAt(server.branch, 3, '15:00'),
        }),
      ]);
      expect(await server.eventCount()).toBe(before);
      const listed = (await server.api('GET', `/api/staff?branchId=${server.branch.id}`)).body.people;
      expect(listed.find((p: { id: string }) => p.id === anna.id).absences).toEqual([]);
    });

    it('on confirmation records the day, gives the morning job to Boris and leaves the other to move', async () => {
      const { status, body } = await server.api('POST', `/api/staff/${anna.id}/absences`, { ...sick(), confirm: true });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.recorded).toBe(true);
      expect(body.toMove.map((b: { bookingId: string }) => b.bookingId)).toEqual([bookingIds['15:00']]);
      expect(await mechanicOf(bookingIds['10:00']!)).toBe(boris.id);
      expect(await mechanicOf(bookingIds['15:00']!)).toBe(anna.id);
      const listed = (await server.api('GET', `/api/staff?branchId=${server.branch.id}`)).body.people;
      expect(listed.find((p: { id: string }) => p.id === anna.id).absences).toEqual([
        { id: body.absenceId, from: dateIn(3).toString(), to: dateIn(3).toString(), kind: 'sick' },
      ]);
      // Her afternoon is gone from the offers: only Boris's morning is left that day.
      const slots = (
        await server.api(
          'GET',
          `/api/availability?branchId=${server.branch.id}&serviceId=${server.service('Замена масла').id}&date=${dateIn(3).toString()}`,
        )
      ).body.slots as { start: string }[];
      expect(slots.every((slot) => slot.start.slice(11, 16) < '12:00')).toBe(true);
    });
  });

  describe('when the input is wrong or the asker may not', () => {
    it('refuses a shift that ends before it starts and an absence that ends before it starts, changing nothing', async () => {
      const branchId = server.branch.id;
      expectProblem(
        await server.api('PUT', `/api/staff/${fitter.id}/shifts`, { branchId, shifts: { 1: { from: '18:00', to: '09:00' } } }),
        400,
        'VALIDATION',
      );
      expectProblem(
        await server.api('POST', `/api/staff/${fitter.id}/absences`, {
          branchId,
          from: dateIn(5).toString(),
          to: dateIn(4).toString(),
          kind: 'vacation',
        }),
        400,
        'VALIDATION',
      );
      expectProblem(
        await server.api('PATCH', `/api/staff/${fitter.id}/profile`, { branchId, skills: ['welding'] }),
        400,
        'VALIDATION',
      );
      const listed = (await server.api('GET', `/api/staff?branchId=${branchId}`)).body.people;
      expect(listed.find((p: { id: string }) => p.id === fitter.id)).toMatchObject({
        shifts: everyDay,
        skills: ['tyre'],
        absences: [],
      });
    });

    it('keeps the staff page from mechanics and the switch from managers', async () => {
      const asMechanic = { authorization: `Bearer ${anna.token}` };
      expect((await server.api('GET', `/api/staff?branchId=${server.branch.id}`, undefined, asMechanic)).status).toBe(403);
      const manager = await server.addUser('manager');
      const asManager = { authorization: `Bearer ${manager.token}` };
      expect((await server.api('PUT', '/api/settings/shifts', { required: false }, asManager)).status).toBe(403);
    });

    it('offers the lift again on any open day once the switch is off', async () => {
      expect((await server.api('PUT', '/api/settings/shifts', { required: false })).body).toEqual({ required: false });
      const slots = (
        await server.api(
          'GET',
          `/api/availability?branchId=${server.branch.id}&serviceId=${server.service('Замена масла').id}&date=${dateIn(2).toString()}`,
        )
      ).body.slots;
      expect(slots.length).toBeGreaterThan(0);
    });

    it('still refuses, the switch off, to give a job to a mechanic on her sick day, and gives her one the day after', async () => {
      const book = async (days: number) => {
        const booked = await server.api('POST', '/api/bookings', {
          branchId: server.branch.id,
          serviceId: server.service('Замена масла').id,
          start: startAt(server.branch, days, '17:00'),
          client: { name: 'Клиент Больничный', phone: `+7916777000${days}` },
        });
        expect(booked.status, JSON.stringify(booked.body)).toBe(201);
        return booked.body.id as string;
      };
      const onSickDay = await book(3);
      const before = await server.eventCount();
      expectProblem(
        await server.api('POST', `/api/bookings/${onSickDay}/assign`, { mechanicId: anna.id }),
        409,
        'NO_MECHANIC_ON_SHIFT',
      );
      expect(await server.eventCount()).toBe(before);
      const dayAfter = await book(4);
      expect((await server.api('POST', `/api/bookings/${dayAfter}/assign`, { mechanicId: anna.id })).status).toBe(200);
    });
  });
});

describe('Days away and shifts of someone out of reach, and twice over', () => {
  type User = { id: string; token: string };
  let branchB: string;
  let managerA: User;
  let managerB: User;
  let mechanicB: User;
  const bearer = (user: User) => ({ authorization: `Bearer ${user.token}` });
  const day = (days: number) => dateIn(days).toString();
  const absencesOf = async (userId: string) =>
    (
      await server.runtime.pool.query<{ id: string; from: string; kind: string }>(
        'SELECT id, from_date::text AS "from", kind FROM staff_absences WHERE user_id = $1 ORDER BY from_date, kind',
        [userId],
      )
    ).rows;
  const away = (userId: string, body: Record<string, unknown>, as?: User) =>
    server.api(
      'POST',
      `/api/staff/${userId}/absences`,
      { branchId: server.branch.id, from: day(10), to: day(10), kind: 'vacation', confirm: true, ...body },
      as ? bearer(as) : undefined,
    );

  beforeAll(async () => {
    branchB = (await addBranch(server)).id;
    managerA = await server.addUser('manager', [server.branch.id]);
    managerB = await server.addUser('manager', [branchB]);
    mechanicB = await server.addUser('mechanic', [branchB]);
  });

  it('answers a manager of another branch 404 on a mechanic’s days away, adding and removing nothing', async () => {
    const refused = await away(mechanicB.id, {}, managerA);
    expectProblem(refused, 404, 'NOT_FOUND');
    expect(refused.body.detail).toBe('Person not found in this branch');
    expect(await absencesOf(mechanicB.id)).toEqual([]);

    const taken = await away(mechanicB.id, { branchId: branchB }, managerB);
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    const path = `/api/staff/${mechanicB.id}/absences/${taken.body.absenceId}`;
    const removed = await server.api('DELETE', path, undefined, bearer(managerA));
    expectProblem(removed, 404, 'NOT_FOUND');
    expect(removed.body.detail).toBe('Person not found in this branch');
    expect((await absencesOf(mechanicB.id)).map((a) => a.id)).toEqual([taken.body.absenceId]);
    expect((await server.api('DELETE', path, undefined, bearer(managerB))).status).toBe(204);
    expect(await absencesOf(mechanicB.id)).toEqual([]);
  });

  it('answers a manager of another branch 404 on a mechanic’s shifts before writing any', async () => {
    const refused = await server.api(
      'PUT',
      `/api/staff/${mechanicB.id}/shifts`,
      { branchId: server.branch.id, shifts: everyDay },
      bearer(managerA),
    );
    expectProblem(refused, 404, 'NOT_FOUND');
    expect(refused.body.detail).toBe('Person not found in this branch');
    const rows = await server.runtime.pool.query('SELECT branch_id FROM staff_shifts WHERE user_id = $1', [mechanicB.id]);
    expect(rows.rows).toEqual([]);
  });

  it('refuses a repeated or overlapping absence with 409, keeping the first, and takes the day after', async () => {
    const gleb = await person('Глеб Повторов');
    const first = await away(gleb.id, { kind: 'sick' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await away(gleb.id, { kind: 'sick' });
    expectProblem(again, 409, 'ABSENCE_OVERLAPS');
    expect(again.body.detail).toBe(
      `The person is already away from ${day(10)} to ${day(10)} (sick): change or remove that absence first`,
    );
    expectProblem(await away(gleb.id, { kind: 'day_off' }), 409, 'ABSENCE_OVERLAPS');
    expectProblem(await away(gleb.id, { from: day(8), to: day(12), confirm: false }), 409, 'ABSENCE_OVERLAPS');
    expect(await absencesOf(gleb.id)).toEqual([{ id: first.body.absenceId, from: day(10), kind: 'sick' }]);
    const next = await away(gleb.id, { from: day(11), to: day(11), kind: 'day_off' });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect((await absencesOf(gleb.id)).map((a) => a.from)).toEqual([day(10), day(11)]);
  });

  it('records one absence of fifteen identical confirmations sent at once', async () => {
    const dina = await person('Дина Гонкина');
    const answers = await Promise.all(Array.from({ length: 15 }, () => away(dina.id, { from: day(20), to: day(21) })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(14).fill(409)]);
    for (const answer of answers.filter((a) => a.status === 409)) {
      expect(['ABSENCE_OVERLAPS', 'ABSENCE_BUSY']).toContain(answer.body.code);
    }
    expect((await absencesOf(dina.id)).map((a) => a.from)).toEqual([day(20)]);
  });
});

// A branch open round the clock (a close at «00:00» is midnight) and a mechanic on shift all day:
// the hour before midnight is staffed too, the shift's end at «00:00» being that midnight.
describe('A round-the-clock branch with a mechanic on shift till midnight', () => {
  const moscowDate = (days: number) => Temporal.Now.plainDateISO('Europe/Moscow').add({ days });
  const at = (days: number, time: string) => `${moscowDate(days).toString()}T${time}+03:00`;
  let branchId: string;
  let serviceId: string;
  let mechanicId: string;

  beforeAll(async () => {
    const week = (day: object) => Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, day]));
    const created = await server.api('POST', '/api/branches', {
      name: 'СТО круглосуточно',
      timeZone: 'Europe/Moscow',
      hours: week({ open: '00:00', close: '00:00', breaks: [] }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    branchId = created.body.id;
    expect((await server.api('POST', '/api/bays', { branchId, name: 'Ночной пост', kinds: ['night'] })).status).toBe(201);
    const service = await server.api('POST', '/api/services', {
      branchId,
      name: 'Ночная диагностика',
      durationMinutes: 60,
      bayKind: 'night',
      priceRub: 1500,
    });
    expect(service.status, JSON.stringify(service.body)).toBe(201);
    serviceId = service.body.id;
    mechanicId = (await server.addUser('mechanic', [branchId])).id;
    expect((await server.api('PATCH', `/api/staff/${mechanicId}/profile`, { branchId, skills: ['night'] })).status).toBe(200);
    expect((await server.api('PUT', '/api/settings/shifts', { required: true })).body).toEqual({ required: true });
  });

  const bookAt = (start: string) =>
    server.api('POST', '/api/bookings', {
      branchId,
      serviceId,
      start,
      client: { name: 'Клиент Ночной', phone: nextPhone() },
    });

  it('takes a shift ending at «00:00» or «24:00» as one till midnight and books 23:00–24:00 with that mechanic', async () => {
    const shifts = await server.api('PUT', `/api/staff/${mechanicId}/shifts`, {
      branchId,
      shifts: {
        ...Object.fromEntries(['1', '2', '3', '4', '5', '6'].map((d) => [d, { from: '00:00', to: '00:00' }])),
        7: { from: '00:00', to: '24:00' },
      },
    });
    expect(shifts.status, JSON.stringify(shifts.body)).toBe(200);
    expect(shifts.body.shifts['1']).toEqual({ from: '00:00', to: '24:00' });
    expect(shifts.body.shifts['7']).toEqual({ from: '00:00', to: '24:00' });
    const late = await bookAt(at(2, '23:00'));
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    expect(await mechanicOf(late.body.id)).toBe(mechanicId);
    const listed = await server.api('GET', `/api/staff?branchId=${branchId}`);
    expect(listed.body.people.find((p: { id: string }) => p.id === mechanicId).shifts['3']).toEqual({
      from: '00:00',
      to: '24:00',
    });
  });

  it('refuses a shift across midnight in words, keeping the shifts it had', async () => {
    const night = await server.api('PUT', `/api/staff/${mechanicId}/shifts`, {
      branchId,
      shifts: { 1: { from: '20:00', to: '08:00' } },
    });
    expectProblem(night, 400, 'VALIDATION');
    expect(night.body.detail).toBe(
      'Day 1: a shift starts before it ends, by midnight (00:00); split a night shift into one till 00:00 and one from 00:00 the next day',
    );
    const listed = await server.api('GET', `/api/staff?branchId=${branchId}`);
    expect(listed.body.people.find((p: { id: string }) => p.id === mechanicId).shifts['1']).toEqual({
      from: '00:00',
      to: '24:00',
    });
  });
});
