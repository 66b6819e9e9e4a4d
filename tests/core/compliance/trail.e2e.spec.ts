import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../support/pdf-text.ts';
import { crossTransactionDigits } from '../../support/transaction-ids.ts';
import { startAt, startTestServer, type TestServer } from '../../support/test-server.ts';

let server: TestServer;
let manager: { token: string; id: string };
let officer: { token: string; id: string };

const SHARED_PLATE = 'О555ОО77';
const FIRST = { name: 'Фёкла Ивановна Самоварова', phone: '+79260000101', comment: 'Скрип тормозов у Фёклы' };
const SECOND = { name: 'Гаврила Петрович Прянишников', phone: '+79260000202', comment: 'Гаврила просит позвонить после обеда' };

let first: { clientId: string; bookings: string[] };
let second: { clientId: string; bookings: string[] };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(token));

const book = async (client: typeof FIRST, days: number, time: string) => {
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, days, time),
    client: { name: client.name, phone: client.phone },
    car: { make: 'Лада', model: 'Гранта', plate: SHARED_PLATE },
    comment: client.comment,
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id as string;
};

const clientIdOf = async (name: string) =>
  (await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [name])).rows[0]!.id;

beforeAll(async () => {
  server = await startTestServer();
  manager = await server.addUser('manager');
  officer = await server.addUser('compliance');
  // The two clients share a car (same plate): one family, two people, two clients.
  const firstBookings = [await book(FIRST, 2, '10:00'), await book(FIRST, 4, '10:00')];
  const secondBookings = [await book(SECOND, 2, '12:00')];
  expect((await server.api('POST', `/api/bookings/${firstBookings[0]}/status`, { status: 'Confirmed' })).status).toBe(200);
  expect((await server.api('POST', `/api/bookings/${secondBookings[0]}/status`, { status: 'Confirmed' })).status).toBe(200);
  await server.waitForProjection();
  first = { clientId: await clientIdOf(FIRST.name), bookings: firstBookings };
  second = { clientId: await clientIdOf(SECOND.name), bookings: secondBookings };
  // Staff look at both: a search listing both, and one card each.
  expect((await as(manager.token, 'GET', `/api/clients?q=${encodeURIComponent(SHARED_PLATE)}`)).body.clients).toHaveLength(2);
  expect((await as(manager.token, 'GET', `/api/clients/${first.clientId}`)).status).toBe(200);
  expect((await as(manager.token, 'GET', `/api/clients/${second.clientId}`)).status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe('Trail export', () => {
  let trail: any;

  beforeAll(async () => {
    const response = await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail`);
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    trail = response.body;
  });

  it('holds exactly the events of the client stream and of their bookings, opened', async () => {
    const streams = [`client-${first.clientId}`, ...first.bookings.map((id) => `booking-${id}`)];
    const { rows } = await server.runtime.pool.query<{ stream_id: string; position: number }>(
      'SELECT stream_id, stream_position::int AS position FROM emt_messages WHERE stream_id = ANY($1::text[]) ORDER BY global_position',
      [streams],
    );
    expect(trail.events.map((event: any) => `${event.stream}#${event.position}`).sort()).toEqual(
      rows.map((row) => `${row.stream_id}#${row.position}`).sort(),
    );
    const registered = trail.events.find((event: any) => event.type === 'ClientRegistered');
    expect(registered.data.profile).toEqual({ sealed: true, value: { name: FIRST.name, phone: FIRST.phone } });
    expect(trail.subject).toMatchObject({
      clientId: first.clientId,
      status: 'active',
      profile: { name: FIRST.name, phone: FIRST.phone },
      sources: ['panel'],
    });
    expect(trail.subject.cars).toEqual([expect.objectContaining({ plate: SHARED_PLATE })]);
    expect(trail.bookings.map((booking: any) => booking.id).sort()).toEqual([...first.bookings].sort());
    expect(trail.bookings[0]).toMatchObject({ status: 'Confirmed', services: ['Замена масла'] });
    expect(trail.bookings[0].details).toMatchObject({ comment: FIRST.comment, car: { plate: SHARED_PLATE } });
  });

  it('holds none of the other client’s data, though they share the car', () => {
    const text = JSON.stringify(trail);
    for (const value of [SECOND.name, SECOND.phone, SECOND.comment, second.clientId, ...second.bookings]) {
      expect(text.includes(value), value).toBe(false);
    }
  });

  it('lists the log entries about the client, and only them', () => {
    const actions = trail.accessLog.map((entry: any) => entry.action);
    expect(actions).toEqual(['search', 'card-view']);
    expect(trail.accessLog.every((entry: any) => entry.clientIds.length === 1)).toBe(true);
  });

  it('says what art. 14 part 7 requires, in the station’s own words when it has them', async () => {
    const titles = trail.notice.map((part: any) => part.key);
    expect(titles).toEqual(
      expect.arrayContaining(['operator', 'purposes', 'legal-bases', 'retention', 'recipients', 'processors', 'cross-border']),
    );
    expect(trail.notice.find((part: any) => part.key === 'operator').text).toContain('Демо СТО');
    // By default the operator is named from the details the owner keeps for documents, once they are there.
    await server.runtime.pool.query(
      'UPDATE organizations SET legal_name = $2, inn = $3, ogrn = $4, legal_address = $5 WHERE id = $1',
      [server.branch.orgId, 'ООО «Автосервис Ленина»', '7707083893', '1027700132195', 'г. Москва, ул. Ленина, д. 5'],
    );
    const named = (await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail`)).body;
    expect(named.notice.find((part: any) => part.key === 'operator').text).toBe(
      'ООО «Автосервис Ленина», ИНН 7707083893, ОГРН 1027700132195, г. Москва, ул. Ленина, д. 5',
    );

    expect((await as(manager.token, 'PUT', '/api/compliance/texts/operator', { text: 'ООО «Ромашка»' })).status).toBe(403);
    const put = await as(server.token, 'PUT', '/api/compliance/texts/operator', {
      text: 'ООО «Демо СТО», Москва, ул. Ленина, 1',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ key: 'operator', isDefault: false });
    expect((await as(server.token, 'PUT', '/api/compliance/texts/nonsense', { text: 'x' })).status).toBe(400);
    // A consent longer than one Telegram message (with the station's name filled in) is refused and not saved.
    const before = (await as(officer.token, 'GET', '/api/compliance/texts')).body.texts;
    const long = await as(officer.token, 'PUT', '/api/compliance/texts/consent-personal-data', {
      text: `«{organization}» ${'согласие '.repeat(455)}`,
    });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ code: 'VALIDATION' });
    expect((await as(officer.token, 'GET', '/api/compliance/texts')).body.texts).toEqual(before);
    const again = await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail`);
    expect(again.body.notice.find((part: any) => part.key === 'operator').text).toBe('ООО «Демо СТО», Москва, ул. Ленина, 1');
  });

  it('renders a readable HTML report with every value escaped', async () => {
    const response = await as(officer.token, 'GET', `/api/compliance/clients/${first.clientId}/trail?format=html`);
    expect(response.status).toBe(200);
    expect(typeof response.body).toBe('string');
    expect(response.body).toContain('Сведения об обработке персональных данных');
    expect(response.body).toContain(FIRST.name);
    expect(response.body).toContain('Трансграничная передача');
    expect(response.body).not.toContain(SECOND.name);
    expect(response.body).toContain('ООО «Демо СТО»');
  });

  it('gives the same report as a PDF with the Cyrillic text intact', async () => {
    const response = await fetch(`${server.url}/api/compliance/clients/${first.clientId}/trail?format=pdf`, {
      headers: bearer(officer.token),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await pdfText(await response.arrayBuffer());
    expect(text).toContain('Сведения об обработке персональных данных');
    expect(text).toContain(FIRST.name);
    expect(text).toContain('Трансграничная передача');
    expect(text).not.toContain(SECOND.name);
  });

  it('logs every export in the access and security logs', async () => {
    const access = (await as(officer.token, 'GET', `/api/compliance/access-log?clientId=${first.clientId}`)).body.entries;
    expect(access.filter((entry: any) => entry.action === 'export').map((entry: any) => entry.details.format)).toEqual([
      'pdf',
      'html',
      'json',
      'json',
      'json',
    ]);
    const security = (await as(officer.token, 'GET', '/api/compliance/security-log')).body.entries;
    expect(security.filter((entry: any) => entry.action === 'export')).toHaveLength(5);
  });

  it('answers 404 for an unknown client', async () => {
    const response = await as(officer.token, 'GET', '/api/compliance/clients/00000000-0000-4000-8000-000000000009/trail');
    expect(response.status).toBe(404);
  });
});

describe('The answer a person reads', () => {
  const PERSON = { name: 'Евлампий Заказов', phone: '+79260000404', comment: 'Стучит подвеска' };
  const VIN = 'XTAGFL110LY654321';
  let clientId: string;
  let start: string;
  let json: any;
  let html: string;

  beforeAll(async () => {
    start = startAt(server.branch, 3, '10:00');
    const booked = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start,
      client: { name: PERSON.name, phone: PERSON.phone },
      car: { make: 'Лада', model: 'Веста', plate: 'К404КК77' },
      comment: PERSON.comment,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await server.waitForProjection();
    clientId = await clientIdOf(PERSON.name);
    const opened = await server.api('POST', `/api/bookings/${booked.body.id}/work-order`, { vin: VIN, odometerKm: 42_150 });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const orderId = opened.body.id as string;
    expect(
      (await server.api('POST', `/api/work-orders/${orderId}/works`, { serviceId: server.service('Замена масла').id })).status,
    ).toBe(201);
    let due = 0;
    for (const status of ['InWork', 'Done']) {
      const moved = await server.api('POST', `/api/work-orders/${orderId}/status`, { status });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      due = moved.body.totals.due;
    }
    const paid = await server.api('POST', `/api/work-orders/${orderId}/payments`, { method: 'card', amountKopecks: due });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    await server.runtime.deps.inbox.receive({
      orgId: server.branch.orgId,
      clientId,
      channel: 'telegram',
      kind: 'text',
      body: { text: 'Можно забрать машину после шести?' },
    });
    await server.runtime.deps.inbox.reply({ orgId: server.branch.orgId, userId: manager.id }, clientId, 'Да, до восьми ждём');
    const task = await as(manager.token, 'POST', '/api/tasks', {
      branchId: server.branch.id,
      assigneeId: manager.id,
      kind: 'call_back',
      title: 'Перезвонить Евлампию про подвеску',
      dueAt: startAt(server.branch, 1, '12:00'),
      clientId,
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    expect((await as(manager.token, 'GET', `/api/clients/${clientId}`)).status).toBe(200);
    expect((await as(manager.token, 'GET', `/api/inbox/${clientId}`)).body.messages).toHaveLength(2);
    // Two status messages went by SMS, one of them in vain.
    for (const [position, outcome] of [
      [9_200_000_001, 'sent'],
      [9_200_000_002, 'failed'],
    ] as const) {
      await server.runtime.pool.query(
        `INSERT INTO delivery_attempts (org_id, branch_id, client_id, channel, outcome, global_position) VALUES ($1, $2, $3, 'sms', $4, $5)`,
        [server.branch.orgId, server.branch.id, clientId, outcome, position],
      );
    }
    json = (await as(officer.token, 'GET', `/api/compliance/clients/${clientId}/trail`)).body;
    const page = await as(officer.token, 'GET', `/api/compliance/clients/${clientId}/trail?format=html`);
    expect(page.status).toBe(200);
    html = page.body as string;
  });

  it('holds the work order, the conversation and the tasks, not only the bookings', () => {
    expect(json.workOrders).toHaveLength(1);
    expect(json.workOrders[0]).toMatchObject({ vin: VIN, odometerKm: 42_150, status: 'Paid', dueKopecks: 0 });
    expect(json.workOrders[0].lines.map((line: any) => line.name)).toEqual(['Замена масла']);
    expect(json.workOrders[0].payments).toMatchObject([{ method: 'card', refundedKopecks: 0 }]);
    expect(json.conversation.map((message: any) => [message.direction, message.text])).toEqual([
      ['in', 'Можно забрать машину после шести?'],
      ['out', 'Да, до восьми ждём'],
    ]);
    expect(json.tasks).toMatchObject([{ kind: 'call_back', title: 'Перезвонить Евлампию про подвеску', status: 'Open' }]);
    expect(json.deliveries).toEqual([{ channel: 'sms', sent: 1, failed: 1 }]);
    // The officer's own copy names the staff who looked; the person's copy (trail-release.e2e) does not.
    expect(json.accessLog.filter((entry: any) => entry.userId === manager.id).map((entry: any) => entry.userName)).toContain(
      'manager',
    );
  });

  it('reads as a document: Russian words, the station’s wall clock, no ids, codes or machine times', () => {
    const [date, time] = new Intl.DateTimeFormat('ru-RU', {
      timeZone: server.branch.timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(new Date(start))
      .split(', ');
    for (const needle of [
      `${date} ${time}–`,
      server.branch.name,
      'выполнена',
      'открыл карточку клиента',
      'прочитал переписку',
      'manager (менеджер)',
      `Заказ-наряд № ${json.workOrders[0].number}`,
      VIN,
      'оплачен',
      'картой',
      'Можно забрать машину после шести?',
      'Да, до восьми ждём',
      'Перезвонить Евлампию про подвеску',
      'перезвонить',
      'Сообщения о записях',
      // The default notice says what the product does: delivery services get the number and the text, Telegram may be abroad.
      'SMS-шлюз, почтовый сервер',
      'серверы Telegram, которые могут находиться за пределами России',
      'госномер, VIN, пробег',
      '<td>СМС</td><td>1</td><td>1</td>',
      'Лада Веста К404КК77',
      PERSON.comment,
      '+7 926 000-04-04',
    ]) {
      expect(html, needle).toContain(needle);
    }
    expect(html).toMatch(/42\s150 км/);
    expect(html).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    for (const code of [
      'ConsentGiven',
      'personal-data',
      'card-view',
      'phone-reveal',
      '>Confirmed<',
      '>Paid<',
      'telegram<',
      '{&quot;',
    ]) {
      expect(html, code).not.toContain(code);
    }
  });

  it('lists the conversation and the VIN among what the erasure destroyed', async () => {
    const erased = await as(officer.token, 'POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request' });
    expect(erased.status, JSON.stringify(erased.body)).toBe(201);
    expect(erased.body.act.categories).toEqual(
      expect.arrayContaining([
        'переписка со станцией в мессенджере',
        'VIN или номер кузова автомобиля',
        'фамилия, имя, отчество',
      ]),
    );
    const after = await as(officer.token, 'GET', `/api/compliance/clients/${clientId}/trail`);
    expect(after.body.subject.status).toBe('erased');
    expect(after.body.conversation).toEqual([]);
    expect(after.body.workOrders[0]).toMatchObject({ vin: null, odometerKm: 42_150 });
  });
});

describe('Trail of a client whose events straddle a change in the transaction ids’ digits', () => {
  it('folds them in commit order: the booking done, the profile as last changed', async () => {
    const client = { name: 'Терентий Разрядов', phone: '+79260000303', comment: 'Проверка порядка' };
    const bookingId = await book(client, 3, '15:00');
    await server.waitForProjection();
    const clientId = await clientIdOf(client.name);
    const digits = await crossTransactionDigits(server.runtime.pool);
    expect(digits.after).toBeGreaterThan(digits.before);
    for (const status of ['Confirmed', 'InProgress', 'Done']) {
      expect((await server.api('POST', `/api/bookings/${bookingId}/status`, { status })).status).toBe(200);
    }
    expect((await server.api('PATCH', `/api/clients/${clientId}`, { email: 'terenty@example.ru' })).status).toBe(200);
    const trail = (await as(officer.token, 'GET', `/api/compliance/clients/${clientId}/trail`)).body;
    expect(trail.bookings).toMatchObject([{ id: bookingId, status: 'Done' }]);
    expect(trail.subject.profile).toMatchObject({ name: client.name, email: 'terenty@example.ru' });
    expect(trail.events[0].type).toBe('ClientRegistered');
  });
});
