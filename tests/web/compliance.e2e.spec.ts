import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_VERSION } from '../../conversation/consent.ts';
import { dueDateOf } from '../../domain/compliance/requests.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, VIEWPORTS, type Viewport } from './browser.ts';
import { CompliancePage, type ComplianceTab } from './pages/compliance-page.ts';
import { LoginPage } from './pages/login-page.ts';

/**
 * The compliance officer's page in a real Chromium against the real server: signing in lands on
 * /compliance, subject requests with their working-day due dates, the access log with the chain
 * check, a client's consent history from the bot and the panel, erasure with its act, and a
 * manager kept out.
 */

const panel = panelSuite();
let bot: BotHarness;

const OFFICER = { email: 'dpo@compliance.test', name: 'Ольга Ответственная', password: 'officer-password-1' };
const MANAGER = { email: 'manager@compliance.test', name: 'Марат Менеджеров', password: 'desk-password-of-marat' };
let officerToken: string;
let officerId: string;
let managerToken: string;

const as = (token: string, method: string, path: string, body?: unknown) =>
  panel.server.api(method, path, body, { authorization: `Bearer ${token}` });

let hour = 9;
/** A booking by phone for a new client; returns the client's id. */
const seedClient = async (name: string, phone: string) => {
  const booked = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start: startAt(panel.server.branch, 4, `${String(hour++).padStart(2, '0')}:00`),
    client: { name, phone },
    car: { make: 'Lada', model: 'Vesta', plate: `О${100 + hour}ОО77` },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await panel.server.waitForProjection();
  const { rows } = await panel.server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [name]);
  return rows[0]!.id;
};

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  // The demo organization has no officer: the owner adds one, as a station would in settings.
  for (const [user, role, branchIds] of [
    [OFFICER, 'compliance', []],
    [MANAGER, 'manager', [panel.server.branch.id]],
  ] as const) {
    const created = await panel.server.api('POST', '/api/users', { ...user, role, branchIds });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  officerToken = await panel.server.login(OFFICER.email, OFFICER.password);
  officerId = (await panel.server.api('GET', '/api/auth/me', undefined, { authorization: `Bearer ${officerToken}` })).body.id;
  managerToken = await panel.server.login(MANAGER.email, MANAGER.password);
  bot = await startBotHarness({ server: panel.server });
}, 300_000);

afterAll(async () => {
  await bot?.stop();
});

const open = async (viewport: Viewport, token: string | null = officerToken) => {
  const page = await panel.open(viewport, { token });
  return { page, compliance: new CompliancePage(page, panel.server.url) };
};

describe.skipIf(SKIP_BROWSER)('Compliance page: the officer', () => {
  it('signs in on the login page and lands on /compliance, on the requests tab, with only that section', async () => {
    const { page, compliance } = await open(VIEWPORTS.ipadLandscape, null);
    const login = new LoginPage(page, panel.server.url);
    await login.goto();
    await login.signIn(OFFICER.email, OFFICER.password);
    await page.waitForURL(/\/compliance/);
    await compliance.waitReady('requests');
    expect(await page.locator('[data-nav]').evaluateAll((links) => links.map((link) => link.getAttribute('data-nav')))).toEqual([
      'compliance',
    ]);
    expect(await page.locator('[data-cp-tab].active').getAttribute('data-cp-tab')).toBe('requests');
  });

  it('registers an access request received on a Friday before a holiday and shows the API’s due date, overdue in red', async () => {
    const clientId = await seedClient('Зинаида Эрастовна Пыжова', '+79161230001');
    const { compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('requests');
    // Friday 8 May 2026; Monday 11 May is the moved Victory Day holiday.
    await compliance.registerRequest({
      clientId,
      kind: 'access',
      channel: 'mail',
      evidence: 'signed-letter',
      receivedAt: '2026-05-08T10:00',
    });
    await expect.poll(() => compliance.toast().textContent()).toContain('Запрос зарегистрирован');

    const listed = (await as(officerToken, 'GET', `/api/compliance/requests?clientId=${clientId}`)).body.requests;
    expect(listed).toHaveLength(1);
    const request = listed[0];
    expect(request).toMatchObject({ kind: 'access', receivedDate: '2026-05-08', channel: 'mail' });
    expect(request.dueDate).toBe(dueDateOf('access', '2026-05-08'));
    expect(request.dueDate).toBe('2026-05-25');

    const row = compliance.request(request.id);
    await row.waitFor();
    expect(await row.locator('[data-due]').getAttribute('data-due')).toBe(request.dueDate);
    expect(await row.locator('[data-due]').textContent()).toContain('25.05.2026');
    // Long past its due date: the row is marked and the countdown says by how much.
    expect(await row.getAttribute('class')).toContain('is-overdue');
    expect(await row.locator('[data-countdown=overdue]').textContent()).toMatch(/просрочен на \d+ раб\. дн\./);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('open');

    // Extended once with a reason: 5 more working days, shown in place.
    await row.locator(`[data-extend="${request.id}"]`).click();
    await row.locator('[data-act-form=extend] [data-field=reason]').fill('Запрошены записи из архива филиала');
    await row.locator('[data-act-form=extend] button[type=submit]').click();
    await expect.poll(() => row.locator('[data-due]').textContent()).toContain('01.06.2026');
    expect(await row.locator('[data-due]').getAttribute('data-due')).toBe('2026-06-01');
    expect(await row.locator('[data-status]').textContent()).toBe('Продлён');
    expect(await row.locator(`[data-extend="${request.id}"]`).count()).toBe(0);
  });

  it('prepares, reviews and releases the answer to an access request by post: it closes as answered, ready to hand over', async () => {
    const name = 'Прасковья Ответова';
    const clientId = await seedClient(name, '+79161230005');
    const registered = await as(officerToken, 'POST', '/api/compliance/requests', {
      clientId,
      kind: 'access',
      channel: 'mail',
      evidence: 'signed-letter',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const { page, compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('requests');
    const row = compliance.request(registered.body.id);
    await row.locator('[data-countdown=running]').waitFor();
    expect(await row.getAttribute('class')).toBeNull();

    await row.locator('[data-trail-prepare]').click();
    await row.locator('[data-trail=draft]').waitFor();
    // Nothing leaves before the officer has read the draft.
    expect(await row.locator('[data-trail-release]').isDisabled()).toBe(true);
    const [review] = await Promise.all([page.context().waitForEvent('page'), row.locator('[data-trail-review]').click()]);
    await review.waitForLoadState();
    expect(await review.content()).toContain(name);
    await review.close();
    await row.locator('[data-trail-release]').click();
    await expect.poll(() => compliance.toast().textContent()).toContain('Ответ выпущен');

    const answered = (await as(officerToken, 'GET', `/api/compliance/requests?clientId=${clientId}`)).body.requests[0];
    expect(answered).toMatchObject({ status: 'done', outcome: 'answered', trail: { status: 'released' } });
    expect(answered.trail.delivery).toMatchObject({ channel: 'download', status: 'ready' });
    // Closed, it leaves the open list and shows in the full one with its delivery.
    await row.waitFor({ state: 'detached' });
    await page.locator('[data-requests-filter=all]').click();
    await row.locator('[data-trail=released]').waitFor();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('done');
    // When it was closed, on the station's clock: the officer's proof the deadline was met.
    expect(await row.locator('[data-closed-at]').textContent()).toMatch(/^закрыт \d/);
    expect(await row.locator('[data-trail-download]').getAttribute('href')).toBe(answered.trail.links.download);
  });

  it('lists the manager’s phone reveal in the access log with their name and role, and the chain check passes', async () => {
    const clientId = await seedClient('Аристарх Ревилов', '+79161230002');
    const revealed = await as(managerToken, 'POST', `/api/clients/${clientId}/reveal-phone`);
    expect(revealed.status).toBe(200);

    const { page, compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('logs');
    const entry = compliance.logRows().filter({ has: page.locator(`[data-client-chip="${clientId}"]`) });
    await entry.first().waitFor();
    expect(await entry.count()).toBe(1);
    expect(await entry.getAttribute('data-action')).toBe('phone-reveal');
    const text = await entry.textContent();
    expect(text).toContain(MANAGER.name);
    expect(text).toContain('Менеджер');
    expect(text).toContain('Показал номер');
    expect(await compliance.chain().getAttribute('data-chain')).toBe('ok');
    expect(await compliance.chain().textContent()).toContain('Цепочка хешей цела');
    expect((await as(officerToken, 'GET', '/api/compliance/verify')).body.ok).toBe(true);

    // The security log: the officer's own reading of the access log is there.
    await page.locator('[data-log-switch=security]').click();
    await page.locator('[data-logs=security] [data-log-entries] tr[data-action=log-read]').first().waitFor();
  });

  it('shows a client’s consent history: the bot’s consent and the paper one recorded and withdrawn in the panel', async () => {
    const user = newUser('Фекла', 'Согласнова');
    await bot.link(user, phoneFor(user));
    // She books at the manager's branch: a manager limited to it takes paper consents of its clients only.
    const clientId = await seedClient('Фекла Согласнова', phoneFor(user));
    const paper = { purpose: 'marketing', noticeVersion: 'paper-2026-1', textHash: 'ab'.repeat(32) };
    expect((await as(managerToken, 'POST', `/api/clients/${clientId}/consents`, paper)).status).toBe(201);
    expect((await as(managerToken, 'POST', `/api/clients/${clientId}/consents/withdraw`, { purpose: 'marketing' })).status).toBe(
      200,
    );

    const { page, compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('client', { id: clientId });
    expect(await page.locator('[data-client-name]').textContent()).toBe('Фекла Согласнова');
    const history = await compliance
      .consentHistory()
      .evaluateAll((items) => items.map((item) => [item.getAttribute('data-event'), item.getAttribute('data-purpose')]));
    expect(history).toEqual([
      ['ConsentWithdrawn', 'marketing'],
      ['ConsentGiven', 'marketing'],
      ['ConsentGiven', 'personal-data'],
    ]);
    // Who recorded each change: the manager at the desk, or the client in the bot.
    expect(
      await compliance
        .consentHistory()
        .evaluateAll((items) => items.map((item) => item.querySelector('[data-source]')?.getAttribute('data-source'))),
    ).toEqual(['staff', 'staff', 'bot']);
    const texts = await compliance.consentHistory().allTextContents();
    expect(texts[1]).toContain('paper-2026-1');
    expect(texts[2]).toContain(NOTICE_VERSION);
    expect(texts[2]).toContain('Обработка для записи');
    expect(await page.locator('[data-consent-current] [data-purpose=personal-data]').getAttribute('data-consent-status')).toBe(
      'given',
    );
    expect(await page.locator('[data-consent-current] [data-purpose=marketing]').getAttribute('data-consent-status')).toBe(
      'withdrawn',
    );
    // Blocking while something is checked, and back; the card says which it is.
    await page.locator('[data-block-form] button[type=submit]').click();
    await expect.poll(() => page.locator('[data-blocked]').textContent()).toBe('Заблокирован');
    expect((await as(managerToken, 'GET', `/api/clients/${clientId}`)).body.code).toBe('CLIENT_BLOCKED');
    await page.locator('[data-unblock]').click();
    await expect.poll(() => page.locator('[data-blocked]').textContent()).toBe('Обрабатывается');
    expect((await as(managerToken, 'GET', `/api/clients/${clientId}`)).status).toBe(200);

    // A paper consent is filled in with the station's wording of that purpose, by its SHA-256.
    const wordings = (await as(officerToken, 'GET', '/api/compliance/texts')).body.texts as { key: string; sha256: string }[];
    const wording = wordings.find((text) => text.key === 'consent-personal-data')!;
    await expect.poll(() => page.locator('[data-paper-form] [data-field=hash]').inputValue()).toBe(wording.sha256);
    // The officer records a paper marketing consent handed in with a request.
    const form = page.locator('[data-paper-form]');
    await form.locator('select').selectOption('marketing');
    await form.locator('[data-field=version]').fill('paper-2026-2');
    await form.locator('[data-field=hash]').fill('cd'.repeat(32));
    await form.locator('button[type=submit]').click();
    await expect.poll(() => compliance.consentHistory().count()).toBe(4);
    const registry = (await as(officerToken, 'GET', `/api/compliance/consents?clientId=${clientId}`)).body;
    const marketing = registry.consents.find((consent: { purpose: string }) => consent.purpose === 'marketing');
    expect(marketing).toMatchObject({ status: 'given', noticeVersion: 'paper-2026-2' });
    expect(marketing.history.at(-1)).toMatchObject({ event: 'ConsentGiven', by: officerId });
  });

  it('erases a seeded client after the typed confirmation: the act is in Acts and the name is gone from the client list', async () => {
    const name = 'Эраст Удалов';
    const clientId = await seedClient(name, '+79161230003');
    // He asked for a copy of his data first: the erasure warns that it would leave that unanswered.
    const asked = await as(officerToken, 'POST', '/api/compliance/requests', {
      clientId,
      kind: 'access',
      channel: 'in-person',
      evidence: 'document-in-person',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const { page, compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('client', { id: clientId });
    expect(await page.locator('[data-client-name]').textContent()).toBe(name);

    const dialog = await compliance.erase('УДАЛИТЬ');
    expect(await dialog.locator('[data-erase-open-access]').textContent()).toContain('ответ на него не выпущен');
    expect(await dialog.locator('[data-erase-submit]').isDisabled()).toBe(true);
    await dialog.locator('[data-erase-confirm]').fill('УНИЧТОЖИТЬ');
    await dialog.locator('[data-erase-submit]').click();

    const actLink = page.locator('[data-client-missing] [data-act-link]');
    await actLink.waitFor({ timeout: 20_000 });
    const href = (await actLink.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/compliance\/acts\/[0-9a-f-]{36}\?format=html$/);
    const act = await fetch(`${panel.server.url}${href}`, { headers: { authorization: `Bearer ${officerToken}` } });
    expect(act.status).toBe(200);
    expect(await act.text()).toContain(clientId);

    await compliance.openTab('acts');
    await compliance.act(clientId).waitFor();
    expect(await compliance.act(clientId).locator('[data-act-html]').getAttribute('href')).toBe(href);
    // The list names the act by its number, as the act itself does.
    expect(await compliance.act(clientId).locator('[data-act-number]').textContent()).toMatch(/^\d+$/);

    const everyone = (await panel.server.api('GET', '/api/clients')).body.clients as { name: string | null }[];
    expect(everyone.map((client) => client.name)).not.toContain(name);
    expect((await panel.server.api('GET', `/api/clients?q=${encodeURIComponent('Удалов')}`)).body.clients).toEqual([]);
  });
});

describe.skipIf(SKIP_BROWSER)('Compliance page: incidents', () => {
  it('registers an incident, counts down its 24 h and 72 h deadlines, records the notices in order and tells who is touched', async () => {
    await seedClient('Евдоким Затронутов', '+79161230006');
    const { page, compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('incidents');
    const detected = Temporal.Now.zonedDateTimeISO(panel.server.branch.timeZone).subtract({ hours: 3 });
    await page.locator('[data-register-incident]').click();
    const form = page.locator('[data-incident-form]');
    await form.locator('select').first().selectOption('leak');
    await form.locator('[data-field=detectedAt]').fill(detected.toPlainDateTime().toString().slice(0, 16));
    await form.locator('[data-field=summary]').fill('Выгрузка клиентов отправлена не на тот адрес');
    await form.locator(`[data-branch="${panel.server.branch.id}"]`).check();
    await form.locator('button[type=submit]').click();
    await form.waitFor({ state: 'detached' });

    const incidents = (await as(officerToken, 'GET', '/api/compliance/incidents')).body.incidents as any[];
    const incident = incidents.find((one) => one.summary === 'Выгрузка клиентов отправлена не на тот адрес');
    expect(incident).toMatchObject({ kind: 'leak', scope: { branchIds: [panel.server.branch.id] } });
    expect(Date.parse(incident.deadlines.initial.dueAt) - Date.parse(incident.detectedAt)).toBe(24 * 3_600_000);
    expect(Math.abs(Date.parse(incident.detectedAt) - detected.epochMilliseconds)).toBeLessThan(60_000);

    const card = page.locator(`[data-incident-id="${incident.id}"]`);
    const initial = card.locator('[data-deadline=initial]');
    const followUp = card.locator('[data-deadline=follow-up]');
    await initial.waitFor();
    expect(await initial.getAttribute('data-deadline-state')).toBe('running');
    expect(await initial.textContent()).toMatch(/осталось (20|21) ч \d\d мин/);
    expect(await card.locator('[data-notice=follow-up]').count()).toBe(0);

    await card.locator('[data-notice=initial]').click();
    await expect.poll(() => card.locator('[data-deadline=initial]').getAttribute('data-deadline-state')).toBe('sent');
    expect(await card.locator('[data-deadline=initial]').textContent()).toContain('отправлено');
    await card.locator('[data-notice=follow-up]').click();
    await expect.poll(() => card.locator('[data-deadline=follow-up]').getAttribute('data-deadline-state')).toBe('sent');
    expect(await followUp.textContent()).toContain('отправлено');

    await card.locator(`[data-affected="${incident.id}"]`).click();
    const affected = (await as(officerToken, 'GET', `/api/compliance/incidents/${incident.id}/affected`)).body;
    expect(affected.clients).toBeGreaterThan(0);
    await expect.poll(() => card.locator('[data-affected-result]').textContent()).toContain(`Клиентов: ${affected.clients}.`);
    expect(await card.locator('[data-affected-result] [data-client-chip]').count()).toBe(Math.min(affected.clients, 20));
  });
});

describe.skipIf(SKIP_BROWSER)('Compliance page: the station’s texts', () => {
  it('saves the officer’s wording and shows its new version and the SHA-256 of exactly that text', async () => {
    const { page, compliance } = await open(VIEWPORTS.ipadLandscape);
    await compliance.goto('texts');
    const card = page.locator('[data-text-key=operator]');
    expect(await card.locator('[data-text-version]').getAttribute('data-text-version')).toBe('');
    const wording = 'ООО «Демо СТО», 123456, г. Москва, ул. Ленина, д. 1; ИНН 7700000000, ОГРН 1027700000000.';
    await card.locator('[data-edit-text=operator]').click();
    await card.locator('[data-text-draft]').fill(wording);
    await card.locator('[data-save-text]').click();
    await expect.poll(() => card.locator('[data-text-version]').getAttribute('data-text-version')).not.toBe('');
    const stored = (await as(officerToken, 'GET', '/api/compliance/texts')).body.texts.find(
      (text: any) => text.key === 'operator',
    );
    expect(stored).toMatchObject({ text: wording, isDefault: false });
    expect(stored.sha256).toBe(createHash('sha256').update(wording).digest('hex'));
    expect(await card.locator('[data-text-hash]').textContent()).toBe(stored.sha256);
    expect(await card.locator('.cp-text').textContent()).toBe(wording);
  });
});

describe.skipIf(SKIP_BROWSER)('Compliance page: everyone else', () => {
  it('shows a manager a clear «no access» message, because the API refuses them', async () => {
    expect((await as(managerToken, 'GET', '/api/compliance/requests')).status).toBe(403);
    expect((await as(managerToken, 'GET', '/api/compliance/access-log')).status).toBe(403);
    const { page, compliance } = await open(VIEWPORTS.ipadLandscape, managerToken);
    await page.goto(`${panel.server.url}/compliance?tab=logs`);
    await compliance.noAccess().waitFor({ timeout: 15_000 });
    expect(await compliance.noAccess().textContent()).toContain('Нет доступа');
    expect(await page.locator('[data-cp-tab], [data-log-entries], [data-request-list]').count()).toBe(0);
    await screenshot(page, 'compliance-no-access-1180x820');
  });
});

describe.skipIf(SKIP_BROWSER)('Compliance page: tablet layouts', () => {
  it('fits every tab at 1180x820 and 1280x800 without sideways scrolling, with 44 px touch targets', async () => {
    const clientId = await seedClient('Людмила Макетова', '+79161230004');
    const incident = await panel.server.api('POST', '/api/compliance/incidents', {
      kind: 'loss',
      summary: 'Утерян планшет менеджера с открытой панелью',
      detectedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      scope: { branchIds: [panel.server.branch.id] },
      categories: ['name', 'phone', 'plate'],
    });
    expect(incident.status, JSON.stringify(incident.body)).toBe(201);
    const tabs: [ComplianceTab, Record<string, string>][] = [
      ['requests', {}],
      ['client', { id: clientId }],
      ['logs', {}],
      ['access', {}],
      ['incidents', {}],
      ['acts', {}],
      ['texts', {}],
    ];
    for (const viewport of [VIEWPORTS.ipadLandscape, VIEWPORTS.android]) {
      const { page, compliance } = await open(viewport);
      for (const [tab, params] of tabs) {
        await compliance.goto(tab, params);
        await expectTabletFriendly(page);
        await screenshot(page, `compliance-${tab}-${viewport.width}x${viewport.height}`);
      }
      await compliance.goto('requests');
      await page.locator('[data-register-request]').click();
      await page.locator('[data-request-form]').waitFor();
      await expectTabletFriendly(page);
      await screenshot(page, `compliance-request-form-${viewport.width}x${viewport.height}`);
    }
  });
});
