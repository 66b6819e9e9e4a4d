import sharp from 'sharp';
import { Temporal } from 'temporal-polyfill';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkOrder } from '../../contract/work-orders.ts';
import { migrate } from '../../core/database/migrations.ts';
import { PHOTO_LIMIT_BYTES } from '../../domain/work-order/photo.ts';
import type { FakeUser } from '../support/fake-telegram.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { startAt, startTestServer } from '../support/test-server.ts';

let h: BotHarness;
/** The server's clock: real time, unless the script moves it ahead to see a maintenance reminder fall due. */
let clock: number | null = null;
let mechanic: { authorization: string };
let officer: { authorization: string };
let day = 2;

beforeAll(async () => {
  h = await startBotHarness({ server: await startTestServer({ now: () => clock ?? Date.now() }) });
  await h.server.runtime.pool.query(
    `UPDATE organizations SET legal_name = 'ООО «Ромашка-Авто»', inn = '7701234567', ogrn = '1027700132195', vat_mode = 'none' WHERE id = $1`,
    [h.server.branch.orgId],
  );
  mechanic = { authorization: `Bearer ${(await h.server.addUser('mechanic', [h.server.branch.id])).token}` };
  officer = { authorization: `Bearer ${(await h.server.addUser('compliance')).token}` };
});
afterAll(async () => {
  await h?.stop();
  await h?.server.stop();
});

/** A phone photo as cameras write it: EXIF with the owner's name and the GPS position. */
const cameraPhoto = () =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: '#aa3322' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Ivanov Ivan' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 45/1 0/1' } })
    .toBuffer();

const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  h.server.api(method, path, body, headers);
const ok = async (method: string, path: string, body?: unknown, headers?: Record<string, string>, status = 201) => {
  const response = await api(method, path, body, headers);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};
const upload = (orderId: string, bytes: Buffer, type = 'image/jpeg') =>
  fetch(`${h.server.url}/api/work-orders/${orderId}/photos`, {
    method: 'POST',
    headers: { ...mechanic, 'content-type': type },
    body: bytes,
  });

/**
 * A linked Telegram client with a booking made in the panel by the same phone (an oil change unless
 * said otherwise), and its drafted work order.
 */
const visit = async (
  name: string,
  returning?: FakeUser,
  o: { service?: string; odometerKm?: number; car?: { make: string; model: string; plate: string } } = {},
) => {
  const user = returning ?? newUser(name);
  if (!returning) await h.link(user, phoneFor(user));
  const serviceId = h.server.service(o.service ?? 'Замена масла').id;
  const booking = await ok('POST', '/api/bookings', {
    branchId: h.server.branch.id,
    serviceId,
    start: startAt(h.server.branch, day++, '10:00'),
    client: { name, phone: `+${phoneFor(user)}` },
    ...(o.car ? { car: o.car } : {}),
  });
  const order = (await ok('POST', `/api/bookings/${booking.id}/work-order`, { odometerKm: o.odometerKm ?? 45_120 })) as WorkOrder;
  await ok('POST', `/api/work-orders/${order.id}/works`, { serviceId });
  const drafted = (await ok('POST', `/api/work-orders/${order.id}/parts`, {
    name: 'Фильтр масляный',
    article: 'W 712/95',
    manufacturer: 'MANN',
    quantity: 1,
    unitPriceKopecks: 84_550,
  })) as WorkOrder;
  return { user, bookingId: booking.id as string, order: drafted };
};

/** The unanswered request titled `title`: answered ones lose their buttons. */
const approvalMessage = (user: FakeUser, title: string) =>
  until(
    () =>
      h.telegram
        .chat(user.id)
        .find((message) => message.text.includes(title) && (message.reply_markup?.inline_keyboard ?? []).flat().length > 0),
    title,
  );

describe('The scripted visit', () => {
  it('goes from the booking to the paid act, with the estimate and an extra work agreed in Telegram', async () => {
    const kia = { make: 'Kia', model: 'Rio', plate: 'Х555ХХ77' };
    const oil = h.server.service('Замена масла');
    await ok('PATCH', `/api/services/${oil.id}`, { maintenanceKm: 10_000 }, undefined, 200);
    const { user, bookingId, order } = await visit('Ольга Ёлкина', undefined, { car: kia });
    const at = `/api/work-orders/${order.id}`;
    expect(order.totals.total).toBe(234_550);

    // The estimate goes to the client's chat; they agree with one tap.
    await ok('POST', `${at}/approval-requests`, {});
    const estimate = await approvalMessage(user, `Смета по заказ-наряду № ${order.number}`);
    expect(estimate.text).toContain('1. Замена масла — 1 × 1\u00a0500,00\u00a0₽ = 1\u00a0500,00\u00a0₽');
    expect(estimate.text).toContain('2. Фильтр масляный (MANN W 712/95) — 1 × 845,50\u00a0₽ = 845,50\u00a0₽');
    expect(estimate.text).toContain('Итого: 2\u00a0345,50\u00a0₽');
    const agreed = await h.press(user, 'Согласовать');
    expect(agreed.message!.text).toContain('согласовано');
    const approvedEvents = await h.eventsOf('ClientApproved');
    expect(approvedEvents).toHaveLength(1);
    expect(approvedEvents[0]!.data.evidence).toMatchObject({ channel: 'telegram', messageId: String(estimate.message_id) });
    let current = (await ok('GET', `/api/bookings/${bookingId}/work-order`, undefined, undefined, 200)) as WorkOrder;
    await until(async () => {
      await h.server.waitForProjection();
      current = (await ok('GET', `/api/bookings/${bookingId}/work-order`, undefined, undefined, 200)) as WorkOrder;
      return current.status === 'Agreed';
    }, 'the agreed order in the read model');
    expect(current.approvals[0]!.decision).toMatchObject({ approved: true, channel: 'telegram' });

    // The mechanic starts, finds worn pads and photographs them; the camera's EXIF does not survive.
    await ok('POST', `${at}/status`, { status: 'InWork' }, mechanic, 200);
    const original = await cameraPhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const uploaded = await upload(order.id, original);
    expect(uploaded.status).toBe(201);
    const { photoId } = (await uploaded.json()) as { photoId: string };
    const withFinding = (await ok(
      'POST',
      `${at}/findings`,
      { note: 'Колодки стёрты до металла', photoIds: [photoId] },
      mechanic,
    )) as WorkOrder;
    const findingId = withFinding.findings[0]!.findingId;
    expect(withFinding.findings[0]!.note).toBe('Колодки стёрты до металла');
    const stored = await fetch(`${h.server.url}${at}/photos/${photoId}`, { headers: mechanic });
    expect(stored.status).toBe(200);
    const storedBytes = Buffer.from(await stored.arrayBuffer());
    expect((await sharp(storedBytes).metadata()).exif).toBeUndefined();
    expect(storedBytes.includes('Ivanov')).toBe(false);
    expect(storedBytes.includes(Buffer.from([0xff, 0xe1]))).toBe(false);

    // Two extra lines, sent one by one: the pads are agreed, the wipers declined.
    const pads = (await ok(
      'POST',
      `${at}/parts`,
      { name: 'Колодки тормозные передние', quantity: 1, unitPriceKopecks: 320_000 },
      mechanic,
    )) as WorkOrder;
    const padsLine = pads.lines.at(-1)!.lineId;
    expect(pads.unconsentedLineIds).toEqual([padsLine]);
    await ok('POST', `${at}/approval-requests`, { lineIds: [padsLine], findingIds: [findingId] });
    const extra = await approvalMessage(user, `Дополнительные работы по заказ-наряду № ${order.number}`);
    expect(extra.text).toContain('Мастер обнаружил: Колодки стёрты до металла');
    expect(extra.text).toContain('Итого дополнительно: 3\u00a0200,00\u00a0₽');
    const photo = h.telegram.chat(user.id).find((message) => message.photo);
    expect(photo?.text).toBe(`Фото к заказ-наряду № ${order.number}`);
    const sentBytes = Buffer.from(photo!.photo!.base64!, 'base64');
    expect(sentBytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(sentBytes.includes('Ivanov')).toBe(false);
    expect((await h.press(user, 'Согласовать')).message!.text).toContain('Дополнительные работы');

    const wipers = (await ok('POST', `${at}/parts`, {
      name: 'Щётки стеклоочистителя',
      quantity: 2,
      unitPriceKopecks: 45_000,
    })) as WorkOrder;
    await ok('POST', `${at}/approval-requests`, { lineIds: [wipers.lines.at(-1)!.lineId] });
    await approvalMessage(user, `Дополнительные работы по заказ-наряду № ${order.number}`);
    expect((await h.press(user, 'Отказаться')).message!.text).toContain('вы отказались');
    const declinedEvents = await h.eventsOf('ClientDeclined');
    expect(declinedEvents).toHaveLength(1);
    expect(declinedEvents[0]!.data.evidence.channel).toBe('telegram');

    // Done: the act has the agreed lines and the total, not the declined wipers.
    const done = (await ok('POST', `${at}/status`, { status: 'Done' }, mechanic, 200)) as WorkOrder;
    expect(done.totals.total).toBe(234_550 + 320_000);
    expect(done.declined.map((line) => line.name)).toEqual(['Щётки стеклоочистителя']);
    const act = await fetch(`${h.server.url}${at}/pdf?doc=act`, { headers: { authorization: `Bearer ${h.server.token}` } });
    expect(act.status).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await act.arrayBuffer())), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Акт выполненных работ № ${order.number} от`);
    expect(flat).toContain('Колодки тормозные передние');
    expect(flat).toContain('Итого: 5 545,50 ₽');
    expect(flat).not.toContain('Щётки');

    // Paid in two parts; the KPIs' revenue is their sum.
    await ok('POST', `${at}/payments`, { method: 'card', amountKopecks: 300_000 });
    const paid = (await ok('POST', `${at}/payments`, { method: 'cash', amountKopecks: 254_550 })) as WorkOrder;
    expect(paid.status).toBe('Paid');
    await h.server.waitForProjection();
    const today = Temporal.Now.plainDateISO(h.server.branch.timeZone).toString();
    const kpis = await ok(
      'GET',
      `/api/kpis/money?branchId=${h.server.branch.id}&from=${today}&to=${today}`,
      undefined,
      undefined,
      200,
    );
    expect(kpis.revenueKopecks).toBe(554_550);

    // A week later the car comes for its suspension at 52 000 km: the declined wipers come back with the estimate.
    day += 7;
    const next = await visit('Ольга Ёлкина', user, { service: 'Диагностика ходовой', odometerKm: 52_000, car: kia });
    await ok('POST', `/api/work-orders/${next.order.id}/approval-requests`, {});
    const second = await approvalMessage(user, `Смета по заказ-наряду № ${next.order.number}`);
    expect(second.text).toContain('Ранее рекомендовано (вы отказались):\n• Щётки стеклоочистителя — 900,00\u00a0₽');
    await ok('POST', `/api/work-orders/${next.order.id}/status`, { status: 'InWork' }, mechanic, 200);
    await ok('POST', `/api/work-orders/${next.order.id}/status`, { status: 'Done' }, mechanic, 200);

    // The car's own record lists both visits, the paid one with its total.
    await h.server.waitForProjection();
    const car = await ok('GET', `/api/cars/${encodeURIComponent(kia.plate)}`, undefined, undefined, 200);
    expect(car.visits.map((row: { workOrder: { number: number } }) => row.workOrder.number)).toEqual([
      next.order.number,
      order.number,
    ]);
    expect(car.visits[1].workOrder).toMatchObject({ status: 'Paid', totalKopecks: 554_550, odometerKm: 45_120 });

    // 6 880 km in a week: ten days on the oil is due by mileage (10 000 km after 45 120), and the
    // client gets one reminder that books the time it offers with one tap.
    clock = Date.parse(startAt(h.server.branch, day + 10, '09:00'));
    try {
      await h.server.runtime.maintenance.check();
      const reminder = await until(
        () => h.telegram.chat(user.id).find((message) => message.text.startsWith('🔧 Пора на техобслуживание: Замена масла')),
        'the maintenance reminder',
      );
      expect(reminder.text).toContain('Kia Rio Х555ХХ77');
      expect(reminder.text).toContain('пора по пробегу');
      const booked = await h.press(user, /^✅ Записаться на /);
      expect(booked.message!.text).toMatch(/^Вы записаны на /);
      const issued = (await h.eventsOf('MaintenanceReminderIssued')).at(-1)!;
      expect(issued.data).toMatchObject({ lastBookingId: bookingId, dueBy: 'km', dueKm: 55_120 });
      const requested = (await h.eventsOf('BookingRequested')).at(-1)!;
      expect(Date.parse(requested.data.start)).toBe(Date.parse(issued.data.offeredStart));
    } finally {
      clock = null;
    }
  });
});

describe('Refused with nothing written', () => {
  it('refuses a file that is not an image, a HEIC, an empty or a too large photo, and a tap on a changed estimate', async () => {
    const { user, order } = await visit('Пётр Отказов');
    const events = await h.server.eventCount();
    const notImage = await upload(order.id, Buffer.from('%PDF-1.7 not a photo at all'));
    expect(notImage.status).toBe(400);
    expect(((await notImage.json()) as { detail: string }).detail).toContain('not a JPEG, PNG or WebP');
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(40)]);
    expect(await (await upload(order.id, heic)).json()).toMatchObject({
      code: 'VALIDATION',
      detail: expect.stringContaining('HEIC'),
    });
    // Starts like a JPEG, is not one: decoding refuses it.
    expect((await upload(order.id, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]))).status).toBe(400);
    const huge = Buffer.alloc(PHOTO_LIMIT_BYTES + 1, 0xff);
    expect((await upload(order.id, huge)).status).toBe(413);
    expect((await upload(order.id, await cameraPhoto(), 'text/plain')).status).toBe(415);
    expect(await h.server.eventCount()).toBe(events);

    // A negative quantity and a total that does not add up.
    expect(
      (await api('POST', `/api/work-orders/${order.id}/parts`, { name: 'Масло', quantity: -1, unitPriceKopecks: 100 })).status,
    ).toBe(400);
    expect(
      (await api('POST', `/api/work-orders/${order.id}/status`, { status: 'Agreed', expectedTotalKopecks: 1 })).body.code,
    ).toBe('TOTAL_MISMATCH');
    expect(await h.server.eventCount()).toBe(events);

    // The estimate changed after it was sent: the old buttons agree to nothing.
    await ok('POST', `/api/work-orders/${order.id}/approval-requests`, {});
    await approvalMessage(user, `Смета по заказ-наряду № ${order.number}`);
    await ok('POST', `/api/work-orders/${order.id}/parts`, { name: 'Прокладка', quantity: 1, unitPriceKopecks: 10_000 });
    const tap = await h.press(user, 'Согласовать');
    expect(tap.answer?.text).toContain('Смета изменилась');
    expect((await h.eventsOf('ClientApproved')).filter((event) => event.data.workOrderId === order.id)).toEqual([]);
  });

  it('answers a second tap on «Согласовать» with a short answer, not a second message', async () => {
    const { user, order } = await visit('Дина Дважды');
    await ok('POST', `/api/work-orders/${order.id}/approval-requests`, {});
    const estimate = await approvalMessage(user, `Смета по заказ-наряду № ${order.number}`);
    const approve = estimate.reply_markup!.inline_keyboard!.flat().find((button) => button.text === '✅ Согласовать')!;
    const first = await h.pressData(user, estimate, approve.callback_data!);
    expect(first.message!.text).toBe(`Смета по заказ-наряду № ${order.number}: согласовано. Спасибо!`);
    const before = h.telegram.chat(user.id).length;
    const second = await h.pressData(user, estimate, approve.callback_data!);
    expect(second.answer?.text).toBe('Ответ уже получен.');
    expect(h.telegram.chat(user.id)).toHaveLength(before);
    expect((await h.eventsOf('ClientApproved')).filter((event) => event.data.workOrderId === order.id)).toHaveLength(1);
  });

  it('tells a client who agrees to the estimate of a visit cancelled since that it was cancelled', async () => {
    const { user, bookingId, order } = await visit('Вера Передумала');
    await ok('POST', `/api/work-orders/${order.id}/approval-requests`, {});
    const estimate = await approvalMessage(user, `Смета по заказ-наряду № ${order.number}`);
    await ok('POST', `/api/bookings/${bookingId}/status`, { status: 'Cancelled', reason: 'station' }, undefined, 200);
    const tap = await h.press(user, 'Согласовать');
    expect(tap.answer?.text).toBe('Запись отменена — согласовывать больше нечего.');
    // Nothing is left to agree to: the buttons are gone.
    const shown = h.telegram.chat(user.id).find((message) => message.message_id === estimate.message_id)!;
    expect((shown.reply_markup?.inline_keyboard ?? []).flat()).toEqual([]);
    expect((await h.eventsOf('ClientApproved')).filter((event) => event.data.workOrderId === order.id)).toEqual([]);
  });
});

describe('Erasure of the client', () => {
  it('makes their photos unreadable and keeps them out of the export', async () => {
    const { order } = await visit('Анна Стёртая');
    const uploaded = await upload(order.id, await cameraPhoto());
    const { photoId } = (await uploaded.json()) as { photoId: string };
    await ok(
      'POST',
      `/api/work-orders/${order.id}/findings`,
      { note: 'Трещина на лобовом стекле', photoIds: [photoId] },
      mechanic,
    );
    const photoUrl = `${h.server.url}/api/work-orders/${order.id}/photos/${photoId}`;
    expect((await fetch(photoUrl, { headers: mechanic })).status).toBe(200);
    // The desk reads the mechanic's words on the card; the read model keeps them sealed.
    await h.server.waitForProjection();
    const noteOnCard = async () =>
      ((await ok('GET', `/api/bookings/${order.bookingId}/work-order`, undefined, mechanic, 200)) as WorkOrder).findings[0]!.note;
    expect(await noteOnCard()).toBe('Трещина на лобовом стекле');
    const kept = await h.server.runtime.pool.query<{ state: string }>('SELECT state::text FROM rm.work_orders WHERE id = $1', [
      order.id,
    ]);
    expect(kept.rows[0]!.state).not.toContain('Трещина');
    // A read model folded before states kept the notes gets them from the log when the server migrates.
    const { pool } = h.server.runtime;
    await pool.query(
      `UPDATE rm.work_orders SET state = jsonb_set(state, '{findings,0}', (state->'findings'->0) - 'note') WHERE id = $1`,
      [order.id],
    );
    const sealedNoteKept = async () =>
      (
        await pool.query<{ kept: boolean }>(`SELECT (state->'findings'->0) ? 'note' AS kept FROM rm.work_orders WHERE id = $1`, [
          order.id,
        ])
      ).rows[0]!.kept;
    expect(await sealedNoteKept()).toBe(false);
    await migrate(pool, h.server.databaseUrl);
    expect(await sealedNoteKept()).toBe(true);
    const clientId = (
      await h.server.runtime.pool.query<{ client_id: string }>('SELECT client_id FROM rm.bookings WHERE id = $1', [
        order.bookingId,
      ])
    ).rows[0]!.client_id;

    // Another client's photo is not this order's: said as not found, not a server error.
    const other = await visit('Борис Чужой');
    const { photoId: othersPhoto } = (await (await upload(other.order.id, await cameraPhoto())).json()) as { photoId: string };
    const borrowed = await api('POST', `/api/work-orders/${order.id}/findings`, { photoIds: [othersPhoto] }, mechanic);
    expect(borrowed.status).toBe(404);

    await ok('POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request' }, officer);
    expect((await fetch(photoUrl, { headers: mechanic })).status).toBe(404);
    expect(await noteOnCard()).toBeNull();
    // Nothing new of an erased client is kept: a finding or a photo is refused in words, not a 500.
    const note = await api('POST', `/api/work-orders/${order.id}/findings`, { note: 'после стирания' }, mechanic);
    expect(note.status).toBe(409);
    expect(note.body.code).toBe('CLIENT_ERASED');
    expect((await upload(order.id, await cameraPhoto())).status).toBe(409);
    const trail = await api('GET', `/api/compliance/clients/${clientId}/trail?format=json`, undefined, officer);
    expect(JSON.stringify(trail.body)).not.toContain('Трещина');
    const act = await fetch(`${h.server.url}/api/work-orders/${order.id}/pdf?doc=order`, {
      headers: { authorization: `Bearer ${h.server.token}` },
    });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await act.arrayBuffer())), { mergePages: true });
    expect(text).not.toContain('Анна Стёртая');
  });
});
