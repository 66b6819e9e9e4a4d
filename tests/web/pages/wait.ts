import type { Page } from 'playwright-core';

/**
 * Waits until `expression` is true in the page. Polls with page.evaluate (the DevTools protocol,
 * outside the page's CSP) instead of waitForFunction, whose string predicates the panel's CSP
 * rightly refuses as eval.
 */
export const waitUntil = async (page: Page, expression: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${expression.slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
