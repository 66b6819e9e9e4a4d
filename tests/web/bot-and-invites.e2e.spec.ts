import { afterAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { startTestServer } from '../support/test-server.ts';
import { expectTabletFriendly, horizontalOverflow, panelSuite, screenshot, SKIP_BROWSER, type Viewport } from './browser.ts';
import { BotSettingsBlock, InviteAcceptPage, InvitesBlock } from './pages/bot-and-invites.ts';
import { LoginPage } from './pages/login-page.ts';
import { SettingsPage } from './pages/settings-page.ts';

const SIZES: Record<string, Viewport> = {
  portrait: { width: 820, height: 1180 },
  landscape: { width: 1180, height: 820 },
  laptop: { width: 1280, height: 800 },
};
const PASSWORD = 'тормозные-колодки-2026';

let telegram: FakeTelegram | undefined;
// Declared before the suite, so it runs after the server (and its bot) have stopped.
afterAll(async () => {
  await telegram?.close();
});

const panel = panelSuite(async () => {
  telegram = await startFakeTelegram();
  return startTestServer({ panelTelegram: { apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 } });
});

describe.skipIf(SKIP_BROWSER)('Panel: a station connects its bot and invites a mechanic, on a tablet', () => {
  it('pastes a token (a wrong one is explained), shows the link and QR code; the mechanic accepts the invitation and signs in', async () => {
    const page = await panel.open(SIZES.portrait!, { touch: true });
    const settings = new SettingsPage(page, panel.server.url);
    await settings.goto();
    const bot = new BotSettingsBlock(page);
    await bot.waitLoaded();

    await bot.connect('мой токен');
    await expect.poll(() => bot.note().textContent()).toContain('Это не похоже на токен бота');
    await bot.connect('987654321:AAH-unknown_token_never_issued');
    await expect.poll(() => bot.note().textContent()).toContain('Telegram не узнал этот токен');
    expect((await panel.server.api('GET', '/api/settings/telegram-bot')).body.source).toBe('none');

    await bot.connect(telegram!.token);
    await expect.poll(() => bot.note().textContent(), { timeout: 15_000 }).toContain('Бот подключён');
    expect(await bot.link().textContent()).toBe('@zero_crm_test_bot');
    expect(await bot.link().getAttribute('href')).toBe('https://t.me/zero_crm_test_bot');
    await expect.poll(() => bot.qrLoadedWidth()).toBeGreaterThan(0);

    const invites = new InvitesBlock(page);
    const link = await invites.invite('Сергей Механиков', 'mechanic');
    expect(link).toMatch(/\/login\/invite#[\w-]{24}$/);
    await expect.poll(() => invites.box.locator('[data-invite-state="pending"]').count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    for (const [name, size] of Object.entries(SIZES)) {
      await page.setViewportSize(size);
      await screenshot(page, `bot-and-invites-settings-${name}`);
    }

    const invitee = await panel.open(SIZES.portrait!, { touch: true, token: null });
    const accept = new InviteAcceptPage(invitee);
    await accept.open(link);
    expect(await accept.welcome().textContent()).toContain('Сергей Механиков, роль — Механик');
    await expectTabletFriendly(invitee);
    for (const [name, size] of Object.entries(SIZES)) {
      await invitee.setViewportSize(size);
      await screenshot(invitee, `invite-accept-${name}`);
    }
    await invitee.setViewportSize(SIZES.portrait!);
    await accept.accept('sergey@station.test', 'qwerty12345678');
    await expect.poll(() => accept.error().textContent()).toContain('один из самых частых паролей');
    await accept.accept('sergey@station.test', PASSWORD);
    await invitee.locator('[data-accept-done]').waitFor({ timeout: 15_000 });
    await screenshot(invitee, 'invite-accept-done-portrait');

    const login = new LoginPage(invitee, panel.server.url);
    await login.goto();
    await login.signIn('sergey@station.test', PASSWORD);
    await invitee.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
    const me = await invitee.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
    expect(me).toMatchObject({ email: 'sergey@station.test', name: 'Сергей Механиков', role: 'mechanic' });

    // The same link again: used up, said so.
    const again = await panel.open(SIZES.portrait!, { token: null });
    const second = new InviteAcceptPage(again);
    await second.open(link);
    expect(await second.error().textContent()).toContain('уже использовано');
  });
});
