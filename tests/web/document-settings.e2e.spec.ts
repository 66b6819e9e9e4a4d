import { describe, expect, it } from 'vitest';
import { SKIP_BROWSER, VIEWPORTS, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';

const panel = panelSuite();

describe.skipIf(SKIP_BROWSER)('Panel: what work orders price and print with', () => {
  it('says in words which number does not add up, then saves the details and the rate in roubles', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    await page.goto(`${panel.server.url}/settings`);
    const box = page.locator('[data-document-settings][data-ready=yes]');
    await box.waitFor();
    await box.locator('[data-document-vat]').selectOption('usn5');
    await box.locator('[data-document-field=legalName]').fill('ИП Ёлкин Пётр Сергеевич');
    await box.locator('[data-document-field=inn]').fill('5001 0073 2258');
    await box.locator(`[data-document-rate="${panel.server.branch.id}"]`).fill('2 500,50');
    await box.locator('[data-document-save]').tap();
    await expect
      .poll(() => box.locator('[data-document-note=error]').textContent())
      .toBe('ИНН не сходится: в нём 10 цифр (организация) или 12 (ИП) — проверьте каждую');
    expect((await panel.server.api('GET', '/api/settings/documents')).body).toMatchObject({ vatMode: 'none', executor: null });

    await box.locator('[data-document-field=inn]').fill('5001 0073 2259');
    await box.locator('[data-document-save]').tap();
    await box.locator('[data-document-note=ok]').waitFor();
    const saved = (await panel.server.api('GET', '/api/settings/documents')).body;
    expect(saved).toMatchObject({
      vatMode: 'usn5',
      executor: { legalName: 'ИП Ёлкин Пётр Сергеевич', inn: '500100732259' },
      branches: [{ branchId: panel.server.branch.id, hourlyRateKopecks: 250_050 }],
    });
    // Read back as the panel writes roubles, not as typed.
    await page.reload();
    await box.waitFor();
    expect(await box.locator(`[data-document-rate="${panel.server.branch.id}"]`).inputValue()).toMatch(/^2\s500,50$/);
  });

  for (const viewport of [VIEWPORTS.ipadPortrait, { width: 1180, height: 820 }, { width: 1280, height: 800 }]) {
    it(`lays the block out for touch at ${viewport.width}×${viewport.height}`, async () => {
      const page = await panel.open(viewport, { touch: true });
      await page.goto(`${panel.server.url}/settings`);
      const box = page.locator('[data-document-settings][data-ready=yes]');
      await box.waitFor();
      await box.scrollIntoViewIfNeeded();
      await expectTabletFriendly(page);
      await screenshot(page, `settings-documents-${viewport.width}x${viewport.height}`);
    });
  }
});
