import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Branch } from '../../domain/catalog/catalog.ts';
import { startAt } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();

const ZONE = 'Asia/Vladivostok';
const DURATION = 60;

const weekWith = (day: { open: string; close: string; breaks: { from: string; to: string }[] }) =>
  Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((weekday) => [weekday, day]));

const vladivostokHours = weekWith({ open: '09:00', close: '18:00', breaks: [{ from: '13:00', to: '14:00' }] });

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
};

describe('Branch settings', () => {
  describe('when the owner opens a branch in Vladivostok with a lunch break', () => {
    let branch: Branch;
    let bayId: string;
    let serviceId: string;

    beforeAll(async () => {
      const created = await server.api('POST', '/api/branches', {
        name: 'СТО во Владивостоке',
        timeZone: ZONE,
        hours: vladivostokHours,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      branch = created.body;
      const bay = await server.api('POST', '/api/bays', { branchId: branch.id, name: 'Подъёмник', kinds: ['lift'] });
      expect(bay.status, JSON.stringify(bay.body)).toBe(201);
      bayId = bay.body.id;
      const service = await server.api('POST', '/api/services', {
        branchId: branch.id,
        name: 'Замена ремня ГРМ',
        durationMinutes: DURATION,
        bayKind: 'lift',
        priceRub: 6000,
      });
      expect(service.status, JSON.stringify(service.body)).toBe(201);
      serviceId = service.body.id;
    });

    it('stores the zone, the hours and the break as given', async () => {
      expect(branch).toMatchObject({ timeZone: ZONE, hours: vladivostokHours, slotStepMinutes: 30 });
      const listed = await server.api('GET', '/api/branches');
      expect(listed.body.map((b: Branch) => b.id)).toContain(branch.id);
      const bays = await server.api('GET', `/api/bays?branchId=${branch.id}`);
      expect(bays.body).toEqual([expect.objectContaining({ id: bayId, kinds: ['lift'], active: true })]);
    });

    it('offers starts in +10:00, within the hours and none that runs into the break', async () => {
      const date = startAt(branch, 2, '00:00').slice(0, 10);
      const response = await server.api('GET', `/api/availability?branchId=${branch.id}&serviceId=${serviceId}&date=${date}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const slots = response.body.slots as { start: string; bayIds: string[] }[];
      expect(slots.length).toBeGreaterThan(0);
      for (const slot of slots) {
        expect(slot.start).toMatch(new RegExp(`^${date}T\\d{2}:\\d{2}\\+10:00$`));
        expect(slot.bayIds).toEqual([bayId]);
        const from = minutesOf(slot.start.slice(11, 16));
        const to = from + DURATION;
        expect(from).toBeGreaterThanOrEqual(minutesOf('09:00'));
        expect(to).toBeLessThanOrEqual(minutesOf('18:00'));
        // The job must not overlap 13:00–14:00.
        expect(to <= minutesOf('13:00') || from >= minutesOf('14:00'), slot.start).toBe(true);
      }
      const times = slots.map((slot) => slot.start.slice(11, 16));
      expect(times).toEqual([
        '09:00',
        '09:30',
        '10:00',
        '10:30',
        '11:00',
        '11:30',
        '12:00',
        '14:00',
        '14:30',
        '15:00',
        '15:30',
        '16:00',
        '16:30',
        '17:00',
      ]);
    });

    it('books at a Vladivostok time and answers with a +10:00 start', async () => {
      const start = startAt(branch, 3, '10:00');
      expect(start).toMatch(/T10:00\+10:00$/);
      const response = await server.api('POST', '/api/bookings', {
        branchId: branch.id,
        serviceId,
        start,
        client: { name: 'Игорь', phone: '+79241234567' },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ bayId, start, end: start.replace('T10:00', 'T11:00'), status: 'New' });
    });

    it('reads a start given in another offset in the branch’s zone', async () => {
      // 04:30 in Moscow is 11:30 in Vladivostok.
      const vladivostok = startAt(branch, 3, '11:30');
      const moscow = `${vladivostok.slice(0, 10)}T04:30+03:00`;
      const response = await server.api('POST', '/api/bookings', {
        branchId: branch.id,
        serviceId,
        start: moscow,
        client: { name: 'Игорь', phone: '+79241234567' },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.start).toBe(vladivostok);
    });

    it('no longer offers a booked start', async () => {
      await server.waitForProjection();
      const date = startAt(branch, 3, '00:00').slice(0, 10);
      const response = await server.api('GET', `/api/availability?branchId=${branch.id}&serviceId=${serviceId}&date=${date}`);
      const times = (response.body.slots as { start: string }[]).map((slot) => slot.start.slice(11, 16));
      expect(times).not.toContain('10:00');
      expect(times).not.toContain('11:30');
      expect(times).toContain('09:00');
    });

    it('refuses a booking that runs into the break with 422 and writes no event', async () => {
      const before = await server.eventCount();
      const response = await server.api('POST', '/api/bookings', {
        branchId: branch.id,
        serviceId,
        start: startAt(branch, 4, '12:30'),
        client: { name: 'Игорь', phone: '+79241234567' },
      });
      expectProblem(response, 422, 'OUTSIDE_WORKING_HOURS');
      expect(await server.eventCount()).toBe(before);
    });

    it('refuses a booking at 14:00 Moscow time, which is 21:00 in Vladivostok, after closing', async () => {
      const before = await server.eventCount();
      const response = await server.api('POST', '/api/bookings', {
        branchId: branch.id,
        serviceId,
        start: `${startAt(branch, 4, '00:00').slice(0, 10)}T14:00+03:00`,
        client: { name: 'Игорь', phone: '+79241234567' },
      });
      expectProblem(response, 422, 'OUTSIDE_WORKING_HOURS');
      expect(await server.eventCount()).toBe(before);
    });
  });

  describe('when a branch works until midnight or round the clock', () => {
    let branchId: string;
    let serviceId: string;

    beforeAll(async () => {
      // «00:00» as the close is how the panel's time input says midnight; the API keeps it as «24:00».
      const created = await server.api('POST', '/api/branches', {
        name: 'СТО до полуночи',
        timeZone: 'Europe/Moscow',
        hours: weekWith({ open: '10:00', close: '00:00', breaks: [{ from: '23:00', to: '00:00' }] }),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      branchId = created.body.id;
      expect(created.body.hours['3']).toEqual({ open: '10:00', close: '24:00', breaks: [{ from: '23:00', to: '24:00' }] });
      expect((await server.api('POST', '/api/bays', { branchId, name: 'Пост', kinds: ['lift'] })).status).toBe(201);
      const service = await server.api('POST', '/api/services', {
        branchId,
        name: 'Шиномонтаж',
        durationMinutes: DURATION,
        bayKind: 'lift',
        priceRub: 2000,
      });
      serviceId = service.body.id;
    });

    const startsOn = async (daysAhead: number) => {
      const date = startAt({ ...server.branch, timeZone: 'Europe/Moscow' }, daysAhead, '00:00').slice(0, 10);
      const response = await server.api('GET', `/api/availability?branchId=${branchId}&serviceId=${serviceId}&date=${date}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return (response.body.slots as { start: string }[]).map((slot) => slot.start.slice(11, 16));
    };

    it('offers the last hour before midnight, or before the break that ends the day', async () => {
      expect((await startsOn(2)).at(-1)).toBe('22:00');
      const patched = await server.api('PATCH', `/api/branches/${branchId}`, {
        hours: weekWith({ open: '00:00', close: '24:00', breaks: [] }),
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const times = await startsOn(2);
      expect([times[0], times.at(-1)]).toEqual(['00:00', '23:00']);
      expect(times).toHaveLength(47);
    });

    it('refuses «24:00» as an opening time or the start of a break', async () => {
      for (const day of [
        { open: '24:00', close: '24:00', breaks: [] },
        { open: '10:00', close: '24:00', breaks: [{ from: '24:00', to: '24:00' }] },
        { open: '10:00', close: '24:30', breaks: [] },
      ]) {
        const response = await server.api('PATCH', `/api/branches/${branchId}`, { hours: weekWith(day) });
        expectProblem(response, 400, 'VALIDATION');
      }
    });
  });

  describe('when the owner sends settings that make no sense', () => {
    const badHours: [string, unknown][] = [
      ['open equal to close', weekWith({ open: '10:00', close: '10:00', breaks: [] })],
      ['open after close', weekWith({ open: '18:00', close: '09:00', breaks: [] })],
      [
        'a break that ends before it starts',
        weekWith({ open: '09:00', close: '18:00', breaks: [{ from: '14:00', to: '13:00' }] }),
      ],
      [
        'a break outside the opening hours',
        weekWith({ open: '09:00', close: '18:00', breaks: [{ from: '08:00', to: '10:00' }] }),
      ],
      [
        'two breaks that overlap',
        weekWith({
          open: '09:00',
          close: '18:00',
          breaks: [
            { from: '12:30', to: '13:30' },
            { from: '12:00', to: '13:00' },
          ],
        }),
      ],
      ['a time that is not HH:MM', weekWith({ open: '9:00', close: '18:00', breaks: [] })],
      ['a weekday that does not exist', { '8': { open: '09:00', close: '18:00', breaks: [] } }],
    ];

    it('refuses PATCH with an unknown time zone, an offset or a date-time as the zone with 400 and keeps the zone', async () => {
      // Temporal takes an offset or a whole date-time as a zone; the panel cannot draw a day in one.
      for (const timeZone of ['Mars/Olympus_Mons', '+03:00', '2026-01-01T00:00Z', 'UTC+3']) {
        const response = await server.api('PATCH', `/api/branches/${server.branch.id}`, { timeZone });
        expectProblem(response, 400, 'VALIDATION');
        expect(response.body.field).toBe('timeZone');
      }
      const branches = await server.api('GET', '/api/branches');
      expect(branches.body.find((b: Branch) => b.id === server.branch.id).timeZone).toBe('Europe/Moscow');
    });

    it('refuses POST with an unknown time zone with 400 and creates no branch', async () => {
      const response = await server.api('POST', '/api/branches', {
        name: 'Нигде',
        timeZone: 'Nowhere/Town',
        hours: vladivostokHours,
      });
      expectProblem(response, 400, 'VALIDATION');
      expect((await server.runtime.pool.query(`SELECT 1 FROM branches WHERE name = 'Нигде'`)).rowCount).toBe(0);
    });

    it.each(badHours)('refuses PATCH with hours that have %s and keeps the hours', async (_label, hours) => {
      const response = await server.api('PATCH', `/api/branches/${server.branch.id}`, { hours });
      expectProblem(response, 400, 'VALIDATION');
      const branches = await server.api('GET', '/api/branches');
      expect(branches.body.find((b: Branch) => b.id === server.branch.id).hours).toEqual(server.branch.hours);
    });

    it.each(badHours)('refuses POST with hours that have %s', async (_label, hours) => {
      const response = await server.api('POST', '/api/branches', { name: 'Странный филиал', timeZone: ZONE, hours });
      expectProblem(response, 400, 'VALIDATION');
      expect((await server.runtime.pool.query(`SELECT 1 FROM branches WHERE name = 'Странный филиал'`)).rowCount).toBe(0);
    });

    it('refuses PATCH of a branch that does not exist with 404', async () => {
      const response = await server.api('PATCH', '/api/branches/00000000-0000-4000-8000-000000000000', { name: 'Призрак' });
      expectProblem(response, 404, 'NOT_FOUND');
    });

    it('refuses an empty PATCH with 400', async () => {
      expectProblem(await server.api('PATCH', `/api/branches/${server.branch.id}`, {}), 400, 'VALIDATION');
    });
  });

  describe('when the owner gives a branch its own address, phone and booking rules', () => {
    const branchRow = async () =>
      (await server.api('GET', '/api/branches')).body.find((b: Branch & Record<string, unknown>) => b.id === server.branch.id);

    it('keeps them trimmed, answers them with the branch, and takes an empty field back to the station’s own', async () => {
      const saved = await server.api('PATCH', `/api/branches/${server.branch.id}`, {
        address: '  г. Москва, ул. Садовая, 5  ',
        phone: '+7 (495) 123-45-67',
        slotStepMinutes: 15,
        bookingHorizonDays: 30,
        changeNoticeMinutes: 60,
        confirmTargetMinutes: 45,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body).toMatchObject({
        address: 'г. Москва, ул. Садовая, 5',
        phone: '+7 (495) 123-45-67',
        slotStepMinutes: 15,
        bookingHorizonDays: 30,
        changeNoticeMinutes: 60,
        confirmTargetMinutes: 45,
      });
      expect(await branchRow()).toMatchObject({ address: 'г. Москва, ул. Садовая, 5', confirmTargetMinutes: 45 });

      const cleared = await server.api('PATCH', `/api/branches/${server.branch.id}`, { address: '   ', phone: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ address: null, phone: null });
      const { rows } = await server.runtime.pool.query('SELECT address, phone FROM branches WHERE id = $1', [server.branch.id]);
      expect(rows[0]).toEqual({ address: null, phone: null });
      await server.api('PATCH', `/api/branches/${server.branch.id}`, {
        slotStepMinutes: server.branch.slotStepMinutes,
        bookingHorizonDays: server.branch.bookingHorizonDays,
        changeNoticeMinutes: server.branch.changeNoticeMinutes,
        confirmTargetMinutes: 30,
      });
    });

    it.each([
      ['a phone without its digits', { phone: '12-34' }, 'phone'],
      ['a phone of words', { phone: 'звоните' }, 'phone'],
      ['a phone in a sentence', { phone: 'звоните 8 800 555-35-35' }, 'phone'],
      ['a name of spaces', { name: '   ' }, 'name'],
      ['a name of zero-width characters', { name: '\u200b\u200d' }, 'name'],
      ['a name on two lines', { name: 'СТО\nна Ленина' }, 'name'],
      ['an address of a zero-width space', { address: '\u200b' }, 'address'],
      ['an address on two lines', { address: 'ул. Садовая, 5\nвъезд со двора' }, 'address'],
      ['an address too long to print', { address: 'д'.repeat(301) }, 'address'],
      ['a phone too long to dial', { phone: '+7 495 123-45-67 '.repeat(3) }, 'phone'],
      ['a one-minute booking step', { slotStepMinutes: 1 }, 'slotStepMinutes'],
      ['a seven-minute booking step', { slotStepMinutes: 7 }, 'slotStepMinutes'],
      ['the same day off twice', { daysOff: ['2030-01-07', '2030-01-07'] }, 'daysOff'],
      ['a horizon of two years', { bookingHorizonDays: 730 }, 'bookingHorizonDays'],
      ['a notice of a month', { changeNoticeMinutes: 43_200 }, 'changeNoticeMinutes'],
      ['no time at all to confirm', { confirmTargetMinutes: 0 }, 'confirmTargetMinutes'],
      ['a step given as text', { slotStepMinutes: '30' }, 'slotStepMinutes'],
    ])('refuses %s with 400 naming the field, and changes nothing of the branch', async (_label, body, field) => {
      const before = await branchRow();
      const response = await server.api('PATCH', `/api/branches/${server.branch.id}`, { name: 'Переименован', ...body });
      expectProblem(response, 400, 'VALIDATION');
      expect(response.body.field ?? response.body.detail).toContain(field);
      expect(await branchRow()).toEqual(before);
    });
  });

  describe('when the owner names bays and services', () => {
    it('keeps one visible line per name and each kind of bay once, and refuses blank or invisible ones with 400', async () => {
      const bay = await server.api('POST', '/api/bays', {
        branchId: server.branch.id,
        name: ' Пост 9 ',
        kinds: ['лифт', ' лифт '],
      });
      expect(bay.status, JSON.stringify(bay.body)).toBe(201);
      expect(bay.body).toMatchObject({ name: 'Пост 9', kinds: ['лифт'] });
      const before = await server.eventCount();
      for (const [path, body, field] of [
        ['/api/bays', { branchId: server.branch.id, name: '\u200b', kinds: ['лифт'] }, 'name'],
        ['/api/bays', { branchId: server.branch.id, name: 'Пост 10', kinds: ['\t'] }, 'kinds'],
        ['/api/services', { branchId: server.branch.id, name: '\u2060', durationMinutes: 30, bayKind: 'лифт' }, 'name'],
        ['/api/services', { branchId: server.branch.id, name: 'Мойка', durationMinutes: 30, bayKind: ' ' }, 'bayKind'],
      ] as const) {
        const response = await server.api('POST', path, body);
        expectProblem(response, 400, 'VALIDATION');
        expect(response.body.field).toBe(field);
      }
      const renamed = await server.api('PATCH', `/api/bays/${bay.body.id}`, { name: 'Пост\n9' });
      expectProblem(renamed, 400, 'VALIDATION');
      const { rows } = await server.runtime.pool.query(
        `SELECT (SELECT count(*)::int FROM bays WHERE branch_id = $1 AND name IN ('Пост 10', '\u200b')) AS bays,
                (SELECT count(*)::int FROM services WHERE branch_id = $1 AND name IN ('Мойка', '\u2060')) AS services,
                (SELECT name FROM bays WHERE id = $2) AS kept`,
        [server.branch.id, bay.body.id],
      );
      expect(rows[0]).toEqual({ bays: 0, services: 0, kept: 'Пост 9' });
      expect(await server.eventCount()).toBe(before);
      await server.api('PATCH', `/api/bays/${bay.body.id}`, { active: false });
    });

    it('refuses moving a bay or a service to another branch in words, instead of answering 200 and keeping it', async () => {
      const other = await server.api('POST', '/api/branches', {
        name: 'Филиал на Мира',
        timeZone: 'Europe/Moscow',
        hours: vladivostokHours,
      });
      expect(other.status, JSON.stringify(other.body)).toBe(201);
      const bay = server.bays[0]!;
      const service = server.service('Замена масла');
      for (const path of [`/api/bays/${bay.id}`, `/api/services/${service.id}`]) {
        const moved = await server.api('PATCH', path, { name: 'Перенесённый', branchId: other.body.id });
        expectProblem(moved, 400, 'VALIDATION');
        expect(moved.body.field).toBe('branchId');
      }
      const { rows } = await server.runtime.pool.query(
        `SELECT (SELECT branch_id::text FROM bays WHERE id = $1) AS bay, (SELECT branch_id::text FROM services WHERE id = $2) AS service,
                (SELECT name FROM bays WHERE id = $1) AS name`,
        [bay.id, service.id],
      );
      expect(rows[0]).toEqual({ bay: server.branch.id, service: server.branch.id, name: bay.name });
      // Its own branch named again is no move: the rest of the change goes through.
      const same = await server.api('PATCH', `/api/bays/${bay.id}`, { name: bay.name, branchId: server.branch.id });
      expect(same.status, JSON.stringify(same.body)).toBe(200);
    });
  });

  describe('when the owner leaves out optional parts of the hours', () => {
    it('takes a day without breaks and a day set to null (closed), and books on it', async () => {
      const hours = {
        ...Object.fromEntries(['1', '2', '3', '4', '5', '6'].map((day) => [day, { open: '08:00', close: '17:00' }])),
        '7': null,
      };
      const created = await server.api('POST', '/api/branches', { name: 'СТО без перерывов', timeZone: ZONE, hours });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const branch = created.body as Branch;
      await server.api('POST', '/api/bays', { branchId: branch.id, name: 'Подъёмник', kinds: ['lift'] });
      const service = await server.api('POST', '/api/services', {
        branchId: branch.id,
        name: 'Диагностика',
        durationMinutes: 60,
        bayKind: 'lift',
      });
      // Sunday is closed: take the first of two days ahead that is not.
      const days = [2, 3].find((ahead) => Temporal.PlainDate.from(startAt(branch, ahead, '00:00').slice(0, 10)).dayOfWeek !== 7)!;
      const date = startAt(branch, days, '00:00').slice(0, 10);
      const availability = await server.api(
        'GET',
        `/api/availability?branchId=${branch.id}&serviceId=${service.body.id}&date=${date}`,
      );
      expect(availability.status, JSON.stringify(availability.body)).toBe(200);
      expect(availability.body.slots[0].start).toBe(startAt(branch, days, '08:00'));
      const booked = await server.api('POST', '/api/bookings', {
        branchId: branch.id,
        serviceId: service.body.id,
        start: startAt(branch, days, '08:00'),
        client: { name: 'Игорь', phone: '+79241234567' },
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    });
  });

  describe('when the owner changes the hours of a branch', () => {
    it('applies the new hours to availability at once', async () => {
      const created = await server.api('POST', '/api/branches', {
        name: 'СТО с короткими часами',
        timeZone: ZONE,
        hours: weekWith({ open: '09:00', close: '18:00', breaks: [] }),
      });
      expect(created.status).toBe(201);
      const shortBranch = created.body as Branch;
      await server.api('POST', '/api/bays', { branchId: shortBranch.id, name: 'Подъёмник', kinds: ['lift'] });
      const service = await server.api('POST', '/api/services', {
        branchId: shortBranch.id,
        name: 'Диагностика',
        durationMinutes: 60,
        bayKind: 'lift',
      });
      const date = startAt(shortBranch, 2, '00:00').slice(0, 10);
      const path = `/api/availability?branchId=${shortBranch.id}&serviceId=${service.body.id}&date=${date}`;
      expect((await server.api('GET', path)).body.slots.at(-1).start.slice(11, 16)).toBe('17:00');

      const patched = await server.api('PATCH', `/api/branches/${shortBranch.id}`, {
        hours: weekWith({ open: '10:00', close: '12:00', breaks: [] }),
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      const times = ((await server.api('GET', path)).body.slots as { start: string }[]).map((slot) => slot.start.slice(11, 16));
      expect(times).toEqual(['10:00', '10:30', '11:00']);
    });
  });
});
