import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { pdfText } from '../support/pdf-text.ts';
import { startAt } from '../support/test-server.ts';
import { SKIP_BROWSER, expectTabletFriendly, panelSuite, screenshot } from './browser.ts';
import { BoardPage } from './pages/board-page.ts';

const panel = panelSuite();
const DAYS_AHEAD = 2;
/** Each tap is a round trip to the server: on a busy machine it takes more than a second. */
const WAIT = { timeout: 10_000 };

/** A booking with a work order started before the client agreed, one extra line awaiting consent. */
const visitInWork = async (time = '11:00') => {
  const server = panel.server;
  const booking = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, DAYS_AHEAD, time),
    client: { name: 'Ольга Ёлкина', phone: '+79265550101' },
    car: { make: 'Kia', model: 'Rio', plate: 'А101ВС77' },
  });
  expect(booking.status, JSON.stringify(booking.body)).toBe(201);
  const order = (await server.api('POST', `/api/bookings/${booking.body.id}/work-order`, { odometerKm: 45_120 }))
    .body as WorkOrder;
  const at = `/api/work-orders/${order.id}`;
  await server.api('POST', `${at}/works`, { serviceId: server.service('Замена масла').id });
  await server.api('POST', `${at}/parts`, {
    name: 'Фильтр масляный',
    article: 'W 712/95',
    quantity: 1,
    unitPriceKopecks: 84_550,
  });
  expect((await server.api('POST', `${at}/status`, { status: 'InWork' })).status).toBe(200);
  await server.api('POST', `${at}/parts`, { name: 'Колодки тормозные передние', quantity: 1, unitPriceKopecks: 320_000 });
  await server.waitForProjection();
  return booking.body.id as string;
};

/** A visit the client paid 1 000,00 ₽ for ahead. */
const prepaidVisit = async (time: string, name: string, phone: string) => {
  const server = panel.server;
  const booking = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, DAYS_AHEAD, time),
    client: { name, phone },
  });
  expect(booking.status, JSON.stringify(booking.body)).toBe(201);
  const id = booking.body.id as string;
  const order = (await server.api('POST', `/api/bookings/${id}/work-order`, { withBookedWorks: true })).body as WorkOrder;
  const paid = await server.api('POST', `/api/work-orders/${order.id}/payments`, {
    paymentId: crypto.randomUUID(),
    method: 'card',
    amountKopecks: 100_000,
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  await server.waitForProjection();
  return id;
};

describe.skipIf(SKIP_BROWSER)('The work order on the booking card', () => {
  it('shows lines, totals, the status, a job started unagreed, works awaiting consent and the PDF buttons', async () => {
    const id = await visitInWork();
    const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
    for (const [width, height] of [
      [820, 1180],
      [1180, 820],
      [1280, 800],
    ] as const) {
      const page = await panel.open({ width, height });
      const board = new BoardPage(page, panel.server.url);
      await board.goto({ date });
      await board.openCard(id);
      const section = board.dialog().locator('[data-work-order]');
      await section.locator('[data-wo-lines]').waitFor();
      await section.scrollIntoViewIfNeeded();
      const text = (await section.textContent())!.replace(/\s+/g, ' ');
      expect(text).toContain('В работе');
      expect(text).toContain('Работы начаты без согласования с клиентом');
      expect(text).toContain('Колодки тормозные передние — ждёт согласия клиента');
      expect(text).toContain('Итого5 545,50 ₽');
      expect(text).toContain('Спросить клиента о доп. работах');
      expect(await section.locator('a[href$="doc=act"]').textContent()).toBe('Акт (PDF)');
      await expectTabletFriendly(page);
      await screenshot(page, `card-work-order-${width}x${height}`);
    }
  });

  it('takes the mechanic’s finding with a photo from the tablet and sends it with the question about the extra works', async () => {
    const id = await visitInWork('12:30');
    const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
    const page = await panel.open({ width: 1180, height: 820 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date });
    await board.openCard(id);
    const section = board.dialog().locator('[data-work-order]');
    const form = section.locator('[data-add-finding]');
    await form.waitFor();
    // Nothing typed and no photo: said under the form, nothing sent.
    await form.locator('[data-add-finding-submit]').tap();
    expect(await form.locator('[role=alert]').textContent()).toBe('Напишите, что нашли, или приложите фото');
    // A file that is not a photo is refused by the server and said in words.
    await form
      .locator('[data-finding-photos]')
      .setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
    await form.locator('[data-add-finding-submit]').tap();
    await expect.poll(() => form.locator('[role=alert]').textContent(), WAIT).toBe('Это не фото в JPEG, PNG или WebP');

    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#8a6d3b' } })
      .jpeg()
      .toBuffer();
    await form.locator('[data-finding-note]').fill('Колодки стёрты до металла');
    await form.locator('[data-finding-photos]').setInputFiles({ name: 'pads.jpg', mimeType: 'image/jpeg', buffer: photo });
    expect(await form.locator('.wo-photo-pick').textContent()).toContain('Фото: 1');
    await form.locator('[data-add-finding-submit]').tap();
    await expect.poll(() => section.locator('[data-wo-note]').textContent(), WAIT).toBe('Находка добавлена');
    expect(await section.locator('[data-finding] .wo-finding-note').textContent()).toBe('Колодки стёрты до металла');
    const thumbnail = section.locator('[data-finding] img');
    await thumbnail.waitFor();
    await expect
      .poll(() => thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), WAIT)
      .toBeGreaterThan(0);
    await screenshot(page, 'card-work-order-finding-1180x820');

    await section.getByRole('button', { name: 'Спросить клиента о доп. работах' }).tap();
    await expect.poll(() => section.locator('[data-wo-note]').textContent(), WAIT).toBe('Запрос отправлен клиенту');
    await panel.server.waitForProjection();
    const order = (await panel.server.api('GET', `/api/bookings/${id}/work-order`)).body as WorkOrder;
    const asked = order.approvals.find((approval) => approval.scope === 'additional')!;
    expect(asked.findingIds).toEqual(order.findings.map((finding) => finding.findingId));
    expect(order.findings).toHaveLength(1);
    // Opened again from the read model, the card still shows the mechanic's words.
    await page.reload();
    await board.openCard(id);
    await expect
      .poll(() => board.dialog().locator('[data-finding] .wo-finding-note').textContent(), WAIT)
      .toBe('Колодки стёрты до металла');
  });

  it('takes the odometer reading typed on the card and answers an impossible one in words', async () => {
    const id = await visitInWork();
    const date = Temporal.Now.plainDateISO(panel.server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date });
    await board.openCard(id);
    const section = board.dialog().locator('[data-work-order]');
    // Typed as people write it: with its unit.
    await section.locator('[data-odometer-input]').fill('87 450 км');
    await section.locator('[data-odometer-save]').tap();
    await expect.poll(() => section.locator('[data-odometer]').getAttribute('data-odometer')).toBe('87450');
    expect(await section.locator('[data-wo-note]').textContent()).toBe('Пробег записан');
    // The card shows the command's answer; the work order's GET reads the read model, a moment behind.
    await panel.server.waitForProjection();
    const order = await panel.server.api('GET', `/api/bookings/${id}/work-order`);
    expect(order.body.odometerKm).toBe(87_450);
    await section.locator('[data-odometer-input]').fill('99999999');
    await section.locator('[data-odometer-save]').tap();
    // The refusal is said in Russian words, not as the API's code or English detail.
    await expect.poll(() => section.locator('[data-wo-note]').textContent()).not.toBe('Пробег записан');
    const refusal = (await section.locator('[data-wo-note]').textContent()) ?? '';
    expect(refusal).toMatch(/^[А-ЯЁ]/);
    expect(refusal).not.toMatch(/odometer|VALIDATION/i);
    expect((await panel.server.api('GET', `/api/bookings/${id}/work-order`)).body.odometerKm).toBe(87_450);
    // Words are said, not silently dropped.
    await section.locator('[data-odometer-input]').fill('много');
    await section.locator('[data-odometer-save]').tap();
    await expect
      .poll(() => section.locator('[data-wo-note]').textContent(), WAIT)
      .toBe('Введите пробег числом, например 123 456');
  });

  it('runs a visit’s money on the card by touch: works and parts in, the client agrees, the job is done, paid in two ways and partly refunded', async () => {
    const server = panel.server;
    const booking = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, DAYS_AHEAD, '16:00'),
      client: { name: 'Пётр Кассов', phone: '+79265550103' },
    });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    const id = booking.body.id as string;
    await server.waitForProjection();
    const date = Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const board = new BoardPage(page, server.url);
    await board.goto({ date });
    await board.openCard(id);
    const section = board.dialog().locator('[data-work-order]');
    const note = section.locator('[data-wo-note]');
    const order = async () => (await server.api('GET', `/api/bookings/${id}/work-order`)).body as WorkOrder;
    await section.getByRole('button', { name: 'Открыть заказ-наряд' }).tap();
    await section.locator('[data-add-work]').waitFor();

    // The booked service is the order's first work, at the price list's price; a part is typed with
    // its article and a price in roubles and kopecks.
    await expect.poll(async () => await section.locator('[data-wo-lines] tbody tr').count(), WAIT).toBe(1);
    expect(await section.locator('[data-wo-lines] tbody tr').first().textContent()).toContain('Замена масла');
    await section.locator('.wo-add-part summary').tap();
    await section.locator('[data-part-name]').fill('Фильтр масляный');
    await section.locator('[data-part-article]').fill('W 712/95');
    await section.locator('[data-part-price]').fill('845,50');
    await section.locator('[data-add-part-submit]').tap();
    await expect.poll(async () => await section.locator('[data-wo-lines] tbody tr').count(), WAIT).toBe(2);
    // A price that is not a sum is said under the form; nothing is sent.
    await section.locator('[data-part-name]').fill('Масло 5W-30');
    await section.locator('[data-part-price]').fill('дорого');
    await section.locator('[data-add-part-submit]').tap();
    expect(await section.locator('[data-add-part] [role=alert]').textContent()).toBe(
      'Введите сумму в рублях, например 1500 или 1500,50',
    );
    expect(await section.locator('[data-wo-lines] tbody tr').count()).toBe(2);
    // A line added by mistake goes again.
    await section.locator('[data-part-price]').fill('3 200');
    await section.locator('[data-add-part-submit]').tap();
    await expect.poll(async () => await section.locator('[data-wo-lines] tbody tr').count(), WAIT).toBe(3);
    const oil = (await order()).lines.find((line) => line.name === 'Масло 5W-30')!;
    await section.locator(`[data-remove-line="${oil.lineId}"]`).tap();
    await expect.poll(async () => await section.locator('[data-wo-lines] tbody tr').count(), WAIT).toBe(2);
    await expect
      .poll(async () => (await section.locator('[data-wo-totals]').textContent())?.replace(/\s+/g, ' '))
      .toContain('Итого2 345,50 ₽');

    await section.locator('[data-wo-move=Agreed]').tap();
    await expect.poll(() => section.locator('[data-wo-status]').textContent(), WAIT).toBe('Согласован');
    await section.locator('[data-wo-move=InWork]').tap();
    await expect.poll(() => section.locator('[data-wo-status]').textContent(), WAIT).toBe('В работе');
    await section.locator('[data-wo-move=Done]').tap();
    await expect.poll(() => section.locator('[data-wo-status]').textContent(), WAIT).toBe('Выполнен');
    // No more lines once the work is done.
    expect(await section.locator('[data-add-work]').count()).toBe(0);

    // The sum offered is what is due; more than that is refused in words, and nothing is booked.
    expect(await section.locator('[data-payment-amount]').inputValue()).toBe('2\u00a0345,50');
    await section.locator('[data-payment-amount]').fill('5000');
    await section.locator('[data-pay=card]').tap();
    await expect.poll(() => note.textContent(), WAIT).toBe('Сумма больше, чем осталось к оплате');
    await section.locator('[data-payment-amount]').fill('1000');
    await section.locator('[data-pay=card]').tap();
    await expect.poll(() => note.textContent(), WAIT).toBe('Оплата принята: 1\u00a0000,00\u00a0₽');
    await expect.poll(() => section.locator('[data-payment-amount]').inputValue(), WAIT).toBe('1\u00a0345,50');
    await section.locator('[data-pay=cash]').tap();
    await expect.poll(() => section.locator('[data-wo-status]').textContent(), WAIT).toBe('Оплачен');
    expect(await section.locator('[data-take-payment]').count()).toBe(0);
    await expectTabletFriendly(page);
    await screenshot(page, 'card-work-order-paid-820x1180');

    // 500 ₽ of the card payment goes back; more than the payment brought is refused before it is sent.
    const card = section.locator('[data-payment=card]');
    await card.locator('[data-refund-open]').tap();
    await card.locator('[data-refund-amount]').fill('1500');
    await card.locator('[data-refund-submit]').tap();
    expect(await card.locator('[role=alert]').textContent()).toBe('Возврат больше, чем было оплачено этим платежом');
    // After full payment the refund lowers the price (a discount given afterwards): nothing is owed, the order stays paid.
    expect(await card.locator('[data-refund-lowers]').isChecked()).toBe(true);
    await card.locator('[data-refund-amount]').fill('500');
    await card.locator('[data-refund-submit]').tap();
    await expect.poll(() => note.textContent(), WAIT).toBe('Возврат проведён: 500,00\u00a0₽');
    expect(await card.textContent()).toContain('возвращено 500,00');
    expect(await section.locator('[data-wo-lowered]').textContent()).toBe('−500,00\u00a0₽');
    expect(await section.locator('[data-wo-status]').textContent()).toBe('Оплачен');
    expect(await section.locator('[data-wo-due]').textContent()).toBe('0,00\u00a0₽');

    // Money given back without lowering the price (the client will pay another way) is owed again.
    const cash = section.locator('[data-payment=cash]');
    await cash.locator('[data-refund-open]').tap();
    await cash.locator('[data-refund-lowers]').uncheck();
    await cash.locator('[data-refund-amount]').fill('100');
    await cash.locator('[data-refund-submit]').tap();
    await expect.poll(() => section.locator('[data-wo-status]').textContent(), WAIT).toBe('Выполнен');
    expect(await section.locator('[data-wo-due]').textContent()).toBe('100,00\u00a0₽');

    await server.waitForProjection();
    const after = await order();
    expect(after.payments.map(({ method, amountKopecks, refundedKopecks }) => [method, amountKopecks, refundedKopecks])).toEqual([
      ['card', 100_000, 50_000],
      ['cash', 134_550, 10_000],
    ]);
    expect(after.totals).toMatchObject({ lowered: 50_000, total: 184_550, paid: 174_550, due: 10_000 });
    // The act prints the lowered price.
    const act = await fetch(`${server.url}/api/work-orders/${after.id}/pdf?doc=act`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(act.status).toBe(200);
    const printed = (await pdfText(await act.arrayBuffer())).replace(/\s+/g, ' ');
    expect(printed).toContain('Снижение цены после оплаты (возврат): −500,00 ₽');
    expect(printed).toContain('Итого: 1 845,50 ₽');
  });

  it('asks a company for the money by invoice: the order owes it, shown awaited, until the desk marks the money in', async () => {
    const server = panel.server;
    const booking = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, DAYS_AHEAD, '12:00'),
      client: { name: 'Андрей Вектор', phone: '+79265550104' },
      car: { make: 'Hyundai', model: 'Solaris', plate: 'К456МН77' },
    });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    const id = booking.body.id as string;
    const opened = (await server.api('POST', `/api/bookings/${id}/work-order`, {})).body as WorkOrder;
    const at = `/api/work-orders/${opened.id}`;
    await server.api('POST', `${at}/parts`, { name: 'Шина 205/55 R16', quantity: 4, unitPriceKopecks: 300_000 });
    expect((await server.api('POST', `${at}/status`, { status: 'Agreed', expectedTotalKopecks: 1_200_000 })).status).toBe(200);
    expect((await server.api('POST', `${at}/status`, { status: 'InWork' })).status).toBe(200);
    expect((await server.api('POST', `${at}/status`, { status: 'Done' })).status).toBe(200);
    await server.waitForProjection();
    const date = Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
    const cardOn = async (viewport: { width: number; height: number }) => {
      const page = await panel.open(viewport, { touch: true });
      const board = new BoardPage(page, server.url);
      await board.goto({ date });
      await board.openCard(id);
      const section = board.dialog().locator('[data-work-order]');
      await section.locator('[data-wo-money]').waitFor();
      return { page, section };
    };
    const { page, section } = await cardOn({ width: 820, height: 1180 });
    const note = section.locator('[data-wo-note]');

    await section.locator('[data-pay=invoice]').tap();
    const form = section.locator('[data-invoice-form]');
    await form.locator('[data-invoice-number]').fill('СЧ-45');
    expect(await form.locator('[data-invoice-issue]').textContent()).toBe('Выставить счёт на 12\u00a0000,00\u00a0₽');
    await form.locator('[data-invoice-issue]').tap();
    await expect.poll(() => note.textContent(), WAIT).toBe('Счёт на 12\u00a0000,00\u00a0₽ выставлен — ждём оплату');
    // Asked for, not received: still owed, the order not paid.
    expect(await section.locator('[data-wo-status]').textContent()).toBe('Выполнен');
    expect(await section.locator('[data-wo-due]').textContent()).toBe('12\u00a0000,00\u00a0₽');
    expect(await form.count()).toBe(0);
    const awaiting = section.locator('[data-invoice=awaiting]');
    const line = (await awaiting.textContent())!.replace(/\s+/g, ' ');
    expect(line).toMatch(/^Счёт № СЧ-45 на 12 000,00 ₽, выставлен [а-я]{2}, \d{1,2} [а-я]+ — ждём оплату/);
    expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}|[0-9a-f]{8}-/);
    await expectTabletFriendly(page);
    await screenshot(page, 'card-invoice-awaited-820x1180');
    for (const viewport of [
      { width: 1180, height: 820 },
      { width: 1280, height: 800 },
    ]) {
      const other = await cardOn(viewport);
      await other.section.locator('[data-invoice=awaiting]').scrollIntoViewIfNeeded();
      await expectTabletFriendly(other.page);
      await screenshot(other.page, `card-invoice-awaited-${viewport.width}x${viewport.height}`);
    }

    // The bank statement shows it: the money counts, the order is paid.
    await awaiting.locator('[data-invoice-paid]').tap();
    await expect.poll(() => section.locator('[data-wo-status]').textContent(), WAIT).toBe('Оплачен');
    expect(await note.textContent()).toBe('Оплата по счёту поступила: 12\u00a0000,00\u00a0₽');
    expect((await section.locator('[data-payment=invoice]').textContent())!.replace(/\s+/g, ' ')).toContain(
      'По счёту — 12 000,00 ₽',
    );
    expect((await section.locator('[data-invoice=paid]').textContent())!).toContain('оплачен');
    expect(await section.locator('[data-invoice-paid]').count()).toBe(0);
    const after = (await server.api('GET', `/api/bookings/${id}/work-order`)).body as WorkOrder;
    expect(after.payments).toEqual([
      { paymentId: after.invoices[0]!.invoiceId, method: 'invoice', amountKopecks: 1_200_000, refundedKopecks: 0 },
    ]);
  });

  it('opens a work order from a card that has none, without asking the server for one first', async () => {
    const server = panel.server;
    const booking = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, DAYS_AHEAD, '14:00'),
      client: { name: 'Нина Гусева', phone: '+79265550102' },
    });
    expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    const id = booking.body.id as string;
    await server.waitForProjection();
    const date = Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: DAYS_AHEAD }).toString();
    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const board = new BoardPage(page, server.url);
    await board.goto({ date });
    await board.openCard(id);
    const section = board.dialog().locator('[data-work-order]');
    await section.getByRole('button', { name: 'Открыть заказ-наряд' }).tap();
    await section.locator('[data-wo-status]').waitFor();
    expect(await section.locator('[data-wo-status]').textContent()).toBe('Черновик');
    expect(failed).toEqual([]);
    await server.waitForProjection();
    expect((await server.api('GET', `/api/bookings/${id}`)).body.workOrderOpened).toBe(true);

    // A work picked further down the price list and tapped twice in a hurry is added once, and stays picked.
    const picker = section.locator('[data-work-service]');
    await picker.selectOption({ label: 'Диагностика ходовой' });
    const submit = section.locator('[data-add-work-submit]');
    // Both taps land before the page has drawn the first one's answer (the button not yet disabled).
    await submit.evaluate((button) => {
      (button as unknown as { click: () => void }).click();
      (button as unknown as { click: () => void }).click();
    });
    await expect.poll(() => section.locator('[data-wo-note]').textContent(), WAIT).toBe('Строка добавлена');
    // Time for a second request to arrive, had the second tap sent one.
    await page.waitForTimeout(500);
    await server.waitForProjection();
    const order = (await server.api('GET', `/api/bookings/${id}/work-order`)).body as WorkOrder;
    // The booked oil change came with the order; the diagnostics once, for two taps.
    expect(order.lines.map((line) => line.name)).toEqual(['Замена масла', 'Диагностика ходовой']);
    expect(
      await picker.evaluate((select) => (select as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]!.text),
    ).toBe('Диагностика ходовой');
  });

  it('warns a manager cancelling a prepaid visit, and keeps its order on the card until the money is given back', async () => {
    const server = panel.server;
    const id = await prepaidVisit('16:00', 'Пётр Заранее', '+79265550177');

    const page = await panel.open({ width: 820, height: 1180 }, { touch: true });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: DAYS_AHEAD }).toString() });
    await board.openCard(id);
    const card = board.dialog();
    await card.locator('[data-work-order] [data-wo-totals]').waitFor(WAIT);
    await card.locator('[data-action=Cancelled]').tap();
    await expect
      .poll(() => card.locator('[data-cancel-prepaid]').textContent(), WAIT)
      .toMatch(/По записи получено 1\s000,00\s₽\. После отмены верните деньги клиенту/);
    await screenshot(page, 'cancel-prepaid-820x1180');
    await card.locator('[data-reason=client_request]').tap();

    const warning = card.locator('[data-paid-on-cancelled]');
    await expect.poll(() => warning.textContent(), WAIT).toMatch(/Запись отменена, а клиент заплатил 1\s000,00\s₽/);
    // Money is only given back now: no payment is offered, nothing else is done on the order.
    expect(await card.locator('[data-take-payment]').count()).toBe(0);
    expect(await card.locator('[data-odometer-input]').count()).toBe(0);
    expect(await card.locator('[data-wo-due]').count()).toBe(0);
    await screenshot(page, 'cancelled-prepaid-order-820x1180');
    await card.locator('[data-refund-open]').tap();
    await card.locator('[data-refund-amount]').fill('1000');
    await card.locator('[data-refund-submit]').tap();
    await expect
      .poll(async () => ((await server.api('GET', `/api/bookings/${id}/work-order`)).body as WorkOrder).totals.paid, WAIT)
      .toBe(0);
    // Given back: the order leaves the cancelled card.
    await card.locator('[data-work-order]').waitFor({ state: 'detached', ...WAIT });
  });

  it('warns a manager who drops a prepaid visit on «Отменена» on the board, as the card does', async () => {
    const server = panel.server;
    const id = await prepaidVisit('17:00', 'Инна Передумала', '+79265550178');
    const page = await panel.open({ width: 1180, height: 820 });
    const board = new BoardPage(page, panel.server.url);
    await board.goto({ date: Temporal.Now.plainDateISO(server.branch.timeZone).add({ days: DAYS_AHEAD }).toString() });
    await board.dragWithMouse(id, 'Cancelled');
    const dialog = page.locator('[data-cancel-dialog]');
    await expect
      .poll(() => dialog.locator('[data-cancel-prepaid]').textContent(), WAIT)
      .toMatch(/По записи получено 1\s000,00\s₽\. После отмены верните деньги клиенту/);
    await screenshot(page, 'board-cancel-prepaid-1180x820');
    await dialog.locator('[data-reason=client_request]').click();
    await expect.poll(async () => (await server.api('GET', `/api/bookings/${id}`)).body.status, WAIT).toBe('Cancelled');
  });
});
