import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileLabels } from '../../../projections/kpi/index.ts';
import {
  expectedKpis,
  FORMULA_NAME,
  msk,
  NOW,
  percentile,
  PREVIOUS,
  startWeek,
  TARGET_MINUTES,
  WEEK,
  workingMinutes,
  type Week,
} from '../../support/kpi-week.ts';

let week: Week;

beforeAll(async () => {
  week = await startWeek();
});
afterAll(async () => {
  await week?.server.stop();
});

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
const kpis = async (params: Record<string, string>, token?: string) => {
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  return week.server.api('GET', `/api/kpis?${query(params)}`, undefined, headers);
};
const weekParams = () => ({ branchId: week.server.branch.id, from: WEEK.from, to: WEEK.to });
const tilesOf = (body: any, field: 'value' | 'previous') =>
  Object.fromEntries((body.tiles as any[]).map((tile) => [tile.key, tile[field]]));

describe('Owner KPIs', () => {
  describe('when the owner opens the scripted week of a branch', () => {
    let body: any;
    let expected: ReturnType<typeof expectedKpis>;

    beforeAll(async () => {
      const response = await kpis(weekParams());
      expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
      body = response.body;
      expected = expectedKpis({ from: WEEK.from, to: WEEK.to, now: NOW, users: week.users });
    });

    it('gives every tile the value counted independently from the script, and last week’s', () => {
      expect(tilesOf(body, 'value')).toEqual(expected.current.tiles);
      expect(tilesOf(body, 'previous')).toEqual(expected.previous.tiles);
      expect(body.scope).toMatchObject({ from: WEEK.from, to: WEEK.to, days: 7, previous: PREVIOUS, groupBy: 'day' });
    });

    it('matches the figures worked out by hand', () => {
      expect(tilesOf(body, 'value')).toEqual({
        newBookings: 12,
        botShare: 50,
        confirmed: 9,
        done: 5,
        cancelled: 2,
        noShows: 1,
        medianConfirmMinutes: 20,
        p90ConfirmMinutes: 52,
        slaMisses: 4,
        repeatClients: 2,
        returningRate: 66.7,
        refusedOverlaps: 2,
      });
      const newBookings = body.tiles.find((tile: any) => tile.key === 'newBookings');
      expect(newBookings).toEqual({ key: 'newBookings', unit: 'count', value: 12, previous: 2, change: 10, changePercent: 500 });
    });

    it('counts time to confirm in working minutes: over closing time, lunch, Saturday and a closed Sunday', () => {
      expect(workingMinutes(msk('2026-09-07 19:50'), msk('2026-09-08 09:20'))).toBe(30);
      expect(workingMinutes(msk('2026-09-07 12:50'), msk('2026-09-07 14:15'))).toBe(25);
      expect(workingMinutes(msk('2026-09-11 19:30'), msk('2026-09-12 10:20'))).toBe(50);
      expect(workingMinutes(msk('2026-09-13 12:00'), msk('2026-09-13 12:30'))).toBe(0);
      expect([...expected.current.minutes].sort((a, b) => a - b)).toEqual([0, 1, 10, 10, 20, 25, 30, 50, 60]);
      const perDay = body.series.timeToConfirm as any[];
      expect(perDay.map((point) => point.bucket)).toEqual([
        '2026-09-07',
        '2026-09-08',
        '2026-09-09',
        '2026-09-10',
        '2026-09-11',
        '2026-09-12',
        '2026-09-13',
      ]);
      for (const point of perDay) {
        const minutes = expected.current.confirmedOn(point.bucket);
        expect(point, point.bucket).toEqual({
          bucket: point.bucket,
          confirmations: minutes.length,
          medianMinutes: percentile(minutes, 0.5),
          p90Minutes: percentile(minutes, 0.9),
        });
      }
      expect(perDay[0]).toEqual({ bucket: '2026-09-07', confirmations: 2, medianMinutes: 17.5, p90Minutes: 23.5 });
      expect(perDay[4]).toEqual({ bucket: '2026-09-11', confirmations: 0, medianMinutes: null, p90Minutes: null });
    });

    it('breaks new bookings down by channel and cancellations by reason, for both weeks', () => {
      const byKey = (list: any[], field: 'value' | 'previous') => Object.fromEntries(list.map((item) => [item.key, item[field]]));
      expect(byKey(body.breakdowns.newByChannel, 'value')).toEqual(expected.current.newByChannel);
      expect(byKey(body.breakdowns.newByChannel, 'previous')).toEqual(expected.previous.newByChannel);
      expect(byKey(body.breakdowns.cancelledByReason, 'value')).toEqual(expected.current.cancelledByReason);
      expect(byKey(body.breakdowns.refusedByChannel, 'value')).toMatchObject({ panel: 1, telegram: 1 });
      expect(byKey(body.breakdowns.refusedByChannel, 'previous')).toMatchObject({ panel: 0, telegram: 1 });
    });

    it('draws bookings per day by channel and the status funnel of the week’s bookings', () => {
      for (const point of body.series.bookingsByChannel as any[]) {
        const requested = expected.current.requestedOn(point.bucket);
        expect(point.total, point.bucket).toBe(requested.length);
        for (const channel of ['telegram', 'panel', 'phone', 'web']) {
          expect(point[channel], `${point.bucket} ${channel}`).toBe(requested.filter((b) => b.channel === channel).length);
        }
      }
      const funnel = Object.fromEntries((body.funnel as any[]).map((stage) => [stage.stage, stage.count]));
      expect(funnel).toEqual(expected.current.funnel);
      expect(funnel).toEqual({ requested: 12, confirmed: 10, started: 5, done: 5, cancelled: 2, stillNew: 1 });
    });

    it('states the branch’s confirm target and the staff the report can be narrowed to', () => {
      expect(body.scope.confirmTargets).toEqual([{ branchId: week.server.branch.id, minutes: TARGET_MINUTES }]);
      const staff = Object.fromEntries((body.staff as any[]).map((person) => [person.userId, [person.name, person.role]]));
      expect(staff).toEqual({
        [week.users.owner]: [expect.any(String), 'owner'],
        [week.users.A]: [FORMULA_NAME, 'manager'],
        [week.users.B]: ['Борис', 'manager'],
      });
    });

    it('shows overlaps as a check: two refused attempts, no overlapping bookings in the calendar', () => {
      expect(body.checks).toEqual({ calendarOverlaps: 0 });
    });

    it('gives each member of staff the steps they took', () => {
      const people = Object.fromEntries((body.managers as any[]).map((person) => [person.userId, person]));
      expect(people[week.users.A]).toMatchObject({
        name: FORMULA_NAME,
        role: 'manager',
        newBookings: 2,
        confirmed: 5,
        done: 3,
        cancelled: 0,
        slaMisses: 1,
        medianConfirmMinutes: 10,
        p90ConfirmMinutes: 42,
      });
      expect(people[week.users.B]).toMatchObject({
        name: 'Борис',
        newBookings: 2,
        confirmed: 3,
        done: 2,
        cancelled: 2,
        slaMisses: 2,
        medianConfirmMinutes: 25,
        p90ConfirmMinutes: 53,
      });
      expect(people[week.users.owner]).toMatchObject({
        newBookings: 1,
        confirmed: 1,
        refusedOverlaps: 2,
        medianConfirmMinutes: 20,
      });
    });
  });

  describe('when a manager is chosen', () => {
    it('counts only the steps that manager took', async () => {
      for (const who of ['A', 'B'] as const) {
        const response = await kpis({ ...weekParams(), managerId: week.users[who] });
        expect(response.status).toBe(200);
        const expected = expectedKpis({ from: WEEK.from, to: WEEK.to, now: NOW, users: week.users, managerId: week.users[who] });
        expect(tilesOf(response.body, 'value'), who).toEqual(expected.current.tiles);
        expect(tilesOf(response.body, 'previous'), who).toEqual(expected.previous.tiles);
      }
    });
  });

  describe('when the week is grouped by week or month, or the whole organization is asked', () => {
    it('sums the same days into one bucket', async () => {
      const weekly = await kpis({ ...weekParams(), groupBy: 'week' });
      expect(weekly.body.series.bookingsByChannel).toEqual([
        { bucket: '2026-09-07', total: 12, telegram: 6, panel: 3, phone: 2, web: 1, import: 0, max: 0 },
      ]);
      expect(weekly.body.series.timeToConfirm).toEqual([
        { bucket: '2026-09-07', confirmations: 9, medianMinutes: 20, p90Minutes: 52 },
      ]);
      const monthly = await kpis({ ...weekParams(), groupBy: 'month' });
      expect(monthly.body.series.statuses).toEqual([
        {
          bucket: '2026-09-01',
          newBookings: 12,
          confirmed: 9,
          done: 5,
          cancelled: 2,
          noShows: 1,
          slaMisses: 4,
          refusedOverlaps: 2,
        },
      ]);
      const organization = await kpis({ from: WEEK.from, to: WEEK.to });
      expect(tilesOf(organization.body, 'value')).toEqual(tilesOf(weekly.body, 'value'));
      expect(organization.body.scope.branchIds).toBeNull();
    });

    it('refuses a period that runs backwards or is longer than a year', async () => {
      expect((await kpis({ from: WEEK.to, to: WEEK.from })).status).toBe(400);
      expect((await kpis({ from: '2025-01-01', to: '2026-09-13' })).status).toBe(400);
      expect((await kpis({ groupBy: 'hour' })).status).toBe(400);
    });
  });

  describe('when a manager of the branch or of another branch asks', () => {
    it('lets a manager see their own branch and nobody else’s', async () => {
      const own = await kpis(weekParams(), week.managerTokens.A);
      expect(own.status).toBe(200);
      expect(tilesOf(own.body, 'value').newBookings).toBe(12);
      const created = await week.server.api('POST', '/api/branches', {
        name: 'Второй филиал',
        timeZone: 'Europe/Moscow',
        hours: {},
      });
      expect(created.status).toBe(201);
      const stranger = await week.server.addUser('manager', [created.body.id]);
      // A manager with no branch named works in every branch, so every branch's report lists them.
      const everywhere = await week.server.addUser('manager', []);
      expect((await kpis(weekParams(), stranger.token)).status).toBe(403);
      const theirs = await kpis({ from: WEEK.from, to: WEEK.to }, stranger.token);
      expect(theirs.status).toBe(200);
      expect(tilesOf(theirs.body, 'value').newBookings).toBe(0);
      // Only their branch's target, and nobody from the other branch among the staff they can pick.
      expect(theirs.body.scope.confirmTargets).toEqual([{ branchId: created.body.id, minutes: 30 }]);
      expect((theirs.body.staff as any[]).map((person) => person.userId).sort()).toEqual(
        [week.users.owner, stranger.id, everywhere.id].sort(),
      );
      const everything = await kpis({ from: WEEK.from, to: WEEK.to });
      expect(everything.body.scope.confirmTargets).toHaveLength(2);
      expect((everything.body.staff as any[]).map((person) => person.userId)).toEqual(
        expect.arrayContaining([week.users.A, week.users.B, stranger.id]),
      );
      const mechanic = await week.server.addUser('mechanic', [week.server.branch.id]);
      expect((await kpis(weekParams(), mechanic.token)).status).toBe(403);
    });
  });

  describe('when the report is downloaded', () => {
    const download = async (format: 'csv' | 'xlsx') => {
      const response = await fetch(`${week.server.url}/api/kpis/export.${format}?${query(weekParams())}`, {
        headers: { authorization: `Bearer ${week.server.token}` },
      });
      return { response, bytes: Buffer.from(await response.arrayBuffer()) };
    };

    it('writes a CSV with the same numbers and a formula-like name as inert text', async () => {
      const { response, bytes } = await download('csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      expect(response.headers.get('content-disposition')).toContain(`kpi-${WEEK.from}-${WEEK.to}.csv`);
      const text = bytes.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      // As Russian Excel reads it: cells split at semicolons, numbers with a decimal comma.
      const rows = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true, delimiter: ';' }).data;
      const number = (cell: string) => Number(cell.replace(',', '.'));
      const { body } = await kpis(weekParams());
      // Each tile under its Russian name, as the page shows it.
      const labels = tileLabels as Record<string, string>;
      const tileRows = rows.filter((row) => body.tiles.some((tile: any) => labels[tile.key] === row[0]) && row.length === 5);
      expect(tileRows).toHaveLength(body.tiles.length);
      for (const tile of body.tiles) {
        const row = tileRows.find((candidate) => candidate[0] === labels[tile.key])!;
        expect(
          row.slice(1).map((cell) => (cell === '' ? null : number(cell))),
          tile.key,
        ).toEqual([tile.value, tile.previous, tile.change, tile.changePercent]);
      }
      const person = rows.find((row) => row[0] === `'${FORMULA_NAME}`)!;
      expect(person[1]).toBe('менеджер');
      expect(text).not.toMatch(/(^|;)=HYPERLINK/m);
      expect(text).not.toContain(week.users.A);
      expect(rows.find((row) => row[0] === 'Норма подтверждения, мин')).toEqual([
        'Норма подтверждения, мин',
        String(TARGET_MINUTES),
      ]);
      const daily = rows.filter((row) => /^\d\d\.09\.2026$/.test(row[0]!) && row.length > 10);
      expect(daily.map((row) => number(row[1]!))).toEqual(body.series.bookingsByChannel.map((point: any) => point.total));
    });

    it('writes an XLSX whose cells hold the same numbers and the name as a text cell', async () => {
      const { response, bytes } = await download('xlsx');
      expect(response.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const tiles = workbook.getWorksheet('Показатели')!;
      const { body } = await kpis(weekParams());
      const values = new Map<string, unknown[]>();
      tiles.eachRow((row, number) => {
        if (number > 1)
          values.set(
            row.getCell(1).text,
            [2, 3, 4, 5].map((column) => row.getCell(column).value),
          );
      });
      for (const tile of body.tiles) {
        expect(values.get((tileLabels as Record<string, string>)[tile.key]!), tile.key).toEqual([
          tile.value,
          tile.previous,
          tile.change,
          tile.changePercent,
        ]);
      }
      const staff = workbook.getWorksheet('Сотрудники')!;
      let nameCell: ExcelJS.Cell | undefined;
      staff.eachRow((row) => {
        if (row.getCell(1).value === FORMULA_NAME) nameCell = row.getCell(1);
      });
      expect(nameCell!.type).toBe(ExcelJS.ValueType.String);
      expect(nameCell!.value).toBe(FORMULA_NAME);
      expect(nameCell!.formula).toBeUndefined();
    });
  });
});
