import { describe, expect, it } from 'vitest';
import { newContext, panelSuite, SKIP_BROWSER, signIn, VIEWPORTS } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';

const panel = panelSuite();

describe.skipIf(SKIP_BROWSER)('Panel: Content-Security-Policy in Chromium', () => {
  it('runs the board under the policy (live feed open) and blocks a script injected into the page', async () => {
    // A context of its own: the suite's shared check would (rightly) fail on the violation provoked here.
    const context = await newContext(panel.browser, VIEWPORTS.ipadLandscape);
    try {
      await signIn(context, panel.server);
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
      });
      const board = new BoardPage(page, panel.server.url);
      await board.goto();
      expect(violations).toEqual([]);

      // What an injected <script> (say, through a rendered comment) would try: blocked, and reported.
      await page.evaluate(`(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
      })()`);
      expect(await page.evaluate('window.__injected === true')).toBe(false);
      await expect.poll(() => violations.length).toBeGreaterThan(0);
      expect(violations[0]).toMatch(/script/i);
    } finally {
      await context.close();
    }
  });
});
