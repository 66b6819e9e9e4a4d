import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { ClientProfileEditor } from './pages/client-profile.ts';

const panel = panelSuite();
let clientId = '';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const booked = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start: startAt(panel.server.branch, 2, '13:00'),
    client: { name: 'Кира Адресова', phone: '+79161234577' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await panel.server.waitForProjection();
  clientId = (await panel.server.api('GET', `/api/bookings/${booked.body.id}`)).body.clientId as string;
}, 300_000);

describe.skipIf(SKIP_BROWSER)('The e-mail on a client’s card', () => {
  it('refuses a malformed address in words with nothing saved, then saves and clears a good one', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    // The conversation answers a second late, as on a busy station's Wi-Fi.
    await page.route('**/api/inbox/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    await page.goto(`${panel.server.url}/client?id=${clientId}`);
    const editor = new ClientProfileEditor(page);
    await expect.poll(() => editor.email().textContent()).toBe('E-mail не указан');
    // The conversation above arrives later; the button a finger is about to tap stays where it is.
    const edit = page.locator('[data-edit-profile]');
    const before = await edit.boundingBox();
    expect(await page.locator('[data-conversation]').getAttribute('data-conversation')).toBe('loading');
    await page.locator('[data-conversation=ready]').waitFor();
    expect(await edit.boundingBox()).toEqual(before);

    await editor.open();
    await editor.fill({ email: 'kira@adresova' });
    await editor.save();
    await expect
      .poll(() => editor.error().textContent())
      .toBe('Это не похоже на адрес e-mail. Проверьте его, например: name@example.ru.');
    expect((await panel.server.api('GET', `/api/clients/${clientId}`)).body.email).toBe('');
    await expectTabletFriendly(page);
    await screenshot(page, 'client-email-refused-820x1180');

    await editor.fill({ email: 'kira@adresova.ru' });
    await editor.save();
    await expect.poll(() => editor.email().getAttribute('data-client-email')).toBe('kira@adresova.ru');
    expect(await editor.email().textContent()).toBe('E-mail для сообщений о записи: kira@adresova.ru');
    expect((await panel.server.api('GET', `/api/clients/${clientId}`)).body.email).toBe('kira@adresova.ru');

    await editor.open();
    await editor.fill({ email: '' });
    await editor.save();
    await expect.poll(() => editor.email().getAttribute('data-client-email')).toBe('');
    expect((await panel.server.api('GET', `/api/clients/${clientId}`)).body.email).toBe('');
  });
});
