import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, panelSuite, screenshot, VIEWPORTS } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { CalendarPage } from './pages/calendar-page.ts';
import { ClientCardPage, ClientsPage } from './pages/clients-page.ts';
import { CompliancePage } from './pages/compliance-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { ReportsPage } from './pages/reports-page.ts';

const panel = panelSuite();
const tokens: Record<'owner' | 'mechanic' | 'officer', string> = { owner: '', mechanic: '', officer: '' };
let clientId = '';
let bookingId = '';
let bookingDate = '';

// Data the panel shows as it was entered: it stays Russian whatever the panel's language.
const CLIENT = 'Ирина Ковалёва';
const LIVE_CLIENT = 'Пётр Журавлёв';
const PLATE = 'К777РС77';
let data: string[] = [];

type Role = keyof typeof tokens;
type Spec = {
  path: () => string;
  role: Role | null;
  ready: (page: Page) => Promise<void>;
  /** The page's heading (or the text that heads it when it has no h1). */
  heading: string;
  ru: string;
  en: string;
  /** The tab's title in each language (the static head has the Russian one). */
  title: { ru: string; en: string };
};

const SPECS: Record<string, Spec> = {
  login: {
    path: () => '/login',
    role: null,
    ready: (page) => new LoginPage(page, panel.server.url).form.waitFor(),
    heading: 'main h1',
    ru: 'Вход в панель',
    en: 'Sign in to the panel',
    title: { ru: 'Вход · Zero-CRM', en: 'Sign in · Zero-CRM' },
  },
  board: {
    path: () => `/board?date=${bookingDate}`,
    role: 'owner',
    ready: (page) => new BoardPage(page, panel.server.url).waitReady(),
    heading: '.column-head h2 >> nth=0',
    ru: 'Новые',
    en: 'New',
    title: { ru: 'Доска · Zero-CRM', en: 'Board · Zero-CRM' },
  },
  calendar: {
    path: () => `/calendar?view=timeGridDay&date=${bookingDate}`,
    role: 'owner',
    ready: (page) => new CalendarPage(page, panel.server.url).waitReady(),
    heading: '.fc-today-button',
    ru: 'Сегодня',
    en: 'Today',
    title: { ru: 'Календарь · Zero-CRM', en: 'Calendar · Zero-CRM' },
  },
  clients: {
    path: () => '/clients',
    role: 'owner',
    ready: (page) => page.locator('[data-clients].is-ready').waitFor({ timeout: 15_000 }),
    heading: 'main h1',
    ru: 'Клиенты',
    en: 'Clients',
    title: { ru: 'Клиенты · Zero-CRM', en: 'Clients · Zero-CRM' },
  },
  client: {
    path: () => `/client?id=${clientId}`,
    role: 'owner',
    ready: (page) => new ClientCardPage(page, panel.server.url).waitReady(),
    // The card's h1 is the client's name: its first section heads it.
    heading: 'main h2 >> nth=0',
    ru: 'Телефон',
    en: 'Phone',
    title: { ru: 'Клиент · Zero-CRM', en: 'Client · Zero-CRM' },
  },
  reports: {
    path: () => '/reports',
    role: 'owner',
    ready: (page) => new ReportsPage(page, panel.server.url).waitReady(),
    heading: 'main h1',
    ru: 'Отчёты',
    en: 'Reports',
    title: { ru: 'Отчёты · Zero-CRM', en: 'Reports · Zero-CRM' },
  },
  import: {
    path: () => '/import',
    role: 'owner',
    ready: (page) => page.locator('[data-import-page][data-ready]').waitFor({ timeout: 15_000 }),
    heading: 'main h1',
    ru: 'Импорт клиентов',
    en: 'Import clients',
    title: { ru: 'Импорт клиентов · Zero-CRM', en: 'Import clients · Zero-CRM' },
  },
  settings: {
    path: () => '/settings',
    role: 'owner',
    ready: (page) => page.locator('[data-settings].is-ready').waitFor({ timeout: 15_000 }),
    heading: 'main h1',
    ru: 'Настройки',
    en: 'Settings',
    title: { ru: 'Настройки · Zero-CRM', en: 'Settings · Zero-CRM' },
  },
  today: {
    path: () => '/today',
    role: 'mechanic',
    // This mechanic has no jobs today: the ready list is empty, so it is there but not visible.
    ready: async (page) => {
      await page.locator('[data-jobs].is-ready').waitFor({ state: 'attached', timeout: 15_000 });
      await page.locator('[data-live=online]').waitFor({ timeout: 15_000 });
    },
    heading: 'main h1',
    ru: 'Мои работы на сегодня',
    en: 'My jobs today',
    title: { ru: 'Сегодня · Zero-CRM', en: 'Today · Zero-CRM' },
  },
  compliance: {
    path: () => '/compliance?tab=requests',
    role: 'officer',
    ready: (page) => new CompliancePage(page, panel.server.url).waitReady('requests'),
    heading: 'main h1',
    ru: 'Персональные данные',
    en: 'Personal data',
    title: { ru: 'Персональные данные · Zero-CRM', en: 'Personal data · Zero-CRM' },
  },
  // The client tab's search (compliance-picker) is static markup: its words must follow a switch too.
  'compliance-client': {
    path: () => '/compliance?tab=client',
    role: 'officer',
    ready: (page) => new CompliancePage(page, panel.server.url).waitReady('client'),
    heading: 'main [data-client-tab] h2 >> nth=0',
    ru: 'Клиент',
    en: 'Client',
    title: { ru: 'Персональные данные · Zero-CRM', en: 'Personal data · Zero-CRM' },
  },
};

const NAV: Record<Role, { ru: string[]; en: string[] }> = {
  owner: {
    ru: ['Сегодня', 'Доска', 'Календарь', 'Клиенты', 'Сообщения', 'Задачи', 'Отчёты', 'Импорт', 'Сотрудники', 'ПДн', 'Настройки'],
    en: ['Today', 'Board', 'Calendar', 'Clients', 'Messages', 'Tasks', 'Reports', 'Import', 'Staff', 'Personal data', 'Settings'],
  },
  mechanic: { ru: ['Сегодня', 'Доска', 'Календарь', 'Задачи'], en: ['Today', 'Board', 'Calendar', 'Tasks'] },
  officer: { ru: ['ПДн'], en: ['Personal data'] },
};

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  tokens.owner = panel.server.token;
  // The owner adds the mechanic and the officer, as a station would in settings.
  for (const [role, user, branchIds] of [
    ['mechanic', 'mechanic', [panel.server.branch.id]],
    ['officer', 'compliance', []],
  ] as const) {
    const account = { email: `${role}-lang@test.local`, name: `Lang ${role}`, password: 'language-password-1' };
    const created = await panel.server.api('POST', '/api/users', { ...account, role: user, branchIds });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    tokens[role] = await panel.server.login(account.email, account.password);
  }
  const booked = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start: startAt(panel.server.branch, 2, '10:00'),
    client: { name: CLIENT, phone: '+79167770101' },
    car: { make: 'Skoda', model: 'Octavia', plate: PLATE },
    channel: 'phone',
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  bookingId = booked.body.id as string;
  bookingDate = startAt(panel.server.branch, 2, '10:00').slice(0, 10);
  await panel.server.waitForProjection();
  clientId = (await panel.server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [CLIENT]))
    .rows[0]!.id;
  data = [
    CLIENT,
    LIVE_CLIENT,
    PLATE,
    panel.server.branch.name,
    ...panel.server.bays.map((bay) => bay.name),
    ...panel.server.services.map((service) => service.name),
    // The demo owner's own name, listed in settings.
    'Владелец',
    // Languages are named in their own tongue in either language (the digest's language choice).
    'Русский',
  ].sort((a, b) => b.length - a.length);
}, 300_000);

const open = (role: Role | null) => panel.open(VIEWPORTS.ipadLandscape, { token: role ? tokens[role] : null });

const CYRILLIC = /[\u0400-\u04FF]/;

/** Visible text (and labels, placeholders, titles) of what matches the selector, one string per element. */
const visibleTexts = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluateAll((elements) =>
      elements
        .filter((el) => el.getClientRects().length > 0)
        .map((el) =>
          [el.textContent, el.getAttribute('aria-label'), el.getAttribute('placeholder'), el.getAttribute('title')]
            .filter(Boolean)
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
    );

/**
 * Russian words left on the page: the whole header (brand, navigation, role, buttons) as it is, and
 * the page's headings, buttons, labels, table heads and inputs without the data they show.
 */
const russianLeft = async (page: Page) => {
  const header = (await visibleTexts(page, 'header.topbar')).map((text) => `header: ${text}`);
  const main = (
    await visibleTexts(page, 'main :is(h1, h2, h3, button, [role=button], a.btn, label, th, legend, input, textarea)')
  ).map((text) => `main: ${withoutData(text)}`);
  return [...header, ...main].filter((text) => CYRILLIC.test(text));
};

const withoutData = (text: string) => data.reduce((rest, word) => rest.split(word).join('…'), text);

const navTexts = (page: Page) => page.locator('header nav [data-nav]').allTextContents();

const switchLanguage = (page: Page) => page.locator('[data-lang-switch]').click();

const expectLanguage = async (page: Page, spec: Spec, lang: 'ru' | 'en') => {
  await expect.poll(() => page.locator(spec.heading).textContent()).toBe(spec[lang]);
  await expect.poll(() => page.locator('[data-lang-switch]').textContent()).toBe(lang === 'ru' ? 'EN' : 'RU');
  if (spec.role) await expect.poll(() => navTexts(page)).toEqual(NAV[spec.role][lang]);
  else expect(await navTexts(page)).toEqual([]);
  expect(await page.evaluate<string>('document.documentElement.lang')).toBe(lang);
  await expect.poll(() => page.title()).toBe(spec.title[lang]);
};

describe.skipIf(SKIP_BROWSER)('Panel language switch', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    it(`switches /${name} to English and back, and keeps English over a reload`, async () => {
      const page = await open(spec.role);
      await page.goto(`${panel.server.url}${spec.path()}`);
      await spec.ready(page);
      if (spec.role) await page.locator('[data-nav]').first().waitFor();
      await expectLanguage(page, spec, 'ru');

      await switchLanguage(page);
      await expectLanguage(page, spec, 'en');
      // The heading and the menu switch first; a long list may take its next render to follow.
      await expect.poll(() => russianLeft(page), { timeout: 5_000 }).toEqual([]);
      if (name === 'clients') await screenshot(page, 'language-en-clients-1180x820');

      await switchLanguage(page);
      await expectLanguage(page, spec, 'ru');
      await expect.poll(async () => (await visibleTexts(page, 'main')).join(' ')).toMatch(CYRILLIC);

      // The choice is kept: the server renders the reloaded page in English throughout.
      await switchLanguage(page);
      await expectLanguage(page, spec, 'en');
      await page.reload();
      await spec.ready(page);
      await expectLanguage(page, spec, 'en');
      expect((await page.context().cookies()).find((cookie) => cookie.name === 'zero_lang')?.value).toBe('en');
      expect(await russianLeft(page)).toEqual([]);
    });
  }

  it('opens a booking’s card in English, its history included', async () => {
    const page = await open('owner');
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: bookingDate });
    await switchLanguage(page);
    await expectLanguage(page, SPECS.board!, 'en');
    await board.openCard(bookingId);
    await expect.poll(() => board.dialog().locator('[data-dialog-status]').textContent()).toBe('New');
    await expect.poll(async () => (await board.dialog().textContent()) ?? '').toContain('Booked');
    // The client's name and the service are data, as entered; everything else on the card is English.
    expect(await board.dialog().locator('.dialog-title').textContent()).toBe(CLIENT);
    const dialog = (await visibleTexts(page, '[data-booking-dialog]')).map(withoutData);
    expect(dialog.filter((text) => CYRILLIC.test(text))).toEqual([]);
  });

  it('switches a board the live feed has re-drawn: the cards it kept follow the language too', async () => {
    const page = await open('owner');
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: bookingDate });
    const booked = await panel.server.api('POST', '/api/bookings', {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      start: startAt(panel.server.branch, 2, '15:00'),
      client: { name: LIVE_CLIENT, phone: '+79167770102' },
      channel: 'phone',
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    // The pushed booking re-draws the board with the card that was there already.
    await board.card(booked.body.id as string).waitFor();
    await expect.poll(() => board.count('New')).toBe(2);
    await switchLanguage(page);
    await expectLanguage(page, SPECS.board!, 'en');
    await expect.poll(() => russianLeft(page), { timeout: 5_000 }).toEqual([]);
    const cards = (await visibleTexts(page, '[data-card-id]')).map(withoutData);
    expect(cards).toHaveLength(2);
    expect(cards.filter((text) => CYRILLIC.test(text))).toEqual([]);
  });

  it('counts a Russian heading as left over, and a client’s name in the list as data', async () => {
    const page = await open('owner');
    await page.goto(`${panel.server.url}/clients`);
    await SPECS.clients!.ready(page);
    expect(await russianLeft(page)).toContain('main: Клиенты');
    // The switch comes after the search's answer has re-drawn the list: the words of the cards it
    // kept (the call button, the visit counts) follow the language all the same.
    const searched = page.waitForResponse((response) => response.url().includes('/api/clients?q='));
    await new ClientsPage(page, panel.server.url).search(CLIENT);
    await searched;
    await page.locator('[data-clients].is-ready').waitFor();
    expect(await page.locator('[data-client-id] h2').allTextContents()).toEqual([CLIENT]);
    await switchLanguage(page);
    await expectLanguage(page, SPECS.clients!, 'en');
    // The client's name is data: it stays as entered and is not counted as Russian left over.
    expect(await page.locator('[data-client-id] h2').textContent()).toBe(CLIENT);
    await expect.poll(() => russianLeft(page), { timeout: 5_000 }).toEqual([]);
    expect(await page.locator('[data-client-id] .client-stats').textContent()).toMatch(/^Visits: \d+Bookings: /);
  });
});
