import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClients } from '../../domain/setup/demo-week.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// Wednesday 10 March 2027, 13:20 in Moscow: the demo's today has visits done, one under way and some ahead.
const NOW = Date.parse('2027-03-10T13:20:00+03:00');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ now: () => NOW });
});
afterAll(async () => {
  await server?.stop();
});

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe('Station-kind templates', () => {
  it('adds the general-repair services and the bays for work no bay does yet, once however often it is applied', async () => {
    const first = await server.api('POST', '/api/station-templates/general', { branchId: server.branch.id });
    expect(first.status).toBe(200);
    // The demo branch already has two lifts, an alignment-capable bay and the oil change.
    expect(first.body).toEqual({
      bays: ['Пост диагностики'],
      services: ['Компьютерная диагностика', 'Замена тормозных колодок', 'Замена ремня ГРМ', 'Ремонт электрики'],
    });
    const again = await server.api('POST', '/api/station-templates/general', { branchId: server.branch.id });
    expect(again.body).toEqual({ bays: [], services: [] });
    const services = (await server.api('GET', `/api/services?branchId=${server.branch.id}&all=true`)).body;
    expect(names(services).filter((name: string) => name === 'Замена масла')).toHaveLength(1);
    const bays = (await server.api('GET', `/api/bays?branchId=${server.branch.id}`)).body;
    expect(bays.find((bay: { name: string }) => bay.name === 'Пост диагностики').kinds).toEqual(['diagnostics', 'electrics']);
  });

  it('keeps what the owner changed: a price, a switched-off service, a renamed bay', async () => {
    const branch = (await server.api('POST', '/api/branches', { name: 'Шины на Мира', timeZone: 'Europe/Moscow', hours: {} }))
      .body;
    const made = await server.api('POST', '/api/station-templates/tyres', { branchId: branch.id });
    expect(made.body.bays).toEqual(['Шиномонтаж 1', 'Шиномонтаж 2', 'Стенд развал-схождения']);
    const services = (await server.api('GET', `/api/services?branchId=${branch.id}&all=true`)).body;
    const balance = services.find((one: { name: string }) => one.name === 'Балансировка (4 колеса)');
    const puncture = services.find((one: { name: string }) => one.name === 'Ремонт прокола');
    await server.api('PATCH', `/api/services/${balance.id}`, { priceRub: 1500 });
    await server.api('PATCH', `/api/services/${puncture.id}`, { active: false });
    const bay = (await server.api('GET', `/api/bays?branchId=${branch.id}`)).body[0];
    await server.api('PATCH', `/api/bays/${bay.id}`, { name: 'Шиномонтаж у ворот' });

    const again = await server.api('POST', '/api/station-templates/tyres', { branchId: branch.id });
    expect(again.body).toEqual({ bays: [], services: [] });
    const after = (await server.api('GET', `/api/services?branchId=${branch.id}&all=true`)).body;
    expect(after).toHaveLength(services.length);
    expect(after.find((one: { id: string }) => one.id === balance.id).priceRub).toBe(1500);
    expect(after.find((one: { id: string }) => one.id === puncture.id).active).toBe(false);
    expect(names((await server.api('GET', `/api/bays?branchId=${branch.id}`)).body)).toEqual([
      'Шиномонтаж у ворот',
      'Шиномонтаж 2',
      'Стенд развал-схождения',
    ]);
  });

  it('refuses an unknown kind, an unknown branch and anyone but the owner, writing nothing', async () => {
    const before = (await server.runtime.pool.query('SELECT count(*)::int AS n FROM services')).rows[0].n;
    expect((await server.api('POST', '/api/station-templates/bakery', { branchId: server.branch.id })).body.code).toBe(
      'VALIDATION',
    );
    const unknown = await server.api('POST', '/api/station-templates/body', { branchId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    const manager = await server.addUser('manager');
    const refused = await server.api(
      'POST',
      '/api/station-templates/body',
      { branchId: server.branch.id },
      { authorization: `Bearer ${manager.token}` },
    );
    expect(refused.status).toBe(403);
    expect((await server.runtime.pool.query('SELECT count(*)::int AS n FROM services')).rows[0].n).toBe(before);
  });
});

describe('The demo branch', () => {
  const realViews = async () => {
    await server.waitForProjection();
    const board = await server.api('GET', `/api/board?branchId=${server.branch.id}&date=2027-03-11`);
    const kpis = await server.api('GET', '/api/kpis?from=2027-03-01&to=2027-03-12');
    const clients = await server.api('GET', '/api/clients');
    const branches = await server.api('GET', '/api/branches');
    return { board: board.body, kpis: kpis.body, clients: clients.body, branches: branches.body };
  };

  it('fills a separate branch with a week in every status, shows its figures, and removes it leaving the station as it was', async () => {
    const real = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: '2027-03-11T10:00+03:00',
      client: { name: 'Настоящий Клиент', phone: '+79161112233' },
      channel: 'phone',
    });
    expect(real.status).toBe(201);
    await server.api('POST', `/api/bookings/${real.body.id}/status`, { status: 'Confirmed' });
    const before = await realViews();
    expect(before.clients.total).toBe(1);

    const made = await server.api('POST', '/api/demo');
    expect(made.status).toBe(200);
    const demoId = made.body.branchId as string;
    expect(made.body.clients).toBe(demoClients.length);
    await server.waitForProjection();
    expect((await server.api('GET', '/api/demo')).body).toMatchObject({ active: true, bookings: 26 });
    expect((await server.api('POST', '/api/demo')).body.branchId).toBe(demoId);

    const demoBranch = (await server.api('GET', '/api/branches')).body.find((one: { id: string }) => one.id === demoId);
    expect(demoBranch.name).toBe('Демо-филиал (пример)');
    const week = await Promise.all(
      ['2027-03-08', '2027-03-09', '2027-03-10', '2027-03-11'].map(
        async (date) => (await server.api('GET', `/api/board?branchId=${demoId}&date=${date}`)).body,
      ),
    );
    const cards = week.flatMap((board) => board.columns.flatMap((column: { cards: unknown[] }) => column.cards));
    expect(new Set(cards.map((card) => card.status))).toEqual(new Set(['New', 'Confirmed', 'InProgress', 'Done', 'Cancelled']));
    expect(new Set(cards.map((card) => card.channel))).toEqual(new Set(['telegram', 'phone']));
    expect(cards.map((card) => card.clientName)).toContain('Васильев Дмитрий');
    // Sealed like any client's: no demo name or phone in the log in plain text.
    const { rows: plain } = await server.runtime.pool.query(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_data::text LIKE '%Васильев%' OR message_data::text LIKE '%79000000105%'`,
    );
    expect(plain[0].n).toBe(0);

    const figures = (await server.api('GET', `/api/kpis?branchId=${demoId}&from=2027-03-04&to=2027-03-10`)).body;
    const tile = (key: string) => figures.tiles.find((one: { key: string }) => one.key === key).value;
    expect(tile('done')).toBeGreaterThanOrEqual(12);
    expect(tile('noShows')).toBe(1);
    expect(tile('botShare')).toBeGreaterThan(0);
    expect(tile('slaMisses')).toBeGreaterThan(0);

    // The station's own board, figures and client list do not see the demo.
    const during = await realViews();
    expect(during.board).toEqual(before.board);
    expect(during.kpis).toEqual(before.kpis);
    expect(during.clients).toEqual(before.clients);

    const removed = await server.api('DELETE', '/api/demo');
    expect(removed.body).toEqual({ active: false, branchId: null, bookings: 0, clients: 0 });
    expect(await realViews()).toEqual(before);
    const pool = server.runtime.pool;
    for (const table of ['bookings', 'calendar', 'kpi_bookings', 'kpi_daily', 'kpi_refusals']) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM rm.${table} WHERE branch_id = $1`, [demoId]);
      expect(rows[0].n, table).toBe(0);
    }
    const { rows: left } = await pool.query(
      `SELECT (SELECT count(*)::int FROM client_keys WHERE client_id IN (SELECT client_id FROM demo_clients)) AS keys,
              (SELECT count(*)::int FROM rm.clients WHERE id IN (SELECT client_id FROM demo_clients)) AS clients,
              (SELECT count(*)::int FROM branches WHERE id = $1) + (SELECT count(*)::int FROM bays WHERE branch_id = $1)
                + (SELECT count(*)::int FROM services WHERE branch_id = $1) AS settings`,
      [demoId],
    );
    expect(left[0]).toEqual({ keys: 0, clients: 0, settings: 0 });
    expect((await server.api('DELETE', '/api/demo')).status).toBe(404);
  }, 120_000);

  it('leaves out a demo phone that is already a client of the station, and keeps that client on removal', async () => {
    const known = demoClients[0]!;
    const real = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: '2027-03-12T12:00+03:00',
      client: { name: 'Тот Самый', phone: known.phone },
      channel: 'phone',
    });
    expect(real.status).toBe(201);
    const made = (await server.api('POST', '/api/demo')).body;
    expect(made.clients).toBe(demoClients.length - 1);
    await server.waitForProjection();
    await server.api('DELETE', '/api/demo');
    await server.waitForProjection();
    const card = (await server.api('GET', `/api/board?branchId=${server.branch.id}&date=2027-03-12`)).body.columns.flatMap(
      (column: { cards: { id: string; clientName: string }[] }) => column.cards,
    );
    expect(card.find((one: { id: string }) => one.id === real.body.id).clientName).toBe('Тот Самый');
  }, 120_000);
});
