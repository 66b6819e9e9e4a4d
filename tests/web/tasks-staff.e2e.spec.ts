import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { StaffPage } from './pages/staff-page.ts';
import { TasksPage } from './pages/tasks-page.ts';

// The tasks and staff pages on a tablet: a task made in the form, one completed, one overdue with
// the header's badge; a mechanic's skills and week, and a sick day that lists the booking to move.

const HOUR = 3_600_000;
const ZONE = 'Europe/Moscow';
// The server's day starts at 10:00 today, station time, whatever the hour the suite runs at: the few
// hours the tests move it on never cross midnight into another day (or, on a Sunday, another week).
let offset =
  Temporal.Now.plainDateISO(ZONE).toZonedDateTime({ timeZone: ZONE, plainTime: '10:00' }).epochMilliseconds - Date.now();
const panel = panelSuite(() => startTestServer({ now: () => Date.now() + offset }));
const DAY = Temporal.Now.plainDateISO(ZONE).add({ days: 2 });
const SIZES = [
  { width: 820, height: 1180 },
  { width: 1180, height: 820 },
  { width: 1280, height: 800 },
];

let anna = '';
let boris = '';
const bookingIds: string[] = [];

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const { server } = panel;
  const person = async (name: string, skills: string[], shift: { from: string; to: string }) => {
    const user = await server.addUser('mechanic');
    expect((await server.api('PATCH', `/api/users/${user.id}`, { name })).status).toBe(200);
    expect((await server.api('PATCH', `/api/staff/${user.id}/profile`, { branchId: server.branch.id, skills })).status).toBe(200);
    const shifts = { [String(DAY.dayOfWeek)]: shift };
    expect((await server.api('PUT', `/api/staff/${user.id}/shifts`, { branchId: server.branch.id, shifts })).status).toBe(200);
    return user.id;
  };
  anna = await person('Анна Подъёмова', ['lift'], { from: '09:00', to: '19:00' });
  boris = await person('Борис Утренний', ['lift', 'tyre'], { from: '09:00', to: '12:00' });
  expect((await server.api('PUT', '/api/settings/shifts', { required: true })).status).toBe(200);
  for (const [time, name] of [
    ['15:00', 'Клиент Вечерний'],
    ['10:00', 'Клиент Утренний'],
  ] as const) {
    const placed = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, 2, time),
      client: { name, phone: `+7916${time.replace(':', '')}001` },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    bookingIds.push(placed.body.id);
    // The 10:00 job went to Boris or Anna (fewest jobs first); it is given to Anna for the sick day.
    const assigned = await server.api('POST', `/api/bookings/${placed.body.id}/assign`, { mechanicId: anna });
    expect(assigned.status).toBe(200);
  }
  const task = (title: string, dueInHours: number) =>
    server.api('POST', '/api/tasks', {
      branchId: server.branch.id,
      kind: 'call_back',
      title,
      assigneeId: boris,
      dueAt: new Date(Date.now() + offset + dueInHours * HOUR).toISOString(),
    });
  expect((await task('Перезвонить по тормозам', 1)).status).toBe(201);
  expect((await task('Уточнить время визита', 5)).status).toBe(201);
  // Two hours on: the first task is overdue.
  offset += 2 * HOUR;
  await server.waitForProjection();
}, 300_000);

describe.skipIf(SKIP_BROWSER)('Panel: tasks and staff on a tablet', () => {
  it('renders the tasks (the overdue one marked) and the people in the server’s first answer, and offers the signed-in person first', async () => {
    const answer = await fetch(`${panel.server.url}/tasks`, { headers: { cookie: `zero_session=${panel.server.token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    expect(html).toMatch(/data-page="tasks"[^>]*data-ready="yes"|data-ready="yes"[^>]*data-page="tasks"/);
    expect([...html.matchAll(/data-task="(\w+)"/g)].map(([, status]) => status)).toEqual(['Overdue', 'Open']);
    expect(html).toContain('Перезвонить по тормозам');
    expect(html).toContain('Уточнить время визита');

    const staff = await (
      await fetch(`${panel.server.url}/staff`, { headers: { cookie: `zero_session=${panel.server.token}` } })
    ).text();
    expect(staff).toMatch(/data-page="staff"[^>]*data-ready="yes"|data-ready="yes"[^>]*data-page="staff"/);
    expect([...staff.matchAll(/data-person="([^"]+)"/g)].map(([, name]) => name)).toEqual(
      expect.arrayContaining(['Анна Подъёмова', 'Борис Утренний']),
    );

    const page = await panel.open(VIEWPORTS.ipadLandscape, { touch: true });
    await new TasksPage(page, panel.server.url).goto();
    const me = (await panel.server.api('GET', '/api/auth/me')).body.id as string;
    expect(await page.locator('[data-task-form] [data-field=assignee]').inputValue()).toBe(me);
    // The form shows what it will send: a normal priority, not the first in the list.
    expect(await page.locator('[data-task-form] [data-field=priority]').inputValue()).toBe('normal');
    // …and a due time, two hours on, on the hour, in the branch's zone: «Создать задачу» never stops on an empty field.
    const due = await page.locator('[data-task-form] [data-field=due]').inputValue();
    // (The panel reads the tablet's clock; this file's server clock runs ahead, for the overdue task.)
    const at = Temporal.PlainDateTime.from(due).toZonedDateTime(ZONE).epochMilliseconds - Date.now();
    expect(at).toBeGreaterThan(2 * HOUR - 1000);
    expect(at).toBeLessThanOrEqual(3 * HOUR);
    expect(due.endsWith(':00')).toBe(true);
  });

  it('lists tasks with the overdue one marked and counted in the header, makes one and completes one', async () => {
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const tasks = new TasksPage(page, panel.server.url);
    await tasks.goto();
    expect(await tasks.task('Перезвонить по тормозам').getAttribute('data-task')).toBe('Overdue');
    expect(await tasks.task('Перезвонить по тормозам').textContent()).toContain('Просрочена');
    await expect.poll(() => tasks.badge().textContent()).toBe('1');

    await tasks.create({ kind: 'order_part', title: 'Заказать колодки Brembo', due: `${DAY.toString()}T12:00` });
    await expect.poll(() => tasks.titles()).toContain('Заказать колодки Brembo');
    const made = await tasks.task('Заказать колодки Brembo').textContent();
    expect(made).toContain('Заказать запчасть');
    expect(made).toMatch(/12:00/);
    // No ISO dates or ids on the page.
    expect(await page.locator('main').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);

    // The form's selects show their whole words on a tablet held upright.
    await page.locator('[data-task-form] [data-field=assignee]').selectOption({ label: 'Анна Подъёмова' });
    const cut = await page.evaluate<string[]>(`[...document.querySelectorAll('[data-task-form] select')]
      .filter((select) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(select).font;
        probe.style.position = 'absolute';
        probe.textContent = select.selectedOptions[0].textContent;
        document.body.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        // Padding and the arrow take about 36 px of the select's width.
        return width > select.clientWidth - 36;
      })
      .map((select) => select.selectedOptions[0].textContent)`);
    expect(cut).toEqual([]);

    await tasks.task('Уточнить время визита').locator('[data-complete]').click();
    await expect.poll(() => tasks.task('Уточнить время визита').getAttribute('data-task')).toBe('Completed');

    await expectTabletFriendly(page);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `tasks-${size.width}x${size.height}`);
    }
  });

  it('makes a task from a booking card and from a client card, linked, and goes back to the client from the task', async () => {
    const { server } = panel;
    const [booked] = bookingIds as [string];
    const card = (await server.api('GET', `/api/bookings/${booked}`)).body as { clientId: string };
    const page = await panel.open(VIEWPORTS.ipadLandscape, { touch: true });
    const board = new BoardPage(page, server.url);
    await board.goto({ date: DAY.toString() });
    await board.openCard(booked);
    await board.dialog().locator('[data-task-from-booking]').tap();
    const tasks = new TasksPage(page, server.url);
    await page.locator('[data-page=tasks][data-ready=yes]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-task-link]').textContent()).toContain('По записи клиента');
    await tasks.create({ kind: 'call_back', title: 'Перезвонить после ремонта', due: `${DAY.toString()}T18:00` });
    await expect.poll(() => tasks.titles()).toContain('Перезвонить после ремонта');

    await page.goto(`${server.url}/client?id=${card.clientId}`);
    await page.locator('[data-task-from-client]').tap();
    await page.locator('[data-page=tasks][data-ready=yes]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-task-link]').textContent()).toContain('По клиенту');
    await tasks.create({ kind: 'other', title: 'Подобрать шины на зиму', due: `${DAY.toString()}T19:00` });
    await expect.poll(() => tasks.titles()).toContain('Подобрать шины на зиму');

    const list = (await server.api('GET', `/api/tasks?branchId=${server.branch.id}`)).body.tasks as {
      title: string;
      bookingId: string | null;
      clientId: string | null;
    }[];
    expect(list.find((task) => task.title === 'Перезвонить после ремонта')).toMatchObject({
      bookingId: booked,
      clientId: card.clientId,
    });
    expect(list.find((task) => task.title === 'Подобрать шины на зиму')).toMatchObject({
      bookingId: null,
      clientId: card.clientId,
    });
    await expectTabletFriendly(page);
    await screenshot(page, 'tasks-linked-1180x820');
    await tasks.task('Подобрать шины на зиму').locator('[data-task-client]').tap();
    await page.locator(`[data-client-card="${card.clientId}"]`).waitFor({ timeout: 15_000 });
  });

  it('shows skills in words and the week, and a sick day lists the booking to move before it is confirmed', async () => {
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const staff = new StaffPage(page, panel.server.url);
    await staff.goto();
    const card = staff.person('Анна Подъёмова');
    expect(await card.locator('[data-skill][aria-pressed=true]').allTextContents()).toEqual([
      'Замена масла, Диагностика ходовой',
    ]);
    expect(await card.locator(`[data-day="${DAY.dayOfWeek}"]`).isChecked()).toBe(true);

    await staff.checkAbsence('Анна Подъёмова', DAY.toString(), DAY.toString());
    const impact = card.locator('[data-impact]');
    expect(await impact.locator('[data-to-move] li').allTextContents()).toEqual([
      expect.stringMatching(/15:00 · Замена масла · Клиент Вечерний/),
    ]);
    expect(await impact.locator('[data-reassigned] li').allTextContents()).toEqual([
      expect.stringMatching(/10:00 · Замена масла · Клиент Утренний → Борис Утренний/),
    ]);
    await expectTabletFriendly(page);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await screenshot(page, `staff-impact-${size.width}x${size.height}`);
    }

    await impact.locator('[data-confirm-absence]').click();
    await expect.poll(() => card.locator('[data-absences]').textContent()).toContain('Больничный');
    const { rows } = await panel.server.runtime.pool.query(
      'SELECT kind, from_date::text AS d FROM staff_absences WHERE user_id = $1',
      [anna],
    );
    expect(rows).toEqual([{ kind: 'sick', d: DAY.toString() }]);
    await page.setViewportSize(VIEWPORTS.ipadPortrait);
    await screenshot(page, 'staff-820x1180');
  });

  it('shows the owner each person’s working time and figures for the week, and corrects a day with a reason', async () => {
    const { server } = panel;
    // A manager signs in, works a quarter of an hour with heartbeats on the server's clock and records a call.
    const vera = await server.addUser('manager');
    expect((await server.api('PATCH', `/api/users/${vera.id}`, { name: 'Вера Табличная' })).status).toBe(200);
    const veraToken = await server.login(vera.email, vera.password);
    const asVera = { authorization: `Bearer ${veraToken}` };
    for (let beat = 0; beat < 3; beat++) {
      offset += 5 * 60_000;
      expect((await server.api('POST', '/api/work-time/heartbeat', undefined, asVera)).status).toBe(200);
    }
    expect((await server.api('POST', `/api/bookings/${bookingIds[0]}/calls`, { outcome: 'reached' }, asVera)).status).toBe(201);
    await server.waitForProjection();

    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const staff = new StaffPage(page, server.url);
    await staff.goto();
    const section = page.locator('[data-staff-time=ready]');
    await section.waitFor({ timeout: 15_000 });
    const figures = section.locator('[data-figures-person="Вера Табличная"] td');
    await expect
      .poll(() => figures.allTextContents())
      .toEqual(['Вера Табличная', '0', '0', '0', '—', '0', '1', '0', '0', '0', '0', '0 ч 15 мин']);
    // The chart stacks the same figures per person: Vera's one call.
    expect(await section.locator('[data-chart=bars] [data-bucket="Вера Табличная"]').getAttribute('data-total')).toBe('1');
    const days = section.locator('[data-work-day="Вера Табличная"]');
    expect(await days.count()).toBe(1);
    expect(await days.locator('td').nth(4).textContent()).toBe('0 ч 15 мин');

    await days.locator('[data-correct]').click();
    const form = page.locator('[data-correction]');
    await form.locator('[data-correction-active]').fill('10');
    await form.locator('[data-correction-reason]').fill('ушла к клиенту на приёмку');
    await form.locator('[data-correction-save]').click();
    await expect
      .poll(() => section.locator('[data-corrected="Вера Табличная"]').textContent())
      .toBe('исправлено (Владелец): ушла к клиенту на приёмку');
    expect(await days.locator('td').nth(4).textContent()).toBe('0 ч 10 мин');
    const ownerId = (await server.api('GET', '/api/auth/me')).body.id as string;
    const { rows } = await server.runtime.pool.query(
      'SELECT active_ms::int AS ms, reason, corrected_by FROM work_corrections WHERE user_id = $1',
      [vera.id],
    );
    expect(rows).toEqual([{ ms: 600_000, reason: 'ушла к клиенту на приёмку', corrected_by: ownerId }]);
    // Days in words, never ISO dates or ids.
    expect(await section.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);

    // The owner sets the idle cut-off from the page; the server keeps it.
    await section.locator('[data-idle-cutoff]').selectOption('30');
    await expect.poll(async () => (await server.api('GET', '/api/settings/idle-cutoff')).body.minutes).toBe(30);
    await expect.poll(() => section.locator('[data-idle-cutoff]').inputValue()).toBe('30');

    await expectTabletFriendly(page);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await section.scrollIntoViewIfNeeded();
      await screenshot(page, `staff-time-${size.width}x${size.height}`);
    }

    // The week's downloads follow the week on screen.
    const from = new URLSearchParams((await section.locator('[data-time-csv]').getAttribute('href'))!.split('?')[1]).get('from')!;
    const nextMonday = new Date(Date.parse(`${from}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('[data-next-week]').click();
    for (const link of ['[data-time-csv]', '[data-figures-csv]']) {
      await expect.poll(() => section.locator(link).getAttribute('href')).toContain(`from=${nextMonday}&`);
    }
  });
});
