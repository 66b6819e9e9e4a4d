import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { expectTabletFriendly, panelSuite, screenshot, SKIP_BROWSER, TABLETS } from './browser.ts';

// Every page each role reaches from its menu, at the three tablet sizes, on a tablet whose own
// locale is American English: the panel still speaks Russian in Russian formats, shows no codes,
// ids, ISO or American dates and raw phone numbers, fits the screen and has no target under 44 px.
// The screenshots (tests/artifacts/every-*.png) are what a person looks at before an issue closes.

const panel = panelSuite();
const tokens: Record<string, string> = {};
let clientId = '';

/** What a person must never read on a page: machine formats that leak through. */
const LEAKS: [string, RegExp][] = [
  ['ISO date', /\b\d{4}-\d{2}-\d{2}\b/],
  ['American date', /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/],
  ['12-hour time', /\b\d{1,2}:\d{2}\s?[AP]M\b/],
  ['id', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ['unformatted phone', /\+7\d{10}\b/],
];

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const { server } = panel;
  const ids: Record<string, string> = {};
  for (const role of ['manager', 'mechanic', 'compliance'] as const) {
    const user = await server.addUser(role);
    tokens[role] = user.token;
    ids[role] = user.id;
  }
  tokens.owner = server.token;
  for (const [day, time, name, phone] of [
    [1, '10:00', 'Ирина Смирнова', '+79161230001'],
    [2, '12:30', 'Олег Петров', '+79161230002'],
  ] as const) {
    const placed = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, day, time),
      client: { name, phone },
      car: { make: 'Лада', model: 'Веста', plate: 'А123ВС777' },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  }
  // The clients list is a read model: it follows the log a moment after the booking's answer.
  await server.waitForProjection();
  const clients = await server.api('GET', '/api/clients?q=Смирнова');
  clientId = (clients.body.clients as { id: string }[])[0]!.id;
  const task = await server.api('POST', '/api/tasks', {
    branchId: server.branch.id,
    kind: 'call_back',
    title: 'Перезвонить про колодки',
    assigneeId: ids.manager,
    dueAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect(task.status, JSON.stringify(task.body)).toBe(201);
}, 120_000);

/** Whether the menu's entry of the page shown lies wholly within the menu's visible width. */
const currentEntryShown = (page: Page) =>
  page.locator('.nav').evaluate((nav) => {
    const entry = nav.querySelector('.nav-link.active');
    if (!entry) return false;
    const [box, shown] = [entry.getBoundingClientRect(), nav.getBoundingClientRect()];
    return box.left >= shown.left - 1 && box.right <= shown.right + 1;
  });

/** Pages reached otherwise than from the menu: a client's card, the diary import. */
const EXTRA: Record<string, string[]> = {
  owner: ['client', 'import/appointments', 'account'],
  manager: ['client', 'account'],
  mechanic: ['account'],
  compliance: ['account'],
};

describe.skipIf(SKIP_BROWSER)('Every page on a tablet set to another locale', () => {
  for (const role of ['owner', 'manager', 'mechanic', 'compliance'] as const) {
    it(`${role}: every page of the menu in Russian words, fitting the three tablets`, async () => {
      for (const [size, viewport] of TABLETS) {
        const page = await panel.open(viewport, { touch: true, token: tokens[role], locale: 'en-US' });
        // The menu as the person sees it after signing in.
        await page.goto(`${panel.server.url}/`);
        await page.locator('a[data-nav]').first().waitFor();
        const menu = await page
          .locator('a[data-nav]')
          .evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')!));
        expect(menu.length).toBeGreaterThan(0);
        const pages = [...menu, ...(EXTRA[role] ?? [])];
        for (const name of pages) {
          const url = `${panel.server.url}/${name}${name === 'client' ? `?id=${clientId}` : ''}`;
          await page.goto(url);
          await page.waitForLoadState('networkidle');
          expect(new URL(page.url()).pathname, `${role} lands on /${name}`).toBe(`/${name}`);
          const text = await page.locator('main').innerText();
          expect(text.trim().length, `/${name} shows something`).toBeGreaterThan(0);
          for (const [what, pattern] of LEAKS) expect(pattern.exec(text)?.[0], `${what} on /${name} (${size})`).toBeUndefined();
          expect(await page.getAttribute('html', 'lang')).toBe('ru');
          // The menu scrolls sideways on a narrow screen: a menu page's own entry is in sight, not scrolled
          // off (a page reached otherwise has no entry of its own).
          expect(await currentEntryShown(page), `/${name}'s menu entry (${size})`).toBe(menu.includes(name));
          await expectTabletFriendly(page);
          await screenshot(page, `every-${role}-${name.replace('/', '-')}-${size}`);
        }
      }
    }, 240_000);
  }
});
