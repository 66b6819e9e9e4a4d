import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS } from './browser.ts';
import { LoginPage } from './pages/login-page.ts';
import { OWNER, startAt } from '../support/test-server.ts';

const panel = panelSuite();

const NEW_PASSWORD = 'зимняя резина на складе';

const me = (token: string) => panel.server.api('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` });
const signIn = async (email: string, password: string): Promise<number> => {
  const response = await fetch(`${panel.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
};

describe.skipIf(SKIP_BROWSER)('Panel: my profile', () => {
  it.each([
    ['820x1180', VIEWPORTS.ipadPortrait],
    ['1180x820', VIEWPORTS.ipadLandscape],
    ['1280x800', VIEWPORTS.android],
  ] as const)('is reached from the header and shows who is signed in, in words, at %s', async (name, viewport) => {
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    const page = await panel.open(viewport, { touch: true, token: mechanic.token });
    await page.goto(`${panel.server.url}/board`);
    await page.locator('[data-account-link]').click();
    await page.waitForURL(/\/account$/);
    const facts = page.locator('[data-account-facts]');
    await facts.waitFor();
    expect(await facts.locator('dd').allTextContents()).toEqual(['mechanic', mechanic.email, 'Механик']);
    expect(await page.title()).toBe('Мой профиль · Zero-CRM');
    await expectTabletFriendly(page);
    await screenshot(page, `account-${name}`);
  });

  it('changes the mechanic’s own password: says what is wrong in Russian, then keeps this tablet signed in and ends the others', async () => {
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    const otherTablet = await panel.server.login(mechanic.email, mechanic.password);
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true, token: mechanic.token });
    await page.goto(`${panel.server.url}/account`);
    const form = page.locator('[data-password-form]');
    const fill = async (current: string, next: string, repeat = next) => {
      await form.locator('input[name=current]').fill(current);
      await form.locator('input[name=next]').fill(next);
      await form.locator('input[name=repeat]').fill(repeat);
      await form.locator('[data-password-submit]').click();
    };
    const error = form.locator('[data-password-error]');

    await fill(mechanic.password, NEW_PASSWORD, `${NEW_PASSWORD}!`);
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toBe('Новый пароль и повтор не совпадают');

    await fill('совсем не тот пароль', NEW_PASSWORD);
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toBe('Текущий пароль введён неверно');

    await fill(mechanic.password, 'qwerty123456');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/^Это один из самых частых паролей/);
    await screenshot(page, 'account-password-refused-820x1180');
    expect(await signIn(mechanic.email, mechanic.password)).toBe(200);

    await fill(mechanic.password, NEW_PASSWORD);
    await form.locator('[data-password-done]').waitFor({ timeout: 10_000 });
    expect(await form.locator('input[name=current]').inputValue()).toBe('');
    expect((await me(otherTablet)).status).toBe(401);
    expect(await signIn(mechanic.email, NEW_PASSWORD)).toBe(200);
    // The page's own cookie was renewed with the change: the next page still opens signed in.
    await page.goto(`${panel.server.url}/today`);
    expect(page.url()).toMatch(/\/today$/);
    await page.locator('[data-account-link]').waitFor();
  });

  it('keeps every box as filled when the boxes are filled one after another the moment the page arrives', async () => {
    // A password manager or a quick hand fills the next box while the first box's input code is
    // still arriving. A redraw of the whole form set off by the first box would empty the next (it did
    // on about every other page here). Fresh pages, since only a page's first input waits for code.
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    for (let round = 0; round < 10; round++) {
      const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true, token: mechanic.token });
      await page.goto(`${panel.server.url}/account`);
      const form = page.locator('[data-password-form]');
      await form.locator('input[name=current]').fill(mechanic.password);
      await page.waitForTimeout((round % 2) * 40);
      await form.locator('input[name=next]').fill(NEW_PASSWORD);
      await form.locator('input[name=repeat]').fill(`${NEW_PASSWORD}!`);
      // Long enough for the code to arrive and the form to be drawn again.
      await page.waitForTimeout(1_500);
      const shown = await Promise.all(
        ['current', 'next', 'repeat'].map((name) => form.locator(`input[name=${name}]`).inputValue()),
      );
      expect(shown, `round ${round}`).toEqual([mechanic.password, NEW_PASSWORD, `${NEW_PASSWORD}!`]);
      await page.context().close();
    }
  }, 120_000);

  it('keeps a board open in another tab of the same browser signed in and live after the password change', async () => {
    const manager = await panel.server.addUser('manager', [panel.server.branch.id]);
    const profile = await panel.open(VIEWPORTS.ipadLandscape, { token: manager.token });
    const board = await profile.context().newPage();
    const day = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: 3 }).toString();
    await board.goto(`${panel.server.url}/board?date=${day}`);
    await board.locator('[data-live=online]').waitFor({ timeout: 10_000 });

    await profile.goto(`${panel.server.url}/account`);
    const form = profile.locator('[data-password-form]');
    await form.locator('input[name=current]').fill(manager.password);
    await form.locator('input[name=next]').fill(NEW_PASSWORD);
    await form.locator('input[name=repeat]').fill(NEW_PASSWORD);
    await form.locator('[data-password-submit]').click();
    await form.locator('[data-password-done]').waitFor({ timeout: 10_000 });

    // The board's feed was opened with the old session, which the change ended: it carries on with the new one.
    const booked = await panel.server.api('POST', '/api/bookings', {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      start: startAt(panel.server.branch, 3, '19:00'),
      client: { name: 'Карина Вкладкина', phone: '+79265550190' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await board.locator(`[data-card-id="${booked.body.id}"]`).waitFor({ timeout: 10_000 });
    expect(new URL(board.url()).pathname).toBe('/board');
  });

  it('tells a person whose account is locked after wrong passwords to wait, or to ask the owner if the password is forgotten', async () => {
    const manager = await panel.server.addUser('manager', [panel.server.branch.id]);
    for (let i = 0; i < 5; i++) expect(await signIn(manager.email, `не помню ${i}`)).toBe(401);
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true, token: null });
    const login = new LoginPage(page, panel.server.url);
    await login.goto('/board');
    await login.signIn(manager.email, manager.password);
    await expect
      .poll(() => login.error().textContent(), { timeout: 10_000 })
      .toMatch(
        /^Слишком много неверных попыток — вход в эту учётную запись закрыт на (1[0-5]|[1-9]) мин\. Потом попробуйте снова; если пароль забыт, попросите владельца задать новый$/,
      );
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('tells a station whose network made too many wrong tries that signing in from it is closed, and for how long', async () => {
    for (let i = 0; i < 20; i++) await signIn(`guess-${i}@test.local`, 'не помню');
    try {
      const page = await panel.open(VIEWPORTS.ipadLandscape, { token: null });
      const login = new LoginPage(page, panel.server.url);
      await login.goto('/board');
      await login.signIn(OWNER.email, OWNER.password);
      await expect
        .poll(() => login.error().textContent(), { timeout: 10_000 })
        .toMatch(
          /^Слишком много неверных попыток входа с этой сети — вход с неё закрыт на 1[0-5] мин\. С одной сети входят все устройства станции/,
        );
      await screenshot(page, 'login-address-locked-1180x820');
    } finally {
      // The other tests of this file sign in from the same address.
      await panel.server.runtime.pool.query('DELETE FROM rate_limits');
    }
  });
});
