import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Branch } from '../../domain/catalog/catalog.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS, type Viewport } from './browser.ts';
import { SettingsPage } from './pages/settings-page.ts';

const panel = panelSuite();

const open = async (viewport: Viewport) => {
  const page = await panel.open(viewport, { touch: true });
  const settings = new SettingsPage(page, panel.server.url);
  await settings.goto();
  return { page, settings };
};

const branches = async () => (await panel.server.api('GET', '/api/branches')).body as Branch[];
const mainBranch = async () => (await branches()).find((b) => b.id === panel.server.branch.id)!;

const today = () => Temporal.Now.plainDateISO(panel.server.branch.timeZone);
/** The first Saturday at least two days ahead. */
const nextSaturday = () => {
  let date = today().add({ days: 2 });
  while (date.dayOfWeek !== 6) date = date.add({ days: 1 });
  return date;
};
const at = (date: Temporal.PlainDate, time: string) =>
  date
    .toZonedDateTime({ timeZone: panel.server.branch.timeZone, plainTime: Temporal.PlainTime.from(time) })
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });

let phone = 0;
const bookAt = (start: string) =>
  panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Диагностика ходовой').id,
    start,
    client: { name: 'Пётр Ильин', phone: `+7925${String(3_000_000 + ++phone).slice(-7)}` },
  });

describe.skipIf(SKIP_BROWSER)('Panel: owner settings', () => {
  it('renders the branch’s bays and services in the server’s first answer, for the owner only', async () => {
    const html = async (token: string) =>
      (await fetch(`${panel.server.url}/settings`, { headers: { cookie: `zero_session=${token}` } })).text();
    const owner = await html(panel.server.token);
    expect(owner).toMatch(/class="settings-grid is-ready"/);
    const bays = [...owner.matchAll(/data-bay-id="([^"]+)"/g)].map(([, id]) => id);
    expect(bays.sort()).toEqual(panel.server.bays.map((bay) => bay.id).sort());
    expect(owner).toContain(`data-service-id="${panel.server.service('Диагностика ходовой').id}"`);
    const manager = await panel.server.addUser('manager');
    const refused = await html(manager.token);
    expect(refused).not.toContain('data-bay-id');
    expect(refused).toContain('Настройки доступны только владельцу');
  });

  it('names time zones by their cities: no zone codes in the branch form or the digest', async () => {
    const { page } = await open(VIEWPORTS.ipadLandscape);
    const zone = page.locator('select[data-field=timeZone]').first();
    const russia = await zone.locator('optgroup').first().locator('option').allTextContents();
    expect(russia).toContain('Москва · GMT+3');
    expect(russia.filter((label) => /[A-Za-z]+\/[A-Za-z_]+/.test(label))).toEqual([]);
    await page.locator('[data-digest-settings][data-ready=yes]').waitFor();
    const digestTime = await page.locator('[data-digest-settings] label:has([data-digest-time]) > span').first().textContent();
    expect(digestTime).toMatch(/\(часовой пояс: [А-ЯЁ][а-яё-]+\)/);
    expect(digestTime).not.toMatch(/[A-Za-z]+\/[A-Za-z_]+/);
  });

  it('changes Saturday’s hours and adds a day off, which the booking API then obeys', async () => {
    const { page, settings } = await open(VIEWPORTS.ipadPortrait);
    expect(await settings.rows('hours').count()).toBe(7);

    await settings.setHours(6, '10:00', '15:00');
    await settings.saveHours();
    await expect.poll(async () => (await mainBranch()).hours['6']).toEqual({ open: '10:00', close: '15:00', breaks: [] });
    expect((await mainBranch()).hours['5']).toEqual({ open: '09:00', close: '20:00', breaks: [] });

    const dayOff = today().add({ days: 5 });
    await settings.addDayOff(dayOff.toString());
    expect((await mainBranch()).daysOff).toEqual([dayOff.toString()]);

    const onDayOff = await bookAt(at(dayOff, '12:00'));
    expect(onDayOff.status, JSON.stringify(onDayOff.body)).toBe(422);
    expect(onDayOff.body.code).toBe('OUTSIDE_WORKING_HOURS');
    // Saturdays now close at 15:00 (unless that Saturday is the day off itself).
    const saturday = nextSaturday().equals(dayOff) ? nextSaturday().add({ days: 7 }) : nextSaturday();
    expect((await bookAt(at(saturday, '16:00'))).body.code).toBe('OUTSIDE_WORKING_HOURS');
    expect((await bookAt(at(saturday, '10:00'))).status).toBe(201);

    await expectTabletFriendly(page);
    await screenshot(page, 'settings-820x1180');

    await page.locator(`[data-remove-day-off="${dayOff.toString()}"]`).click();
    await expect.poll(async () => (await mainBranch()).daysOff).toEqual([]);
  });

  it('gives a day a lunch break by touch, moves it and takes it away, and the booking API then obeys it', async () => {
    const { page, settings } = await open(VIEWPORTS.ipadLandscape);
    const wednesday = settings.day(3);
    await wednesday.locator('[data-break-add]').tap();
    await wednesday.locator('input[data-break-from]').fill('12:30');
    await wednesday.locator('input[data-break-to]').fill('13:30');
    await screenshot(page, 'settings-lunch-break-1180x820');
    await settings.saveHours();
    await expect
      .poll(async () => (await mainBranch()).hours['3']?.breaks, { timeout: 10_000 })
      .toEqual([{ from: '12:30', to: '13:30' }]);
    const nextWednesday = today().add({ days: ((3 - today().dayOfWeek + 7) % 7) + 7 });
    const atLunch = await bookAt(at(nextWednesday, '12:30'));
    expect(atLunch.status, JSON.stringify(atLunch.body)).toBe(422);
    expect(atLunch.body.code).toBe('OUTSIDE_WORKING_HOURS');

    await wednesday.locator('[data-break-remove]').tap();
    await settings.saveHours();
    await expect.poll(async () => (await mainBranch()).hours['3']?.breaks, { timeout: 10_000 }).toEqual([]);
  });

  it('shows the server’s message by the field for hours that close before they open, and saves nothing', async () => {
    const { page, settings } = await open(VIEWPORTS.ipadLandscape);
    const before = await mainBranch();
    await settings.setHours(3, '18:00', '08:00');
    await settings.saveHours();
    await expect
      .poll(() => settings.error('hours').textContent())
      .toBe('Открытие должно быть раньше закрытия, перерыв — внутри рабочего дня');
    expect(await mainBranch()).toEqual(before);

    // The owner cannot take their own role away: the refusal sits under the role field.
    const me = (await panel.server.api('GET', '/api/auth/me')).body.id as string;
    const editor = await settings.edit('users', me);
    await editor.locator('[data-field=role]').selectOption('manager');
    await editor.locator('button[type=submit]').click();
    await expect.poll(() => settings.error('role', editor).textContent()).toContain('cannot take the owner role');
    expect((await panel.server.api('GET', '/api/auth/me')).body.role).toBe('owner');
    expect(await page.locator('[data-toast=ok]').count()).toBe(0);
  });

  it('gives the branch its own address, phone and booking rules by touch, in words, and the booking page shows them', async () => {
    const { page, settings } = await open(VIEWPORTS.ipadPortrait);
    const form = page.locator('[data-branch-form]');
    const rules = page.locator('[data-rules-form]');
    const labels = async (field: string) => rules.locator(`select[data-field=${field}] option`).allTextContents();
    expect(await labels('changeNoticeMinutes')).toEqual(
      expect.arrayContaining(['в любое время до начала', '30 мин', '2 ч', '48 ч']),
    );
    expect(await labels('bookingHorizonDays')).toEqual(expect.arrayContaining(['7 дней', '14 дней', '21 день', '365 дней']));
    expect(await rules.locator('select[data-field=slotStepMinutes]').inputValue()).toBe(
      String(panel.server.branch.slotStepMinutes),
    );

    // A phone without its digits is refused under its field, in Russian, and nothing of the form is kept.
    await form.locator('[data-field=address]').fill('г. Москва, ул. Садовая, 5, въезд со двора');
    await form.locator('[data-field=phone]').fill('звоните');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => settings.error('phone').textContent()).toBe('Укажите номер целиком, например +7 495 123-45-67');
    expect((await mainBranch()) as Branch & { address: unknown }).toMatchObject({ address: null, phone: null });

    await form.locator('[data-field=phone]').fill('+7 495 123-45-67');
    await form.locator('button[type=submit]').click();
    await expect
      .poll(async () => (await mainBranch()) as Branch & { address: unknown })
      .toMatchObject({ address: 'г. Москва, ул. Садовая, 5, въезд со двора', phone: '+7 495 123-45-67' });
    await expect.poll(() => settings.error('phone').count()).toBe(0);

    await rules.locator('select[data-field=changeNoticeMinutes]').selectOption('240');
    await rules.locator('select[data-field=bookingHorizonDays]').selectOption('30');
    await rules.locator('select[data-field=confirmTargetMinutes]').selectOption('60');
    await rules.locator('[data-save-rules]').click();
    await expect
      .poll(async () => (await mainBranch()) as Branch & { confirmTargetMinutes: number })
      .toMatchObject({ changeNoticeMinutes: 240, bookingHorizonDays: 30, confirmTargetMinutes: 60 });

    // The booking page gives the branch's own phone and address, and starts clients four hours out.
    const station = (await (
      await fetch(`${panel.server.url}/api/public/booking/station?branchId=${panel.server.branch.id}`)
    ).json()) as { phone: string; address: string; branch: unknown };
    expect(station).toMatchObject({ phone: '+7 495 123-45-67', address: 'г. Москва, ул. Садовая, 5, въезд со двора' });
    expect(station.branch).toMatchObject({ leadMinutes: 240, bookingHorizonDays: 30 });

    for (const viewport of [VIEWPORTS.ipadPortrait, VIEWPORTS.ipadLandscape, VIEWPORTS.android]) {
      const { page: shown } = await open(viewport);
      await shown.locator('[data-rules-form]').scrollIntoViewIfNeeded();
      await expectTabletFriendly(shown);
      await screenshot(shown, `settings-branch-rules-${viewport.width}x${viewport.height}`);
    }

    await panel.server.api('PATCH', `/api/branches/${panel.server.branch.id}`, {
      address: null,
      phone: null,
      changeNoticeMinutes: panel.server.branch.changeNoticeMinutes,
      bookingHorizonDays: panel.server.branch.bookingHorizonDays,
      confirmTargetMinutes: 30,
    });
  });

  it('tells the owner, in words, about an event the system set aside so the rest kept flowing', async () => {
    const { store } = panel.server.runtime.deps;
    const bookingId = randomUUID();
    const orgId = panel.server.branch.orgId;
    // A booking in the year 10000, written straight into the log as no command would write it.
    await store.appendMany([
      {
        stream: `booking-${bookingId}`,
        expected: 0,
        events: [
          {
            type: 'BookingRequested',
            data: {
              bookingId,
              orgId,
              branchId: panel.server.branch.id,
              bayId: panel.server.bays[0]!.id,
              serviceIds: [panel.server.services[0]!.id],
              start: '+010000-01-01T07:00:00.000Z',
              end: '+010000-01-01T08:00:00.000Z',
              segments: [{ date: '+010000-01-01', from: '+010000-01-01T07:00:00.000Z', to: '+010000-01-01T08:00:00.000Z' }],
              clientId: randomUUID(),
              channel: 'panel',
              details: null,
              requestedBy: null,
              requestedAt: new Date().toISOString(),
            },
          },
        ],
        metadata: { orgId, userId: null },
      },
    ]);
    await panel.server.waitForProjection();

    for (const [viewport, name] of [
      [VIEWPORTS.ipadPortrait, 'settings-quarantine-820x1180'],
      [{ width: 1180, height: 820 }, 'settings-quarantine-1180x820'],
      [{ width: 1280, height: 800 }, 'settings-quarantine-1280x800'],
    ] as const) {
      const { page } = await open(viewport);
      const item = page.locator('[data-quarantine-item]');
      await item.first().waitFor();
      expect(await item.count()).toBe(1);
      expect(await item.getAttribute('data-quarantine-item')).toBe('time');
      const text = (await item.textContent())!;
      expect(text).toContain('Запись');
      expect(text).toContain('время, которое нельзя сохранить');
      expect(text).toContain('Доска, календарь, клиенты и отчёты');
      // No codes, ids or ISO dates: the owner reads words and a local date.
      expect(text).not.toMatch(/BookingRequested|read-models|[0-9a-f]{8}-[0-9a-f]{4}|\d{4}-\d{2}-\d{2}T|10000/);
      expect(text).toMatch(/\d{2}\.\d{2}\.\d{4}/);
      expect(await page.locator('[data-quarantine-count]').textContent()).toContain('Отложено: 1');
      await expectTabletFriendly(page);
      await page.locator('[data-quarantine]').scrollIntoViewIfNeeded();
      await screenshot(page, name);
    }
  });

  it('edits a bay, a service and a user, and opens a branch in another zone', async () => {
    const { page, settings } = await open(VIEWPORTS.android);
    const bay = panel.server.bays.find((b) => b.name === 'Шиномонтаж')!;
    const bayEditor = await settings.edit('bays', bay.id);
    await bayEditor.locator('[data-field=name]').fill('Шиномонтаж и балансировка');
    await bayEditor.locator('[data-kind=wash]').click();
    expect(await bayEditor.locator('[data-kind=tyre]').textContent()).toBe('Шиномонтаж');
    await bayEditor.locator('button[type=submit]').click();
    await expect.poll(() => settings.row('bays', bay.id).textContent()).toContain('Шиномонтаж и балансировка');
    const bays = (await panel.server.api('GET', `/api/bays?branchId=${panel.server.branch.id}`)).body as {
      id: string;
      name: string;
      kinds: string[];
    }[];
    expect(bays.find((b) => b.id === bay.id)).toMatchObject({ name: 'Шиномонтаж и балансировка', kinds: ['tyre', 'wash'] });

    const service = panel.server.service('Шиномонтаж');
    const serviceEditor = await settings.edit('services', service.id);
    await serviceEditor.locator('[data-field=durationMinutes]').fill('50');
    await serviceEditor.locator('[data-field=priceRub]').fill('2800');
    // Tyres are changed twice a year: due again after 6 months, whatever the mileage.
    await serviceEditor.locator('[data-field=maintenanceMonths]').fill('6');
    await serviceEditor.locator('[data-field=bayKind]').selectOption('wash');
    expect(await serviceEditor.locator('[data-bays-for]').textContent()).toContain('Шиномонтаж и балансировка');
    await screenshot(page, 'settings-editor-1280x800');
    await serviceEditor.locator('button[type=submit]').click();
    await expect.poll(() => settings.row('services', service.id).textContent()).toContain('2800');
    expect(await settings.row('services', service.id).locator('[data-service-interval]').textContent()).toBe(
      ' · повторять через 6 мес.',
    );
    await settings.row('services', service.id).locator('[data-toggle-active]').click();
    await expect
      .poll(async () =>
        ((await panel.server.api('GET', `/api/services?branchId=${panel.server.branch.id}&all=true`)).body as any[]).find(
          (s) => s.id === service.id,
        ),
      )
      .toMatchObject({
        durationMinutes: 50,
        priceRub: 2800,
        bayKind: 'wash',
        active: false,
        maintenanceKm: null,
        maintenanceMonths: 6,
      });
    await expect
      .poll(() => settings.row('services', service.id).locator('[data-toggle-active]').getAttribute('aria-pressed'))
      .toBe('false');

    const manager = await panel.server.addUser('manager', [panel.server.branch.id]);
    await page.reload();
    await page.locator('[data-settings].is-ready').waitFor();
    const userEditor = await settings.edit('users', manager.id);
    await userEditor.locator('[data-field=role]').selectOption('mechanic');
    await userEditor.locator('button[type=submit]').click();
    await expect.poll(() => settings.row('users', manager.id).textContent()).toContain('Механик');
    await (await settings.edit('users', manager.id)).locator('[data-toggle-active]').click();
    const users = async () => ((await panel.server.api('GET', '/api/users')).body as any[]).find((u) => u.id === manager.id);
    await expect.poll(users).toMatchObject({ role: 'mechanic', branchIds: [panel.server.branch.id], active: false });

    await page.locator('.new-branch summary').click();
    const form = page.locator('[data-new-branch-form]');
    await form.locator('input').fill('СТО на Светланской');
    await form.locator('select').selectOption('Asia/Vladivostok');
    await form.locator('button[type=submit]').click();
    await expect
      .poll(async () => (await branches()).find((b) => b.name === 'СТО на Светланской')?.timeZone)
      .toBe('Asia/Vladivostok');
    const created = (await branches()).find((b) => b.name === 'СТО на Светланской')!;
    expect(created.hours).toEqual((await mainBranch()).hours);
    // The page moves to the new branch; its zone can then be changed like any other field.
    await expect.poll(() => page.locator('[data-branch-box]').getAttribute('data-branch-box')).toBe(created.id);
    // The new branch's form has loaded (its zone shows) before it is changed, or the load would undo the change.
    const zone = page.locator('[data-branch-form] [data-field=timeZone]');
    await expect.poll(() => zone.inputValue()).toBe('Asia/Vladivostok');
    await zone.selectOption('Asia/Yekaterinburg');
    await page.locator('[data-branch-form] button[type=submit]').click();
    await expect.poll(async () => (await branches()).find((b) => b.id === created.id)?.timeZone).toBe('Asia/Yekaterinburg');

    await expectTabletFriendly(page);
    await screenshot(page, 'settings-1280x800');
  });

  it('adds one bay for a double tap on «Добавить»', async () => {
    const { page } = await open({ width: 820, height: 1180 });
    const adding = page.locator('[data-bays] ~ form.inline-form');
    await adding.locator('input[name=name]').fill('Пост быстрый');
    // Both taps land before the page has drawn the first one's answer.
    await adding.locator('button[type=submit]').evaluate((button) => {
      (button as unknown as { click: () => void }).click();
      (button as unknown as { click: () => void }).click();
    });
    const named = async () =>
      ((await panel.server.api('GET', `/api/bays?branchId=${panel.server.branch.id}`)).body as { name: string }[]).filter(
        (bay) => bay.name === 'Пост быстрый',
      ).length;
    await expect.poll(named, { timeout: 10_000 }).toBe(1);
    await page.locator('[data-bays] li', { hasText: 'Пост быстрый' }).waitFor();
    await page.waitForTimeout(500);
    expect(await named()).toBe(1);
  });

  it('empties the add-bay box after each bay added, so the next bay starts blank', async () => {
    const { page } = await open({ width: 1180, height: 820 });
    const adding = page.locator('[data-bays] ~ form.inline-form');
    const box = adding.locator('input[name=name]');
    for (const name of ['Пост первый из двух', 'Пост второй из двух']) {
      await box.fill(name);
      await adding.locator('button[type=submit]').click();
      await page.locator('[data-bays] li', { hasText: name }).waitFor({ timeout: 10_000 });
      await expect.poll(() => box.inputValue()).toBe('');
    }
    const bays = (await panel.server.api('GET', `/api/bays?branchId=${panel.server.branch.id}`)).body as { name: string }[];
    expect(bays.filter((bay) => bay.name.endsWith('из двух')).map((bay) => bay.name)).toEqual([
      'Пост первый из двух',
      'Пост второй из двух',
    ]);
  });

  it('opens one branch for a double tap on «Открыть филиал», and the page stays where the finger was', async () => {
    const { page } = await open({ width: 1180, height: 820 });
    await page.locator('.new-branch summary').click();
    const form = page.locator('[data-new-branch-form]');
    await form.locator('input').fill('СТО на Малышева');
    const submit = form.locator('button[type=submit]');
    await submit.scrollIntoViewIfNeeded();
    // The page's window, typed by what is used of it (the tests compile without the DOM's types).
    type Scrolled = { scrollY: number; lowest: number; addEventListener: (type: string, listener: () => void) => void };
    const before = await page.evaluate(() => (globalThis as unknown as Scrolled).scrollY);
    expect(before).toBeGreaterThan(100);
    // The lowest the page scrolled to from here on: a box emptied for a moment pulls it to the top.
    await page.evaluate(() => {
      const w = globalThis as unknown as Scrolled;
      w.lowest = w.scrollY;
      w.addEventListener('scroll', () => (w.lowest = Math.min(w.lowest, w.scrollY)));
    });
    await submit.evaluate((button) => {
      (button as unknown as { click: () => void }).click();
      (button as unknown as { click: () => void }).click();
    });
    const named = async () =>
      ((await panel.server.api('GET', '/api/branches')).body as { name: string }[]).filter((b) => b.name === 'СТО на Малышева')
        .length;
    await expect.poll(named, { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => page.locator('[data-branch-form] [data-field=name]').inputValue(), { timeout: 10_000 })
      .toBe('СТО на Малышева');
    await page.waitForTimeout(500);
    expect(await named()).toBe(1);
    expect(await page.evaluate(() => (globalThis as unknown as Scrolled).lowest)).toBeGreaterThan(before - 100);
  });

  it('ends a user’s sessions from the users list: their token stops working at once', async () => {
    const { page, settings } = await open({ width: 1180, height: 820 });
    const manager = await panel.server.addUser('manager', [panel.server.branch.id]);
    const me = () => panel.server.api('GET', '/api/auth/me', undefined, { authorization: `Bearer ${manager.token}` });
    expect((await me()).status).toBe(200);
    await page.reload();
    await page.locator('[data-settings].is-ready').waitFor();
    const editor = await settings.edit('users', manager.id);
    await expect.poll(() => editor.locator('[data-end-sessions]').textContent()).toBe('Завершить сеансы');
    await screenshot(page, 'settings-end-sessions-1180x820');
    await editor.locator('[data-end-sessions]').click();
    await expect.poll(async () => (await me()).status).toBe(401);
    await page.locator('[data-toast=ok]').waitFor();
    // The owner's own row has no such button: signing out is how one ends one's own session.
    const own = await settings.edit('users', (await panel.server.api('GET', '/api/auth/me')).body.id as string);
    expect(await own.locator('[data-end-sessions]').count()).toBe(0);
  });

  it('sets a new password for a person who forgot theirs: a weak one is refused in words, a good one lets them in and ends their sessions', async () => {
    const { page, settings } = await open(VIEWPORTS.ipadPortrait);
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    const signIn = (password: string) =>
      fetch(`${panel.server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: mechanic.email, password }),
      }).then((response) => response.status);
    await page.reload();
    await page.locator('[data-settings].is-ready').waitFor();
    const editor = await settings.edit('users', mechanic.id);
    const password = editor.locator('[data-field=newPassword]');
    await password.fill('пароль123456');
    await editor.locator('button[type=submit]').click();
    await expect
      .poll(() => editor.locator('[data-error-for=password]').textContent(), { timeout: 10_000 })
      .toMatch(/^Это один из самых частых паролей/);
    await screenshot(page, 'settings-password-refused-820x1180');
    expect(await signIn(mechanic.password)).toBe(200);

    await password.fill('масло меняем каждые 10000');
    await editor.locator('button[type=submit]').click();
    await page.locator('[data-toast=ok]').waitFor();
    await expect.poll(() => signIn('масло меняем каждые 10000'), { timeout: 10_000 }).toBe(200);
    expect(await signIn(mechanic.password)).toBe(401);
    const me = await panel.server.api('GET', '/api/auth/me', undefined, { authorization: `Bearer ${mechanic.token}` });
    expect(me.status).toBe(401);
    // The owner's own row sends them to their profile, where the current password is asked.
    const own = await settings.edit('users', (await panel.server.api('GET', '/api/auth/me')).body.id as string);
    expect(await own.locator('[data-field=newPassword]').count()).toBe(0);
    expect(await own.locator('[data-own-password]').getAttribute('href')).toBe('/account');
  });
});
