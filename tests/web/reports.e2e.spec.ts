import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAsOf, replayAsOf } from '../../projections/replay.ts';
import { tileLabels } from '../../projections/kpi/index.ts';
import {
  API_MID_WEEK,
  API_WEEK,
  expectedFigures,
  startApiWeek,
  type ApiWeek,
  type FigureQuery,
} from '../support/kpi-api-week.ts';
import { FORMULA_NAME } from '../support/kpi-week.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS, type Viewport } from './browser.ts';
import { ReportsPage } from './pages/reports-page.ts';

let week: ApiWeek;
const panel = panelSuite(async () => {
  week = await startApiWeek();
  return week.server;
});

const open = async (viewport: Viewport, token?: string) => {
  const page = await panel.open(viewport, { touch: true, token });
  return { page, reports: new ReportsPage(page, week.server.url) };
};

/** The API's answer to the query the page shows, read independently of the page. */
const apiTiles = async (query: string, field: 'value' | 'previous' = 'value', path = '/api/kpis') => {
  const response = await week.server.api('GET', `${path}?${query}`);
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
  return Object.fromEntries((response.body.tiles as any[]).map((tile) => [tile.key, tile[field]]));
};

const weekOf = (query: Partial<FigureQuery> = {}) => expectedFigures({ ...API_WEEK, branch: 1, manager: null, ...query });

describe.skipIf(SKIP_BROWSER)('Panel: reports', () => {
  it('shows the week’s tiles exactly as GET /api/kpis gives them and as the seeded bookings add up', async () => {
    const { page, reports } = await open(VIEWPORTS.ipadLandscape);
    await reports.goto({ branch: week.branches.first, period: 'week', date: '2026-09-09' });
    expect(await page.locator('[data-filter-date]').inputValue()).toBe('2026-09-09');
    expect(await page.locator('[data-filter-branch]').inputValue()).toBe(week.branches.first);
    const query = await reports.query();
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      from: API_WEEK.from,
      to: API_WEEK.to,
      groupBy: 'day',
      branchId: week.branches.first,
    });
    const shown = await reports.tiles();
    const expected = weekOf();
    expect(shown).toEqual(await apiTiles(query));
    expect(shown).toEqual(expected.current);
    expect(shown).toEqual({
      newBookings: 6,
      confirmed: 4,
      done: 2,
      cancelled: 2,
      noShows: 1,
      botShare: 50,
      medianConfirmMinutes: 25,
      p90ConfirmMinutes: 40.5,
      slaMisses: 2,
      repeatClients: 1,
      returningRate: 100,
      refusedOverlaps: 1,
    });
    expect(await reports.previous()).toEqual(expected.previous);
    expect(await reports.previous()).toEqual(await apiTiles(query, 'previous'));

    // The change against last week, its direction and colour, and the notes.
    const newTile = reports.tile('newBookings');
    expect(await newTile.locator('[data-tile-change]').textContent()).toContain('+4 (+200 %)');
    expect(await newTile.getAttribute('class')).toContain('kpi-good');
    expect(await reports.tile('slaMisses').getAttribute('class')).toContain('kpi-bad');
    expect(await reports.tile('slaMisses').textContent()).toContain('норма 30 мин');
    expect(await reports.tile('medianConfirmMinutes').textContent()).toContain('рабочих минут');
    const reasons = await reports
      .tile('cancelled')
      .locator('[data-detail]')
      .evaluateAll((items) => items.map((item) => [item.getAttribute('data-detail'), item.querySelector('strong')?.textContent]));
    expect(Object.fromEntries(reasons)).toEqual({ client_request: '1', no_show: '1' });
    expect(await reports.overlapCheck().getAttribute('data-value')).toBe('0');
    expect(await reports.overlapCheck().locator('[data-check-result]').getAttribute('data-check-result')).toBe('pass');

    // Charts: a bar per day with the day's bookings, and the funnel of the week's bookings.
    const { body } = await week.server.api('GET', `/api/kpis?${query}`);
    expect(await reports.barTotals()).toEqual((body.series.bookingsByChannel as any[]).map((point) => point.total));
    expect(await reports.barTotals()).toEqual([2, 2, 2, 0, 0, 0, 0]);
    expect(await reports.funnel()).toEqual({ requested: 6, confirmed: 4, started: 2, done: 2, cancelled: 2, stillNew: 1 });
    expect(await page.locator('[data-chart=lines] [data-series=median] circle').count()).toBe(3);

    await expectTabletFriendly(page);
    await screenshot(page, 'reports-1180x820');
  });

  it('renders the address’s report in the server’s first answer, and the browser does not read it again', async () => {
    const address = `/reports?branch=${week.branches.first}&period=week&date=2026-09-09`;
    const answer = await fetch(`${week.server.url}${address}`, { headers: { cookie: `zero_session=${week.server.token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    expect(html).toMatch(/data-report="ready"/);
    expect(html).toMatch(new RegExp(`data-tile="newBookings"[\\s\\S]*?data-tile-value[^>]*>${weekOf().current.newBookings}<`));

    const { page } = await open(VIEWPORTS.android);
    const reads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/kpis') reads.push(request.url());
    });
    const reports = new ReportsPage(page, week.server.url);
    await page.goto(`${week.server.url}${address}`);
    await reports.waitReady({ from: API_WEEK.from, branchId: week.branches.first });
    await reports.choosePeriod('month');
    await reports.waitReady({ from: '2026-09-01', to: '2026-09-30' });
    // The one read is the month's; the week came with the document.
    expect(reads.map((url) => new URL(url).searchParams.get('from'))).toEqual(['2026-09-01']);
  });

  it('changes the figures when the period, the branch or the staff member changes', async () => {
    const { reports } = await open(VIEWPORTS.ipadLandscape);
    await reports.goto({ branch: week.branches.first, period: 'week', date: '2026-09-09' });
    const check = async (query: Partial<FigureQuery>, wait: Record<string, string>) => {
      await reports.waitReady(wait);
      const shown = await reports.tiles();
      expect(shown).toEqual(await apiTiles(await reports.query()));
      expect(shown).toEqual(weekOf(query).current);
      // The downloads answer what is shown.
      const shownQuery = await reports.query();
      expect(await reports.page.locator('[data-export=csv]').getAttribute('href')).toBe(`/api/kpis/export.csv?${shownQuery}`);
      const asked = new URLSearchParams(shownQuery);
      const money = new URLSearchParams({ from: asked.get('from')!, to: asked.get('to')! });
      if (asked.get('branchId')) money.set('branchId', asked.get('branchId')!);
      expect(await reports.page.locator('[data-export=money-csv]').getAttribute('href')).toBe(
        `/api/kpis/money/export.csv?${money.toString()}`,
      );
      return shown;
    };

    await reports.choosePeriod('day');
    await reports.setDate('2026-09-07');
    const monday = await check({ from: '2026-09-07', to: '2026-09-07' }, { from: '2026-09-07', to: '2026-09-07' });
    expect(monday.newBookings).toBe(2);

    await reports.page.locator('[data-period-next]').click();
    const tuesday = await check({ from: '2026-09-08', to: '2026-09-08' }, { from: '2026-09-08', to: '2026-09-08' });
    expect(tuesday).toMatchObject({ newBookings: 2, cancelled: 1, done: 1 });

    await reports.choosePeriod('month');
    const september = await check({ from: '2026-09-01', to: '2026-09-30' }, { from: '2026-09-01', to: '2026-09-30' });
    expect(september.newBookings).toBe(8);
    expect(await reports.barTotals()).toHaveLength(30);
    await screenshot(reports.page, 'reports-month-1180x820');

    await reports.choosePeriod('week');
    await reports.chooseBranch('');
    const network = await check({ branch: null }, { from: API_WEEK.from, branchId: '' });
    expect(network).toMatchObject({ newBookings: 8, cancelled: 3, confirmed: 5 });
    // Two branches, two targets: the SLA tile names both.
    expect(await reports.tile('slaMisses').textContent()).toContain('СТО на Мира 45');

    await reports.chooseBranch(week.branches.second);
    const second = await check({ branch: 2 }, { branchId: week.branches.second });
    expect(second).toMatchObject({ newBookings: 2, botShare: 0, confirmed: 1, cancelled: 1 });

    await reports.chooseBranch(week.branches.first);
    expect(await reports.page.locator('[data-whole-staff]').count()).toBe(0);
    await reports.chooseManager(week.users.M);
    const manager = await check({ manager: 'M' }, { branchId: week.branches.first, managerId: week.users.M });
    expect(manager).toMatchObject({ newBookings: 1, confirmed: 2, done: 1, cancelled: 1, noShows: 1, slaMisses: 0 });
    // Money, deliveries and sources are not the staff member's: the page says so.
    await expect.poll(() => reports.page.locator('[data-whole-staff]').textContent()).toContain('по всем сотрудникам');
    // The formula-like name is shown as the text it is.
    expect(await reports.page.locator(`[data-filter-manager] option[value="${week.users.M}"]`).textContent()).toBe(FORMULA_NAME);
  });

  it('downloads from the page’s links a CSV and an XLSX holding the page’s numbers, formula-like names as text', async () => {
    const { reports } = await open(VIEWPORTS.ipadLandscape);
    await reports.goto({ branch: week.branches.first, period: 'week', date: '2026-09-09' });
    const shown = await reports.tiles();
    const query = await reports.query();
    expect(await reports.page.locator('[data-export=csv]').getAttribute('href')).toBe(`/api/kpis/export.csv?${query}`);

    const csv = await reports.download('csv');
    expect(csv.suggestedFilename()).toBe(`kpi-${API_WEEK.from}-${API_WEEK.to}.csv`);
    const text = readFileSync(await csv.path(), 'utf8');
    // As Russian Excel reads it: cells split at semicolons, numbers with a decimal comma.
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true, delimiter: ';' }).data;
    const number = (cell: string) => Number(cell.replace(',', '.'));
    // The file names each figure as the page does, in Russian: no codes, ids or ISO dates.
    const keyOf = new Map(Object.entries(tileLabels).map(([key, label]) => [label, key]));
    const tileRows = rows.filter((row) => row.length === 5 && keyOf.has(row[0]!));
    const inFile = Object.fromEntries(tileRows.map((row) => [keyOf.get(row[0]!), row[1] === '' ? null : number(row[1]!)]));
    expect(inFile).toEqual(shown);
    const previousInFile = Object.fromEntries(
      tileRows.map((row) => [keyOf.get(row[0]!), row[2] === '' ? null : number(row[2]!)]),
    );
    expect(previousInFile).toEqual(await reports.previous());
    expect(rows.find((row) => row[0] === 'Норма подтверждения, мин')?.[1]).toBe('30');
    expect(rows.find((row) => row[0] === 'Период' && row.length === 2)?.[1]).toBe(
      `${API_WEEK.from.split('-').reverse().join('.')} – ${API_WEEK.to.split('-').reverse().join('.')}`,
    );
    expect(rows.find((row) => row[0] === 'Филиалы')?.[1]).toBe(week.server.branch.name);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\d|newBookings|client_request|telegram/);
    // The manager named like a formula is in the staff table, defused; nothing in the file starts a formula.
    expect(rows.find((row) => row[0] === `'${FORMULA_NAME}`)?.[1]).toBe('менеджер');
    expect(rows.flat().filter((cell) => /^[=+@]/.test(cell))).toEqual([]);
    // The client named like a formula is counted (W3, cancelled) but no client name goes into the report.
    expect(rows.flat().filter((cell) => cell.includes('evil.example'))).toEqual([`'${FORMULA_NAME}`]);

    const xlsx = await reports.download('xlsx');
    expect(xlsx.suggestedFilename()).toBe(`kpi-${API_WEEK.from}-${API_WEEK.to}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
    const sheetValues = new Map<string, unknown>();
    workbook.getWorksheet('Показатели')!.eachRow((row, number) => {
      if (number > 1) sheetValues.set(keyOf.get(row.getCell(1).text)!, row.getCell(2).value);
    });
    expect(Object.fromEntries(sheetValues)).toEqual(shown);
    let nameCell: ExcelJS.Cell | undefined;
    workbook.getWorksheet('Сотрудники')!.eachRow((row) => {
      if (row.getCell(1).value === FORMULA_NAME) nameCell = row.getCell(1);
    });
    expect(nameCell?.type).toBe(ExcelJS.ValueType.String);
    expect(nameCell?.value).toBe(FORMULA_NAME);
  });

  describe('history as of an instant', () => {
    beforeAll(async () => {
      if (SKIP_BROWSER) return;
      await replayAsOf(week.server.runtime.pool, parseAsOf(API_MID_WEEK)!);
    });

    it('lets the owner pick a built instant and shows its figures and its board read-only, under a banner', async () => {
      const { page, reports } = await open(VIEWPORTS.ipadLandscape);
      await reports.goto({ branch: week.branches.first, period: 'week', date: '2026-09-09' });
      const live = await reports.tiles();
      await reports.chooseHistory('2026-09-09T09:00:00.000Z');
      await reports.waitReady({ asOf: '2026-09-09T09:00:00.000Z', from: API_WEEK.from });
      await reports.banner().waitFor();
      expect(await reports.banner().textContent()).toContain('только просмотр');
      expect(await reports.banner().textContent()).toMatch(/12:00/);

      const then = await reports.tiles();
      expect(then).toEqual(await apiTiles(await reports.query(), 'value', '/api/history/kpis'));
      expect(then).toEqual(weekOf({ asOf: API_MID_WEEK }).current);
      expect(then).toMatchObject({ newBookings: 5, cancelled: 1, done: 1, noShows: 0 });
      expect(then).not.toEqual(live);
      // The downloads follow the instant too.
      expect(await page.locator('[data-export=csv]').getAttribute('href')).toContain('asOf=2026-09-09T09%3A00%3A00.000Z');

      // W4 was confirmed then and cancelled that afternoon; its day on the board, as it stood.
      const board = reports.historyBoard();
      await page.locator('[data-board-date]').fill('2026-10-05');
      const w4 = board.locator(`[data-card-id="${week.bookingIds.W4}"]`);
      await w4.waitFor();
      expect(await board.locator('[data-column=Confirmed]').locator(`[data-card-id="${week.bookingIds.W4}"]`).count()).toBe(1);
      expect(await w4.textContent()).toContain('клиент скрыт');
      expect(await board.locator(`[data-card-id="${week.bookingIds.W6}"]`).count()).toBe(0);
      // Read only: nothing on the board to press or drag.
      expect(await board.locator('.history-columns button, .history-columns [draggable=true]').count()).toBe(0);
      const liveBoard = await week.server.api('GET', `/api/board?branchId=${week.branches.first}&date=2026-10-05`);
      const liveColumn = (liveBoard.body.columns as any[]).find((column) =>
        column.cards.some((card: any) => card.id === week.bookingIds.W4),
      );
      expect(liveColumn.status).toBe('Cancelled');
      await expectTabletFriendly(page);
      await screenshot(page, 'reports-history-1180x820');

      await page.locator('[data-back-to-live]').click();
      await reports.waitReady({ asOf: '' });
      expect(await reports.banner().count()).toBe(0);
      expect(await reports.tiles()).toEqual(await apiTiles(await reports.query()));
    });

    it('offers a manager no history picker: building and choosing history is the owner’s', async () => {
      const { reports } = await open(VIEWPORTS.ipadLandscape, week.managerToken);
      await reports.goto({ branch: week.branches.first, period: 'week', date: '2026-09-09' });
      expect(await reports.historySelect().count()).toBe(0);
      expect((await reports.tiles()).newBookings).toBe(6);
    });
  });

  it('fits an Android tablet (1280x800): no sideways scroll, charts full width', async () => {
    const { page, reports } = await open(VIEWPORTS.android);
    await reports.goto({ branch: week.branches.first, period: 'week', date: '2026-09-09' });
    expect(await page.locator('[data-filter-date]').inputValue()).toBe('2026-09-09');
    await expectTabletFriendly(page);
    const width = await page.locator('[data-chart=bars]').evaluate((svg) => svg.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(700);
    await screenshot(page, 'reports-1280x800');
    await page.locator('[data-lang-switch]').click();
    await expect.poll(() => reports.tile('newBookings').locator('h3').textContent()).toBe('New bookings');
    expect(await reports.overlapCheck().textContent()).toContain('No overlaps');
    await page.locator('[data-lang-switch]').click();
    await expect.poll(() => reports.tile('newBookings').locator('h3').textContent()).toBe('Новые записи');
  });
});
