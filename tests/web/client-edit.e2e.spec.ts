import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { ClientsPage } from './pages/clients-page.ts';
import { ClientCarEditor, ClientProfileEditor } from './pages/client-profile.ts';

const panel = panelSuite();
let clientId = '';
let bookingId = '';

beforeAll(async () => {
  if (SKIP_BROWSER) return;
  const start = Temporal.Now.zonedDateTimeISO('Europe/Moscow')
    .add({ days: 2 })
    .with({ hour: 10, minute: 0, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 })
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });
  const booked = await panel.server.api('POST', '/api/bookings', {
    branchId: panel.server.branch.id,
    serviceId: panel.server.service('Замена масла').id,
    start,
    client: { name: 'Анна Белова', phone: '+79161234502' },
    car: { make: 'Skoda', model: 'Octavia', plate: 'Е777КХ77' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  bookingId = booked.body.id as string;
  await panel.server.waitForProjection();
  clientId = (await panel.server.api('GET', `/api/bookings/${bookingId}`)).body.clientId as string;
}, 300_000);

describe.skipIf(SKIP_BROWSER)('Editing a client’s card', () => {
  it('finds the client by «8 (916) …» and edits the name and the note, checked against the API', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const clients = new ClientsPage(page, panel.server.url);
    await clients.goto();
    await clients.search('8 (916) 123-45-02');
    await expect.poll(() => clients.names()).toEqual(['Анна Белова']);
    const card = await clients.open(clientId);
    await card.waitReady();
    expect(await card.booking(bookingId).count()).toBe(1);
    expect(await page.locator('[data-masked-phone]').textContent()).toContain('+7 *** ***-**-02');

    const editor = new ClientProfileEditor(page);
    await editor.open();
    await editor.fill({ name: 'Анна Белова-Смирнова', note: 'Просит СМС, не звонки. Машина жены.' });
    await expectTabletFriendly(page);
    await screenshot(page, 'client-edit-820x1180');
    await editor.save();
    await expect.poll(() => editor.note().textContent()).toBe('Просит СМС, не звонки. Машина жены.');
    await expect.poll(() => card.name()).toBe('Анна Белова-Смирнова');
    // The card's name comes from the read model, which follows the log a moment after the answer.
    await expect
      .poll(async () => (await panel.server.api('GET', `/api/clients/${clientId}`)).body)
      .toMatchObject({ name: 'Анна Белова-Смирнова', note: 'Просит СМС, не звонки. Машина жены.' });
    await screenshot(page, 'client-card-820x1180');
  });

  it('adds a second car by touch; the plate is normalised, a known plate is refused in words', async () => {
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    await page.goto(`${panel.server.url}/client?id=${clientId}`);
    const cars = new ClientCarEditor(page);
    await page.locator('[data-cars]').waitFor();
    expect(await cars.cars()).toHaveLength(1);
    await cars.add({ plate: 'a001aa 199', make: 'Lada', model: 'Vesta' });
    await expect.poll(() => cars.cars()).toHaveLength(2);
    expect((await cars.cars())[1]).toContain('Lada Vesta');
    expect((await cars.cars())[1]).toContain('А001АА199');
    const saved = await panel.server.api('GET', `/api/clients/${clientId}`);
    expect(saved.body.cars.map((car: { plate: string }) => car.plate).sort()).toEqual(['А001АА199', 'Е777КХ77']);
    await cars.add({ plate: 'Е777КХ77' });
    await expect.poll(() => cars.error()).toBe('Этот автомобиль уже есть у клиента');
    await expectTabletFriendly(page);
    await screenshot(page, 'client-add-car-820x1180');
  });

  for (const viewport of [
    { width: 1180, height: 820 },
    { width: 1280, height: 800 },
  ]) {
    it(`lays the card and its editor out for touch at ${viewport.width}×${viewport.height}`, async () => {
      const page = await panel.open(viewport, { touch: true });
      await page.goto(`${panel.server.url}/client?id=${clientId}`);
      const editor = new ClientProfileEditor(page);
      await editor.open();
      await expectTabletFriendly(page);
      await screenshot(page, `client-edit-${viewport.width}x${viewport.height}`);
    });
  }

  it('changes the phone by touch, and refuses another client’s number in words', async () => {
    const other = await panel.server.api('POST', '/api/bookings', {
      branchId: panel.server.branch.id,
      serviceId: panel.server.service('Замена масла').id,
      start: startAt(panel.server.branch, 3, '12:00'),
      client: { name: 'Пётр Занятов', phone: '+79161234599' },
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    await page.goto(`${panel.server.url}/client?id=${clientId}`);
    // Revealed, the number is a big call button right above «Изменить номер»: the two stand apart.
    await page.locator('[data-reveal]').tap();
    await page.locator('[data-call]').waitFor();
    const [call, change] = await Promise.all([
      page.locator('[data-call]').boundingBox(),
      page.locator('[data-change-phone]').boundingBox(),
    ]);
    expect(change!.y - (call!.y + call!.height)).toBeGreaterThanOrEqual(8);
    await page.locator('[data-change-phone]').tap();
    await page.locator('[data-phone-form] [data-field=phone]').fill('8 916 123-45-99');
    await page.locator('[data-save-phone]').tap();
    await expect
      .poll(() => page.locator('[data-phone-error]').textContent())
      .toBe('Этот номер уже записан за другим клиентом. Найдите его в списке клиентов.');
    await expectTabletFriendly(page);
    await screenshot(page, 'client-phone-taken-820x1180');
    await page.locator('[data-phone-form] [data-field=phone]').fill('+7 (926) 555-01-77');
    await page.locator('[data-save-phone]').tap();
    await expect.poll(() => page.locator('[data-masked-phone]').textContent()).toContain('+7 *** ***-**-77');
    expect(await page.locator('[data-phone-form]').count()).toBe(0);
    expect((await panel.server.api('POST', `/api/clients/${clientId}/reveal-phone`)).body.phone).toBe('+79265550177');
  });
});
