import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { OWNER, startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';
import { LoginPage } from './pages/login-page.ts';

const panel = panelSuite();

// Bookings go on a day a few days ahead, each at its own hour, so no test's slot is taken by another's.
const DAYS_AHEAD = 3;
const boardDate = (days = DAYS_AHEAD) => Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days }).toString();
/** The next free hour of each day this file books on. */
const nextHour = new Map<number, number>();
let phone = 0;
/** The number the n-th booking of this file was made with. */
const phoneNumber = (n: number) => `+7926${String(5_000_000 + n).slice(-7)}`;
const book = async (client = 'Ирина Петрова', days = DAYS_AHEAD) => {
  const hour = nextHour.get(days) ?? 9;
  nextHour.set(days, hour + 1);
  const at = `${String(hour).padStart(2, '0')}:00`;
  const response = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start: startAt(panel.server.branch, days, at),
    client: { name: client, phone: phoneNumber(++phone) },
    car: { make: 'Kia', model: 'Rio', plate: `А${100 + phone}ВС77` },
    comment: 'Стучит слева',
    channel: 'telegram',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  await panel.server.waitForProjection();
  return response.body.id as string;
};

/** Where the built panel serves the drag code from (web/dist's manifest names the bundle that holds it). */
const dragScript = () => {
  const manifest = JSON.parse(readFileSync(new URL('../../web/dist/q-manifest.json', import.meta.url), 'utf8')) as {
    bundles: Record<string, { origins?: string[] }>;
  };
  const found = Object.entries(manifest.bundles).find(([, bundle]) =>
    bundle.origins?.some((origin) => origin.endsWith('src/lib/board-drag.ts')),
  );
  if (!found) throw new Error('no bundle of the panel holds src/lib/board-drag.ts');
  return `/build/${found[0]}`;
};

const statusInReadModel = async (id: string) =>
  (await panel.server.runtime.pool.query<{ status: string }>('SELECT status FROM rm.bookings WHERE id = $1', [id])).rows[0]
    ?.status;

const waitForStatus = async (id: string, status: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await statusInReadModel(id);
    if (found === status || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe.skipIf(SKIP_BROWSER)('Panel: sign-in and access', () => {
  it('sends /board without a session to the login page, with no panel data in the answer', async () => {
    const redirect = await fetch(`${panel.server.url}/board`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/login?next=%2Fboard');
    expect(await redirect.text()).not.toContain('data-card-id');

    const page = await panel.open(VIEWPORTS.ipadLandscape, { token: null });
    await page.goto(`${panel.server.url}/board`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await new LoginPage(page, panel.server.url).form.waitFor();
  });

  it('signs in on the login page and lands on the board with the owner’s navigation', async () => {
    const page = await panel.open(VIEWPORTS.ipadPortrait, { token: null });
    const login = new LoginPage(page, panel.server.url);
    await login.goto('/board');
    await screenshot(page, 'login-820x1180');
    await login.signIn(OWNER.email, 'wrong-password');
    await expect.poll(() => login.error().textContent()).toContain('Неверная почта или пароль');
    await login.signIn(OWNER.email, OWNER.password);
    await page.waitForURL(/\/board/);
    const board = new BoardPage(page, panel.server.url);
    await board.waitReady();
    await page.locator('[data-nav=settings]').waitFor();
    expect(await page.locator('[data-nav]').evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')))).toEqual([
      'today',
      'board',
      'calendar',
      'clients',
      'inbox',
      'tasks',
      'reports',
      'import',
      'staff',
      'compliance',
      'settings',
    ]);
  });

  it('shows a mechanic only their day, the board, the calendar and their tasks', async () => {
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    const page = await panel.open(VIEWPORTS.ipadLandscape, { token: mechanic.token });
    await new BoardPage(page, panel.server.url).goto({ date: boardDate() });
    await page.locator('[data-nav=calendar]').waitFor();
    expect(await page.locator('[data-nav]').evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')))).toEqual([
      'today',
      'board',
      'calendar',
      'tasks',
    ]);
  });
});

describe.skipIf(SKIP_BROWSER)('Panel: kanban board', () => {
  it('renders the day’s cards in the server’s first answer, in the chosen language, before any script runs', async () => {
    const id = await book('Олег Первоответов');
    const render = (cookie: string) =>
      fetch(`${panel.server.url}/board?date=${boardDate()}`, {
        headers: { cookie: `zero_session=${panel.server.token}${cookie}` },
      });
    const russian = await render('');
    expect(russian.status).toBe(200);
    // The page holds clients' names: no cache may keep it. It is compressed for a browser that asks.
    expect(russian.headers.get('cache-control')).toBe('no-store');
    expect(russian.headers.get('content-encoding')).toMatch(/^(br|gzip)$/);
    const html = await russian.text();
    expect(html).toContain(`data-card-id="${id}"`);
    expect(html).toContain('Олег Первоответов');
    expect(html).toMatch(/<html lang="ru"/);
    expect(html).toContain('>Новые<');
    expect(html).toMatch(/class="board is-ready"/);

    const english = await (await render('; zero_lang=en')).text();
    expect(english).toMatch(/<html lang="en"/);
    expect(english).toContain('>New<');
    expect(english).not.toContain('>Новые<');
    expect(english).toContain(`data-card-id="${id}"`);
  });

  it('shows the five columns with counts and the card’s time, service, car, client, channel and waiting time', async () => {
    const id = await book('Андрей Смирнов');
    const page = await panel.open(VIEWPORTS.ipadLandscape);
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    const headings = await page.locator('.column-head h2').allTextContents();
    expect(headings).toEqual(['Новые', 'Подтверждены', 'В работе', 'Выполнены', 'Отменены']);
    const card = board.cardIn('New', id);
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('Замена масла');
    expect(text).toContain('Андрей Смирнов');
    expect(text).toContain('Kia Rio');
    expect(text).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}/);
    expect(text).toContain('ждёт');
    expect(await card.locator('.channel-telegram').count()).toBe(1);
    // The channel and the waiting clock are drawn (a mask from the stylesheet, at their size), and the channel is named.
    const icons = await card.locator('.icon').evaluateAll((elements) =>
      elements.map((element) => {
        const style = element.ownerDocument.defaultView!.getComputedStyle(element);
        return { mask: style.maskImage, width: style.width, label: element.getAttribute('aria-label') };
      }),
    );
    expect(icons).toEqual([
      { mask: expect.stringMatching(/^url\("data:image\/svg\+xml,/), width: '16px', label: 'Telegram' },
      { mask: expect.stringMatching(/^url\("data:image\/svg\+xml,/), width: '14px', label: null },
    ]);
    expect(await board.count('New')).toBeGreaterThanOrEqual(1);
    await expectTabletFriendly(page);
    await screenshot(page, 'board-1180x820');
  });

  it('moves a card from Новые to Подтверждены with the mouse and the read model follows', async () => {
    const id = await book();
    const page = await panel.open(VIEWPORTS.desktop);
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.cardIn('New', id).waitFor();
    const before = await board.count('Confirmed');
    await board.dragWithMouse(id, 'Confirmed');
    await board.cardIn('Confirmed', id).waitFor({ timeout: 10_000 });
    expect(await waitForStatus(id, 'Confirmed')).toBe('Confirmed');
    expect(await board.count('Confirmed')).toBe(before + 1);
    // The live feed confirms the saved status; the card stays put.
    await page.waitForTimeout(500);
    expect(await board.cardIn('Confirmed', id).count()).toBe(1);
  });

  it('moves a card with real touch events on a tablet (820x1180)', async () => {
    const id = await book('Ольга Кузнецова');
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.cardIn('New', id).waitFor();
    await board.dragWithTouch(page.context(), id, 'Confirmed');
    await board.cardIn('Confirmed', id).waitFor({ timeout: 10_000 });
    expect(await waitForStatus(id, 'Confirmed')).toBe('Confirmed');
    await expectTabletFriendly(page);
    // Five columns side by side: every column's count sits where the others' do (none wrapped alone).
    const counts = await page.locator('.column-head').evaluateAll((all) =>
      all.map((head) => {
        const [name, count] = [head.querySelector('h2')!, head.querySelector('[data-count]')!].map((el) =>
          el.getBoundingClientRect(),
        );
        return `${Math.round(count!.top - name!.top)} ${Math.round(count!.left - head.getBoundingClientRect().left)}`;
      }),
    );
    expect(new Set(counts).size, counts.join(' | ')).toBe(1);
    await screenshot(page, 'board-820x1180');
  });

  it('loads the drag code only on the first press, and that press still picks the card up (Android, touch)', async () => {
    const id = await book('Семён Лазарев', DAYS_AHEAD + 1);
    const page = await panel.open(VIEWPORTS.android, { touch: true });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate(DAYS_AHEAD + 1) });
    await board.cardIn('New', id).waitFor();
    expect(requested).not.toContain(dragScript());
    await board.dragWithTouch(page.context(), id, 'Confirmed');
    expect(requested).toContain(dragScript());
    await board.cardIn('Confirmed', id).waitFor({ timeout: 10_000 });
    expect(await waitForStatus(id, 'Confirmed')).toBe('Confirmed');
  });

  it('keeps a first tap a tap while the drag code loads: the card opens and nothing stays picked up', async () => {
    const id = await book('Зоя Миронова', DAYS_AHEAD + 1);
    const page = await panel.open(VIEWPORTS.ipadLandscape, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate(DAYS_AHEAD + 1) });
    await board.card(id).tap();
    await page.locator('[data-booking-dialog][open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-booking-dialog][open]').waitFor({ state: 'detached' });
    await page.mouse.move(10, 10, { steps: 4 });
    expect(await page.locator('.card-chosen, .card-drag').count()).toBe(0);
    expect(await board.cardIn('New', id).count()).toBe(1);
    // The code the tap loaded drags the next press as usual.
    await board.dragWithTouch(page.context(), id, 'Confirmed');
    expect(await waitForStatus(id, 'Confirmed')).toBe('Confirmed');
  });

  it('snaps a refused move back and says why', async () => {
    const id = await book();
    const page = await panel.open(VIEWPORTS.desktop);
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.cardIn('New', id).waitFor();
    await board.dragWithMouse(id, 'Done');
    await board.toast().waitFor({ timeout: 3000 });
    expect(await board.toast().textContent()).toContain('Нельзя перевести запись из «Новая» в «Выполнена»');
    await board.cardIn('New', id).waitFor({ timeout: 10_000 });
    expect(await board.cardIn('Done', id).count()).toBe(0);
    expect(await statusInReadModel(id)).toBe('New');
  });

  it('lets a mechanic drag a job only to start or finish it; a drop on «Подтверждены» snaps back and says whose it is', async () => {
    const id = await book('Пётр Мамонов');
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true, token: mechanic.token });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.cardIn('New', id).waitFor();
    await board.dragWithTouch(page.context(), id, 'Confirmed');
    await board.toast().waitFor({ timeout: 3000 });
    expect(await board.toast().textContent()).toContain('Подтверждает и отменяет записи администратор');
    await board.cardIn('New', id).waitFor({ timeout: 10_000 });
    expect(await statusInReadModel(id)).toBe('New');
    // Once the desk has confirmed it (the board follows live), the mechanic takes it into work by touch.
    const confirmed = await panel.server.api('POST', `/api/bookings/${id}/status`, { status: 'Confirmed' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    await board.cardIn('Confirmed', id).waitFor({ timeout: 10_000 });
    await board.dragWithTouch(page.context(), id, 'InProgress');
    expect(await waitForStatus(id, 'InProgress')).toBe('InProgress');
  });

  it('tells on the card of a job still under way after its booked end how long it has overrun', async () => {
    // A day of its own: the file's main day has no free hour left for one more job.
    const days = DAYS_AHEAD + 2;
    const id = await book('Тимур Затянувшийся', days);
    for (const status of ['Confirmed', 'InProgress']) {
      const moved = await panel.server.api('POST', `/api/bookings/${id}/status`, { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    await panel.server.waitForProjection();
    const day = await panel.server.api('GET', `/api/board?branchId=${panel.server.branch.id}&date=${boardDate(days)}`);
    const cards = (day.body.columns as { cards: { id: string; end: string }[] }[]).flatMap((column) => column.cards);
    const end = Date.parse(cards.find((card) => card.id === id)!.end);
    for (const [name, viewport] of [
      ['820x1180', VIEWPORTS.ipadPortrait],
      ['1180x820', VIEWPORTS.ipadLandscape],
      ['1280x800', VIEWPORTS.android],
    ] as const) {
      const page = await panel.open(viewport, { touch: true });
      // The tablet's clock, half a minute before 1 h 25 min after the booked end. The day comes drawn
      // at the server's moment (days before the job); the board's own clock ticks every 30 s.
      await page.clock.install({ time: end + 85 * 60_000 - 30_000 });
      const board = new BoardPage(page, panel.server.url);
      await board.goto({ date: boardDate(days) });
      const card = board.cardIn('InProgress', id);
      await card.waitFor();
      await page.clock.runFor(30_000);
      await card.locator('[data-overran]').waitFor();
      expect((await card.locator('[data-overran]').textContent())?.trim()).toBe('дольше плана на 1 ч 25 мин');
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, `board-overran-${name}`);
    }
  });

  // How fast is the bench's business (ops/bench/push-latency.ts); here: live, highlighted, same document.
  it('shows a booking created through the API on an open board live, highlighted, without reload', async () => {
    const page = await panel.open(VIEWPORTS.android);
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await page.evaluate('window.__sameDocument = true');
    const id = await book('Пётр Новиков');
    await board.cardIn('New', id).waitFor({ timeout: 10_000 });
    expect(await board.card(id).getAttribute('class')).toContain('is-fresh');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await expectTabletFriendly(page);
    await screenshot(page, 'board-1280x800');
  });

  it('opens the card dialog with a call button, history and quick status buttons, and cancels with a reason', async () => {
    const id = await book('Мария Иванова');
    const page = await panel.open(VIEWPORTS.ipadLandscape);
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.openCard(id);
    const dialog = board.dialog();
    expect(await dialog.locator('.dialog-title').textContent()).toBe('Мария Иванова');
    // The phone is masked until a call reveals it; the button dials, it is no plain tel: link.
    expect(await board.callButton().textContent()).toMatch(/Позвонить \+7 \*\*\* \*\*\*-\*\*-\d{2}$/);
    expect(await board.callButton().getAttribute('href')).toBeNull();
    expect(await dialog.textContent()).not.toMatch(/7926\d{7}/);
    await dialog.locator('[data-history] li').first().waitFor();
    expect(await dialog.locator('[data-history]').textContent()).toContain('Запись создана');
    expect(await dialog.textContent()).toContain('Стучит слева');
    await screenshot(page, 'card-dialog-1180x820');

    await dialog.locator('[data-action=Confirmed]').click();
    await expect.poll(() => dialog.locator('[data-dialog-status]').textContent()).toBe('Подтверждена');
    expect(await waitForStatus(id, 'Confirmed')).toBe('Confirmed');
    await expect.poll(() => dialog.locator('[data-history]').textContent(), { timeout: 5000 }).toContain('Подтверждена');

    await dialog.locator('[data-action=Cancelled]').click();
    await dialog.locator('[data-reason=no_show]').click();
    expect(await waitForStatus(id, 'Cancelled')).toBe('Cancelled');
    await expect.poll(() => dialog.locator('[data-dialog-status]').textContent()).toBe('Отменена');
    await page.keyboard.press('Escape');
    await board.cardIn('Cancelled', id).waitFor();
  });

  it('calls the client with one tap from the card dialog: masked phone, one access-log entry, then tel:', async () => {
    const id = await book('Глеб Орлов');
    const number = phoneNumber(phone);
    const clientId = (await panel.server.api('GET', `/api/bookings/${id}`)).body.clientId as string;
    const officer = await panel.server.addUser('compliance');
    const reveals = async () => {
      const log = await panel.server.api('GET', `/api/compliance/access-log?clientId=${clientId}`, undefined, {
        authorization: `Bearer ${officer.token}`,
      });
      expect(log.status).toBe(200);
      return (log.body.entries as { action: string }[]).filter((entry) => entry.action === 'phone-reveal');
    };
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.openCard(id);
    expect(await board.callButton().textContent()).toContain(`Позвонить +7 *** ***-**-${number.slice(-2)}`);
    expect(await board.dialog().textContent()).not.toContain(number.slice(2));
    expect(await reveals()).toHaveLength(0);
    await expectTabletFriendly(page);
    await screenshot(page, 'card-call-masked-820x1180');

    expect(await board.callFromDialog(page.context())).toBe(`tel:${number}`);
    const logged = await reveals();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ role: 'owner', clientIds: [clientId], details: { bookingId: id } });
    // The revealed number stays on the card: calling again dials it without another reveal.
    await expect.poll(() => board.callButton().getAttribute('href')).toBe(`tel:${number}`);
    // Shown as a person writes it: «+7 926 500-00-01».
    const written = `+7 ${number.slice(2, 5)} ${number.slice(5, 8)}-${number.slice(8, 10)}-${number.slice(10)}`;
    expect(await board.callButton().textContent()).toContain(written);
    expect(await reveals()).toHaveLength(1);
  });

  it('shows a mechanic the masked phone with no way to reveal it', async () => {
    const id = await book('Лев Яшин');
    const mechanic = await panel.server.addUser('mechanic', [panel.server.branch.id]);
    const page = await panel.open(VIEWPORTS.ipadLandscape, { token: mechanic.token });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.openCard(id);
    expect(await board.dialog().locator('[data-masked-phone]').textContent()).toContain(
      `+7 *** ***-**-${phoneNumber(phone).slice(-2)}`,
    );
    expect(await board.callButton().count()).toBe(0);
    expect(await board.dialog().textContent()).not.toContain(phoneNumber(phone).slice(2));
    // A new booking is the desk's to confirm or cancel: the mechanic is offered neither (the server refuses both).
    expect(await board.dialog().locator('[data-action]').count()).toBe(0);
  });

  it('records «Не ответил» from the card dialog on a tablet; card and dialog show it after a reload', async () => {
    const id = await book('Денис Фролов');
    const page = await panel.open(VIEWPORTS.ipadPortrait, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await board.openCard(id);
    await board.recordCall('no_answer');
    await expect.poll(() => board.dialogLastCall().getAttribute('data-last-call')).toBe('no_answer');
    expect(await board.dialogLastCall().textContent()).toContain('Не ответил');
    expect(await board.dialog().locator('[data-call-outcome=no_answer]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => board.dialog().locator('[data-history]').textContent(), { timeout: 5000 }).toContain('Звонок');
    expect(await board.dialog().locator('[data-history]').textContent()).toContain('Не ответил');
    const { rows } = await panel.server.runtime.pool.query<{ last_call_outcome: string }>(
      'SELECT last_call_outcome FROM rm.bookings WHERE id = $1',
      [id],
    );
    expect(rows[0]?.last_call_outcome).toBe('no_answer');
    await expectTabletFriendly(page);
    await screenshot(page, 'card-call-outcome-820x1180');

    await page.reload();
    await board.waitReady();
    expect(await board.cardLastCall(id).textContent()).toContain('Не ответил');
    await screenshot(page, 'board-call-badge-820x1180');
    await board.openCard(id);
    await expect.poll(() => board.dialogLastCall().textContent()).toContain('Не ответил');
  });

  it('switches the panel to English and back', async () => {
    const page = await panel.open(VIEWPORTS.ipadLandscape);
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: boardDate() });
    await page.locator('[data-lang-switch]').click();
    await expect.poll(() => page.locator('.column-head h2').first().textContent()).toBe('New');
    await page.reload();
    await board.waitReady();
    await expect.poll(() => page.locator('.column-head h2').first().textContent()).toBe('New');
    await page.locator('[data-lang-switch]').click();
    await expect.poll(() => page.locator('.column-head h2').first().textContent()).toBe('Новые');
  });
});
