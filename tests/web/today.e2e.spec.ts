import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot, signIn, VIEWPORTS, type Viewport } from './browser.ts';
import { LoginPage } from './pages/login-page.ts';
import { TodayPage } from './pages/today-page.ts';

const ZONE = 'Europe/Moscow';
// The server's clock reads 07:00 tomorrow (Moscow) and runs on, so "today" has its whole working day ahead
// whatever time the suite runs at.
const DAY = Temporal.Now.plainDateISO(ZONE).add({ days: 1 });
const shift = DAY.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from('07:00') }).epochMilliseconds - Date.now();

const panel = panelSuite(() => startTestServer({ now: () => Date.now() + shift }));
let mechanicA: { token: string; id: string; email: string };
let mechanicB: { token: string; id: string; email: string };
const jobs = { waiting: '', confirmed: '', others: '', unassigned: '', tomorrow: '' };

const at = (date: Temporal.PlainDate, time: string) =>
  date.toZonedDateTime({ timeZone: ZONE, plainTime: Temporal.PlainTime.from(time) }).toString({ timeZoneName: 'never' });

let phone = 0;
const book = async (date: Temporal.PlainDate, time: string, plate: string) => {
  const response = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Диагностика ходовой').id,
    start: at(date, time),
    client: { name: 'Олег Сафронов', phone: `+7916${String(7_000_000 + ++phone).slice(-7)}` },
    car: { make: 'Lada', model: 'Vesta', plate },
    comment: 'Скрип при повороте',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const assign = async (id: string, mechanicId: string) => {
  const response = await panel.server.api('POST', `/api/bookings/${id}/assign`, { mechanicId });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
};

const confirm = async (id: string) => {
  expect((await panel.server.api('POST', `/api/bookings/${id}/status`, { status: 'Confirmed' })).status).toBe(200);
};

const addMechanic = async () => {
  const user = await panel.server.addUser('mechanic', [panel.server.branch.id]);
  const { rows } = await panel.server.runtime.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [user.id]);
  return { ...user, email: rows[0]!.email };
};

const statusInReadModel = async (id: string) =>
  (await panel.server.runtime.pool.query<{ status: string }>('SELECT status FROM rm.bookings WHERE id = $1', [id])).rows[0]
    ?.status;

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  mechanicA = await addMechanic();
  mechanicB = await addMechanic();
  jobs.confirmed = await book(DAY, '10:00', 'А101АА77');
  jobs.waiting = await book(DAY, '09:00', 'А102АА77');
  jobs.others = await book(DAY, '11:00', 'А103АА77');
  jobs.unassigned = await book(DAY, '12:00', 'А104АА77');
  jobs.tomorrow = await book(DAY.add({ days: 1 }), '10:00', 'А105АА77');
  for (const id of [jobs.confirmed, jobs.waiting, jobs.tomorrow]) await assign(id, mechanicA.id);
  await assign(jobs.others, mechanicB.id);
  await confirm(jobs.confirmed);
  await confirm(jobs.others);
  await panel.server.waitForProjection();
}, 300_000);

/** Signed out: each test signs its mechanic in. */
const open = (viewport: Viewport) => panel.open(viewport, { touch: true, token: null });

describe.skipIf(SKIP_BROWSER)('Panel: the mechanic’s day', () => {
  it('renders the mechanic’s own jobs in the server’s first answer, before any script runs', async () => {
    const answer = await fetch(`${panel.server.url}/today`, { headers: { cookie: `zero_session=${mechanicA.token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const html = await answer.text();
    const shown = [...html.matchAll(/data-job-id="([^"]+)"/g)].map(([, id]) => id);
    expect(shown).toEqual([jobs.waiting, jobs.confirmed]);
    expect(html).toContain('А101АА77');
    expect(html).toMatch(/<ol[^>]*class="job-list is-ready"/);
  });

  it('lands a mechanic on /today after sign-in with only their jobs of the day, in time order', async () => {
    const page = await open(VIEWPORTS.ipadPortrait);
    const login = new LoginPage(page, panel.server.url);
    await login.goto();
    await login.signIn(mechanicA.email, 'password-123');
    await page.waitForURL(/\/today$/);
    const today = new TodayPage(page, panel.server.url);
    await today.waitReady();
    expect(await page.locator('[data-nav=today].active').count()).toBe(1);
    expect(await today.jobIds()).toEqual([jobs.waiting, jobs.confirmed]);
    expect(await page.locator('[data-today-date]').getAttribute('data-today-date')).toBe(DAY.toString());

    const confirmed = await today.job(jobs.confirmed).textContent();
    // Bookings without a named bay are spread over the able ones: the bay is whichever the server chose.
    const bayId = (await panel.server.api('GET', `/api/bookings/${jobs.confirmed}`)).body.bayId as string;
    const bay = panel.server.bays.find((candidate) => candidate.id === bayId)!.name;
    for (const part of ['10:00–10:30', 'Диагностика ходовой', bay, 'А101АА77', 'Скрип при повороте']) {
      expect(confirmed).toContain(part);
    }
    expect(confirmed).not.toContain('+7916');
    // A New job waits for the manager: no button for the mechanic yet.
    expect(await today.job(jobs.waiting).locator('[data-step]').count()).toBe(0);
    expect(await today.job(jobs.confirmed).locator('[data-step=InProgress]').textContent()).toBe('Начать работу');

    await expectTabletFriendly(page);
    await screenshot(page, 'today-820x1180');
  });

  it('starts and finishes a job with the big buttons, and shows a new assignment live', async () => {
    const page = await open(VIEWPORTS.android);
    await signIn(page.context(), panel.server, mechanicA.token);
    const today = new TodayPage(page, panel.server.url);
    await today.goto();

    await today.step(jobs.confirmed, 'InProgress');
    await expect.poll(() => statusInReadModel(jobs.confirmed)).toBe('InProgress');
    await expect.poll(() => today.job(jobs.confirmed).getAttribute('data-status')).toBe('InProgress');
    expect(await today.job(jobs.confirmed).locator('[data-step=Done]').textContent()).toBe('Завершить');

    // The manager hands over the free job: it appears without a reload, in its place by time.
    await assign(jobs.unassigned, mechanicA.id);
    await expect.poll(() => today.jobIds()).toEqual([jobs.waiting, jobs.confirmed, jobs.unassigned]);
    // A job given to someone else leaves the list just as live.
    await assign(jobs.waiting, mechanicB.id);
    await expect.poll(() => today.jobIds()).toEqual([jobs.confirmed, jobs.unassigned]);

    await expectTabletFriendly(page);
    await screenshot(page, 'today-1280x800');

    await today.step(jobs.confirmed, 'Done');
    await expect.poll(() => statusInReadModel(jobs.confirmed)).toBe('Done');
    await expect.poll(() => today.job(jobs.confirmed).getAttribute('data-status')).toBe('Done');
    expect(await today.job(jobs.confirmed).locator('[data-step]').count()).toBe(0);
  });

  it('shows another mechanic only their own job', async () => {
    // Its own mechanic and job: the jobs above change hands in the other tests.
    const mechanicC = await addMechanic();
    const own = await book(DAY, '13:00', 'А106АА77');
    await assign(own, mechanicC.id);
    await confirm(own);
    await panel.server.waitForProjection();

    const page = await open(VIEWPORTS.ipadLandscape);
    await signIn(page.context(), panel.server, mechanicC.token);
    const today = new TodayPage(page, panel.server.url);
    await today.goto();
    expect(await today.jobIds()).toEqual([own]);

    // The desk opened the visit's work order: the mechanic adds the part they fitted and what they found, by the car.
    const order = (await panel.server.api('POST', `/api/bookings/${own}/work-order`, {})).body as { id: string };
    await panel.server.api('POST', `/api/work-orders/${order.id}/works`, {
      serviceId: panel.server.service('Диагностика ходовой').id,
    });
    await panel.server.waitForProjection();
    const job = today.job(own);
    await job.locator('[data-job-order] summary').click();
    const section = job.locator('[data-work-order]');
    await section.locator('[data-wo-lines]').waitFor();
    // No money and no order steps on the mechanic's side: the job's own big button starts and finishes it.
    expect(await section.locator('[data-wo-money]').count()).toBe(0);
    expect(await section.locator('[data-wo-move]').count()).toBe(0);
    await section.locator('.wo-add-part summary').click();
    await section.locator('[data-part-name]').fill('Втулка стабилизатора');
    await section.locator('[data-part-price]').fill('450');
    await section.locator('[data-add-part-submit]').click();
    await expect.poll(() => section.locator('[data-wo-lines] tbody tr').count(), { timeout: 10_000 }).toBe(2);
    await section.locator('[data-finding-note]').fill('Люфт рулевой тяги');
    await section.locator('[data-add-finding-submit]').click();
    await expect.poll(() => section.locator('[data-wo-note]').textContent(), { timeout: 10_000 }).toBe('Находка добавлена');
    await expectTabletFriendly(page);
    await screenshot(page, 'today-work-order-1180x820');
    // Written as the mechanic: the finding is the order's, by the mechanic's own hand.
    await panel.server.waitForProjection();
    const after = (await panel.server.api('GET', `/api/bookings/${own}/work-order`)).body as {
      findings: unknown[];
      lines: { name: string }[];
    };
    expect(after.findings).toHaveLength(1);
    expect(after.lines.map((line) => line.name)).toContain('Втулка стабилизатора');
  });

  it('lets the mechanic open the work order of a job the desk has not, and write a finding on it, without a 404', async () => {
    const mechanicD = await addMechanic();
    const own = await book(DAY, '14:00', 'А107АА77');
    await assign(own, mechanicD.id);
    await confirm(own);
    await panel.server.waitForProjection();

    const page = await open(VIEWPORTS.ipadPortrait);
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await signIn(page.context(), panel.server, mechanicD.token);
    const today = new TodayPage(page, panel.server.url);
    await today.goto();
    const job = today.job(own);
    await job.locator('[data-job-order] summary').tap();
    const section = job.locator('[data-work-order]');
    await section.getByRole('button', { name: 'Открыть заказ-наряд' }).tap();
    await section.locator('[data-finding-note]').fill('Трещина пыльника ШРУСа');
    await section.locator('[data-add-finding-submit]').tap();
    await expect.poll(() => section.locator('[data-wo-note]').textContent(), { timeout: 10_000 }).toBe('Находка добавлена');
    expect(failed).toEqual([]);
    await panel.server.waitForProjection();
    const order = (await panel.server.api('GET', `/api/bookings/${own}/work-order`)).body as { findings: { note: string }[] };
    expect(order.findings.map((finding) => finding.note)).toEqual(['Трещина пыльника ШРУСа']);
  });
});
