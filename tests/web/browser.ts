import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = path.join(root, 'tests/artifacts');

/** A desktop screen and the three tablets of the issue: iPad portrait and landscape, an Android tablet. */
export const VIEWPORTS = {
  desktop: { width: 1366, height: 900 },
  ipadLandscape: { width: 1180, height: 820 },
  ipadPortrait: { width: 820, height: 1180 },
  android: { width: 1280, height: 800 },
} as const;

/** The tablet sizes every page is checked and photographed at, named as the screenshots are. */
export const TABLETS = [
  ['820x1180', VIEWPORTS.ipadPortrait],
  ['1180x820', VIEWPORTS.ipadLandscape],
  ['1280x800', VIEWPORTS.android],
] as const;

/** Builds web/dist when it is missing or older than web/ (a no-op when up to date). */
export const ensurePanelBuilt = () => {
  execFileSync(process.execPath, [path.join(root, 'web/scripts/build.mjs'), '--if-stale'], {
    stdio: 'inherit',
    timeout: 240_000,
  });
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's Chromium (`.ci/run` installs it). Outside CI a machine without it
 * skips them with a notice instead of failing; in CI a missing browser fails the run.
 */
export const SKIP_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
if (SKIP_BROWSER) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  });

export type Viewport = { width: number; height: number };

/** A browser context at a viewport; `touch` gives it a touch screen as a tablet has. */
export const newContext = (
  browser: Browser,
  viewport: Viewport,
  options: { touch?: boolean; timezoneId?: string; locale?: string } = {},
): Promise<BrowserContext> =>
  browser.newContext({
    viewport,
    hasTouch: options.touch ?? false,
    locale: options.locale ?? 'ru-RU',
    timezoneId: options.timezoneId ?? 'Europe/Moscow',
  });

/** Signs the context in by the session cookie the API sets (the login page itself is tested separately). */
export const signIn = async (context: BrowserContext, server: TestServer, token = server.token) => {
  const url = new URL(server.url);
  await context.addCookies([
    { name: 'zero_session', value: token, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
};

export const screenshot = async (page: Page, name: string) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
};

/** Fails the test when the page scrolls sideways (tablet layouts must not). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

/** Visible buttons, links and inputs smaller than 44 px in either direction (touch targets). */
export const smallTouchTargets = (page: Page): Promise<string[]> =>
  page.evaluate<string[]>(`(() => {
    const small = [];
    // FullCalendar's own targets count too: its bookings, «+N» and the popover's close (not the shading
    // of closed time, a background nobody taps).
    for (const el of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, [role=button], .fc-event:not(.fc-bg-event), .fc-more-link, .fc-popover-close')) {
      // A checkbox or radio inside its label is tapped through the label: the label is the target.
      const label = el.matches('input[type=checkbox], input[type=radio]') ? el.closest('label') : null;
      const r = (label || el).getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      // A booking in a time grid is as tall as it is long, and the year view is an overview of dots.
      if (el.closest('.fc-timegrid-event, .fc-multimonth')) continue;
      if (r.height < 44 || r.width < 44) small.push((el.tagName + ' ' + (el.textContent || el.getAttribute('aria-label') || '')).trim().slice(0, 60) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
    return small;
  })()`);

/** Tablet layouts neither scroll sideways nor have touch targets under 44 px. */
export const expectTabletFriendly = async (page: Page) => {
  expect(await horizontalOverflow(page)).toBe(0);
  expect(await smallTouchTargets(page)).toEqual([]);
};

export type PanelSuite = {
  readonly server: TestServer;
  readonly browser: Browser;
  /**
   * A page in a context of its own, closed after the test: signed in as the demo owner, or by `token`,
   * or signed out when `token` is null.
   */
  open: (viewport: Viewport, options?: { touch?: boolean; token?: string | null; locale?: string }) => Promise<Page>;
};

/**
 * A browser test file's server and Chromium: started before the file's own beforeAll hooks (vitest
 * runs hooks in the order they are declared and afterAll ones in reverse), so a file seeds its data
 * in a beforeAll of its own and stops its extras before the server goes. `start` replaces the demo
 * server (a fixed clock, a seeded week).
 */
export const panelSuite = (start: () => Promise<TestServer> = () => startTestServer()): PanelSuite => {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (SKIP_BROWSER) return;
    ensurePanelBuilt();
    server = await start();
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // Every page of every browser test runs under the panel's Content-Security-Policy: anything it
  // blocks (an inline script without its hash, a style, a socket) is a Chromium console error.
  const violations: string[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    expect(violations.splice(0)).toEqual([]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The browser suite has not started (are browser tests skipped?)');
    return value;
  };

  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    open: async (viewport, options = {}) => {
      const context = await newContext(started(browser), viewport, { touch: options.touch, locale: options.locale });
      contexts.push(context);
      if (options.token !== null) await signIn(context, started(server), options.token);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
      return page;
    },
  };
};
