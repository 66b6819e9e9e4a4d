import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, waitForReadModels } from '../../support/database.ts';
import { spawnServer, stopServer, type ServerProcess } from '../../support/server-process.ts';
import { testPasswords } from '../../support/test-server.ts';
import { pdfText } from '../../support/pdf-text.ts';

/**
 * The erasure acceptance test, against `npm start`'s server as a real process logging at trace
 * level: after a client is erased, no table of the database, no export, no log line and no event
 * payload yields their name, phone, plate or comment, while their bookings still count.
 */

const owner = { OWNER_EMAIL: 'owner@erasure.local', OWNER_PASSWORD: 'erasure-password-1' };
const officerLogin = { email: 'dpo@erasure.local', password: 'officer-password-1' };

const ERASED = {
  name: 'Евлампия Зиновьевна Кукушкина',
  phone: '+79161234567',
  plate: 'Т913РХ799',
  comment: 'Стучит слева при повороте у дачи в Малаховке',
};
const KEPT = { name: 'Пафнутий Остапович Чебышёв', phone: '+79037654321', plate: 'М202ММ50' };

/** Every way the erased values could be written down: as typed, digits only, Latin look-alikes. */
const needles = [
  ERASED.name,
  'Кукушкина',
  'Евлампия',
  ERASED.phone,
  '9161234567',
  '79161234567',
  '916 123-45-67',
  ERASED.plate,
  'T913PX799',
  ERASED.comment,
  'Малаховке',
];

let server: ServerProcess;
let db: pg.Pool;
let token: string;
let officer: string;
let branch: { id: string; orgId: string; timeZone: string };
let services: { id: string; name: string }[];

const call = async (method: string, path: string, body?: unknown, as = token) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${as}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML documents stay text.
  }
  return { status: response.status, body: parsed, text };
};

const login = async (email: string, password: string) => {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return ((await response.json()) as { token: string }).token;
};

const startAt = (days: number, time: string) =>
  Temporal.Now.plainDateISO(branch.timeZone)
    .add({ days })
    .toZonedDateTime({ timeZone: branch.timeZone, plainTime: Temporal.PlainTime.from(time) })
    .toString({ timeZoneName: 'never', smallestUnit: 'minute' });

const book = async (client: { name: string; phone: string; plate: string }, days: number, time: string, comment?: string) => {
  const booked = await call('POST', '/api/bookings', {
    branchId: branch.id,
    serviceId: services.find((service) => service.name.startsWith('Диагностика'))!.id,
    start: startAt(days, time),
    client: { name: client.name, phone: client.phone },
    car: { make: 'ВАЗ', model: '2107', plate: client.plate },
    ...(comment ? { comment } : {}),
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  return booked.body.id as string;
};

/** Every row of every table in every schema, as text: the database dump the law's test searches. */
const dumpDatabase = async (): Promise<string> => {
  const { rows: tables } = await db.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query<{ row: string }>(
      `SELECT t::text AS row FROM "${table.table_schema}"."${table.table_name}" t`,
    );
    parts.push(`-- ${table.table_schema}.${table.table_name}`, ...rows.map((row) => row.row));
  }
  return parts.join('\n');
};

const expectNoneOf = (text: string, where: string) => {
  for (const needle of needles) expect(text.includes(needle), `${where} contains «${needle}»`).toBe(false);
};

let clientId: string;
let keptClientId: string;
let requestId: string;
let rectificationId: string;
let deliveriesBefore: { attempts: number; messages: number };

const deliveriesOf = async (id: string) =>
  (
    await db.query<{ attempts: number; messages: number }>(
      `SELECT (SELECT count(*)::int FROM delivery_attempts WHERE client_id = $1) AS attempts,
              (SELECT count(*)::int FROM status_deliveries WHERE client_id = $1) AS messages`,
      [id],
    )
  ).rows[0]!;
let bookingIds: string[];
/** The live feed's last change before the erasure. */
let livePositionBefore: string;
let countsBefore: { bookings: number; done: number };
/** The owner's KPI report of the current period before the erasure: tiles and funnel. */
let kpisBefore: { tiles: { key: string; value: number; change: number }[]; funnel: { stage: string; count: number }[] };

beforeAll(async () => {
  const databaseUrl = await freshDatabase();
  server = await spawnServer('node', { DATABASE_URL: databaseUrl, LOG_LEVEL: 'trace', ...owner });
  db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  token = await login(owner.OWNER_EMAIL, owner.OWNER_PASSWORD);
  branch = (await call('GET', '/api/branches')).body[0];
  services = (await call('GET', `/api/services?branchId=${branch.id}`)).body;
  await db.query(`INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5, 'compliance')`, [
    randomUUID(),
    branch.orgId,
    officerLogin.email,
    'Ответственный Иванов',
    await testPasswords.hash(officerLogin.password),
  ]);
  officer = await login(officerLogin.email, officerLogin.password);

  // Two bookings of the client to erase (one done), one of a client who stays.
  bookingIds = [await book(ERASED, 2, '10:00', ERASED.comment), await book(ERASED, 3, '11:00')];
  await book(KEPT, 2, '12:00', 'Клиент остаётся');
  for (const status of ['Confirmed', 'InProgress', 'Done']) {
    expect((await call('POST', `/api/bookings/${bookingIds[0]}/status`, { status })).status).toBe(200);
  }
  await waitForReadModels(db);
  const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM rm.clients');
  clientId = rows.find((row) => row.name === ERASED.name)!.id;
  keptClientId = rows.find((row) => row.name === KEPT.name)!.id;

  // Staff work with the client: searches by name, phone and plate, a card, a phone reveal, a consent.
  for (const q of [ERASED.name, '9161234567', ERASED.plate]) {
    expect((await call('GET', `/api/clients?q=${encodeURIComponent(q)}`)).status).toBe(200);
  }
  expect((await call('GET', `/api/clients/${clientId}`)).status).toBe(200);
  expect((await call('POST', `/api/clients/${clientId}/reveal-phone`)).body.phone).toBe(ERASED.phone);
  expect(
    (
      await call('POST', `/api/clients/${clientId}/consents`, {
        purpose: 'personal-data',
        noticeVersion: 'paper-1',
        textHash: 'b'.repeat(64),
      })
    ).status,
  ).toBe(201);

  // Tasks about the client and about their booking, their name and number typed into the titles.
  for (const link of [{ clientId }, { bookingId: bookingIds[1] }]) {
    const task = await call('POST', '/api/tasks', {
      branchId: branch.id,
      kind: 'call_back',
      title: `Перезвонить: ${ERASED.name}, ${ERASED.phone}, ${ERASED.plate}`,
      assigneeId: (await call('GET', '/api/auth/me')).body.id,
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      ...link,
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
  }

  // The bot knew the client: a linked chat and a wizard with the car typed in plain text.
  await db.query(
    `INSERT INTO bot_sessions (user_key, org_id, client_id, data, expires_at) VALUES ('tg-key-1', $1, $2, $3, now() + interval '1 day')`,
    [branch.orgId, clientId, JSON.stringify({ wizard: { id: 'w', mode: 'new', step: 'comment', car: { plate: ERASED.plate } } })],
  );
  await db.query(
    `INSERT INTO bot_chats (user_key, org_id, client_id, chat_id, profile) VALUES ('tg-key-1', $1, $2, 4242, '{"iv":"x","data":"y"}')`,
    [branch.orgId, clientId],
  );

  // Two status messages went to the client: the owner's delivery rates count them.
  for (const [position, outcome] of [
    [9_100_000_001, 'sent'],
    [9_100_000_002, 'failed'],
  ] as const) {
    await db.query(
      `INSERT INTO delivery_attempts (org_id, branch_id, client_id, channel, outcome, global_position) VALUES ($1, $2, $3, 'telegram', $4, $5)`,
      [branch.orgId, branch.id, clientId, outcome, position],
    );
    await db.query(
      `INSERT INTO status_deliveries (global_position, org_id, branch_id, client_id, outcome) VALUES ($1, $2, $3, $4, $5)`,
      [position, branch.orgId, branch.id, clientId, outcome],
    );
  }

  deliveriesBefore = await deliveriesOf(clientId);
  expect(deliveriesBefore.attempts).toBe(2);

  const request = await call('POST', '/api/compliance/requests', {
    clientId,
    kind: 'erasure',
    channel: 'in-person',
    evidence: 'document-in-person',
    note: `Пришла лично: ${ERASED.name}, ${ERASED.phone}`,
  });
  expect(request.status, JSON.stringify(request.body)).toBe(201);
  requestId = request.body.id;
  // An earlier request the person left open: a rectification of their phone.
  const rectification = await call('POST', '/api/compliance/requests', {
    clientId,
    kind: 'rectification',
    channel: 'phone',
    evidence: 'phone-callback',
  });
  expect(rectification.status, JSON.stringify(rectification.body)).toBe(201);
  rectificationId = rectification.body.id;

  const { rows: counts } = await db.query<{ bookings: number; done: number }>(
    `SELECT count(*)::int AS bookings, count(*) FILTER (WHERE status = 'Done')::int AS done FROM rm.bookings`,
  );
  countsBefore = counts[0]!;
  const kpis = await call('GET', '/api/kpis');
  expect(kpis.status).toBe(200);
  kpisBefore = { tiles: kpis.body.tiles, funnel: kpis.body.funnel };
  // Something to keep: the three bookings made today and the one done are counted before the erasure.
  expect(kpis.body.tiles).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ key: 'newBookings', value: 3 }),
      expect.objectContaining({ key: 'done', value: 1 }),
    ]),
  );
  // The plaintexts really are in the database before the erasure: the search below can find them.
  expect(await dumpDatabase()).toContain(ERASED.name);
  livePositionBefore = (await db.query<{ at: string }>('SELECT coalesce(max(position), 0)::text AS at FROM live_changes'))
    .rows[0]!.at;
});

afterAll(async () => {
  await db?.end();
  if (server) await stopServer(server);
});

describe('Erasure', () => {
  let erased: { status: number; body: any };

  it('refuses a manager and erases for the compliance officer', async () => {
    expect((await call('POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request' })).status).toBe(403);
    // A request that did not ask for the destruction, or someone else's, is not answered by it: nothing is destroyed.
    const someoneElses = await call(
      'POST',
      '/api/compliance/requests',
      { kind: 'erasure', channel: 'phone', evidence: 'phone-callback', clientId: keptClientId },
      officer,
    );
    expect(someoneElses.status, JSON.stringify(someoneElses.body)).toBe(201);
    for (const [wrong, status] of [
      [rectificationId, 400],
      [someoneElses.body.id, 404],
    ] as const) {
      const refused = await call(
        'POST',
        `/api/compliance/clients/${clientId}/erase`,
        { reason: 'subject-request', requestId: wrong },
        officer,
      );
      expect(refused.status, JSON.stringify(refused.body)).toBe(status);
      expect(refused.body.field).toBe('requestId');
    }
    expect(await dumpDatabase()).toContain(ERASED.name);
    erased = await call('POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request', requestId }, officer);
    expect(erased.status, JSON.stringify(erased.body)).toBe(201);
    expect(erased.body.act).toMatchObject({
      subject: { clientId },
      reason: { code: 'subject-request' },
      requestId,
      bookingsKept: 2,
      bookingsCancelled: 1,
      readModelsScrubbed: true,
      destroyedBy: { name: 'Ответственный Иванов', role: 'compliance' },
    });
    expect(erased.body.act.categories).toEqual(
      expect.arrayContaining([
        'фамилия, имя, отчество',
        'номер телефона',
        'государственный регистрационный знак автомобиля',
        'комментарии к записям',
        // Outside the client's own records: what staff typed about them in tasks and on their requests.
        'тексты задач сотрудников о клиенте',
        'заметки сотрудников к запросам клиента о его данных',
      ]),
    );
  });

  it('keeps the act (order 179 fields) for 3 years, with its log export, as HTML and JSON', async () => {
    const { act, links } = erased.body;
    const destroyed = Temporal.Instant.from(act.destroyedAt).toZonedDateTimeISO(branch.timeZone);
    expect(act.retentionUntil).toBe(destroyed.toPlainDate().add({ years: 3 }).toString());
    const page = await call('GET', links.act, undefined, officer);
    expect(page.status).toBe(200);
    // Times on the station's wall clock with its offset, never an ISO instant in UTC.
    const wall = destroyed.toPlainDateTime();
    const two = (n: number) => String(n).padStart(2, '0');
    expect(page.text).toContain(
      `${two(wall.day)}.${two(wall.month)}.${wall.year} ${two(wall.hour)}:${two(wall.minute)}:${two(wall.second)} (UTC${destroyed.offset})`,
    );
    expect(page.text).not.toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC/);
    for (const field of [
      'Оператор',
      'Субъект персональных данных',
      'Перечень категорий',
      'Информационная система',
      'Способ уничтожения',
      'Причина уничтожения',
      'Дата уничтожения',
      'Уничтожение провёл',
    ]) {
      expect(page.text).toContain(field);
    }
    expect(page.text).toContain(clientId);
    // The act has a number of its own in the organization, not an id; the first act here is № 1.
    expect(act.number).toBe(1);
    expect(page.text).toContain(`№ 1 от ${two(wall.day)}.${two(wall.month)}.${wall.year}`);
    expect(page.text).not.toContain(act.id);
    const listed = (await call('GET', '/api/compliance/acts', undefined, officer)).body.acts;
    expect(listed).toEqual([expect.objectContaining({ id: act.id, number: 1 })]);
    const logExport = await call('GET', `/api/compliance/acts/${act.id}/log-export`, undefined, officer);
    expect(logExport.body.actNumber).toBe(1);
    expect(logExport.body.entries.map((entry: any) => entry.action)).toEqual(
      expect.arrayContaining(['search', 'card-view', 'phone-reveal', 'edit', 'erase', 'erasure']),
    );
    const logPage = (await call('GET', links.logExport, undefined, officer)).text;
    expect(logPage).toContain('Выгрузка из журнала');
    // The papers say what happened in words, not in the system's codes.
    for (const words of ['показал номер телефона', 'открыл карточку клиента', 'уничтожение данных', 'доступа']) {
      expect(logPage).toContain(words);
    }
    for (const code of ['>phone-reveal<', '>card-view<', '>access<', '>compliance<']) expect(logPage).not.toContain(code);
    expect(page.text).toContain('Ответственный Иванов (ответственный за персональные данные)');
    expect(page.text).not.toContain('(compliance)');
    // The request is named in words, and the staff in the log extract by name.
    expect(page.text).toMatch(/Запрос об уничтожении данных, получен \d\d\.\d\d\.\d{4}, лично/);
    expect(logPage).toContain('Ответственный Иванов');
    const { rows } = await db.query('SELECT retention_until FROM compliance_acts WHERE client_id = $1', [clientId]);
    expect(rows).toHaveLength(1);
    await expect(db.query('DELETE FROM compliance_acts WHERE client_id = $1', [clientId])).rejects.toThrow(/retention/);
  });

  it('answers a repeated erasure with the same act', async () => {
    const again = await call('POST', `/api/compliance/clients/${clientId}/erase`, { reason: 'subject-request' }, officer);
    expect(again.status).toBe(200);
    expect(again.body.act.id).toBe(erased.body.act.id);
    expect(again.body.act.number).toBe(erased.body.act.number);
  });

  it('closes the request it answered and the person’s other open ones, and ends their consents', async () => {
    const { body } = await call('GET', `/api/compliance/requests?clientId=${clientId}`, undefined, officer);
    expect(body.requests).toHaveLength(2);
    expect(body.requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: requestId, status: 'done', outcome: 'erased', note: null }),
        expect.objectContaining({ id: rectificationId, status: 'done', outcome: 'erased' }),
      ]),
    );
    const consents = await call('GET', `/api/compliance/consents?clientId=${clientId}`, undefined, officer);
    expect(consents.body.consents).toEqual([expect.objectContaining({ purpose: 'personal-data', status: 'erased' })]);
    const registry = await call('GET', '/api/compliance/consents', undefined, officer);
    expect(registry.body.consents.filter((consent: any) => consent.clientId === clientId && consent.status !== 'erased')).toEqual(
      [],
    );
  });

  it('leaves no name, phone, plate or comment in any table, event payload, export or log line', async () => {
    await waitForReadModels(db);
    const dump = await dumpDatabase();
    expectNoneOf(dump, 'the database');
    // The search works: the other client is still there in full.
    expect(dump).toContain(KEPT.name);

    const exports = [
      await call('GET', `/api/compliance/clients/${clientId}/trail?format=json`, undefined, officer),
      await call('GET', `/api/compliance/clients/${clientId}/trail?format=html`, undefined, officer),
      await call('GET', `/api/compliance/acts/${erased.body.act.id}?format=html`, undefined, officer),
      await call('GET', `/api/compliance/acts/${erased.body.act.id}/log-export?format=json`, undefined, officer),
      await call('GET', '/api/compliance/access-log?limit=10000', undefined, officer),
      await call('GET', '/api/compliance/security-log?limit=10000', undefined, officer),
      await call('GET', `/api/clients?q=${encodeURIComponent('Кукушкина')}`),
      await call('GET', `/api/board?branchId=${branch.id}&date=${startAt(2, '10:00').slice(0, 10)}`),
      await call('GET', `/api/bookings/${bookingIds[0]}`),
    ];
    for (const response of exports) {
      expect(response.status).toBe(200);
      expectNoneOf(response.text, 'an export');
    }
    expect((await call('GET', `/api/clients/${clientId}`)).status).toBe(404);

    // The act and its log export print as PDF: the act's fields in Cyrillic, nothing of the person.
    for (const [part, title] of [
      ['', 'Акт об уничтожении персональных данных'],
      ['/log-export', 'Выгрузка из журнала регистрации событий'],
    ] as const) {
      const response = await fetch(`${server.url}/api/compliance/acts/${erased.body.act.id}${part}?format=pdf`, {
        headers: { authorization: `Bearer ${officer}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const text = await pdfText(await response.arrayBuffer());
      expect(text).toContain(title);
      expect(text).toContain(`№ ${erased.body.act.number}`);
      expectNoneOf(text, `the ${title} PDF`);
    }
    const act = await pdfText(
      await (
        await fetch(`${server.url}/api/compliance/acts/${erased.body.act.id}?format=pdf`, {
          headers: { authorization: `Bearer ${officer}` },
        })
      ).arrayBuffer(),
    );
    expect(act).toContain('Способ уничтожения');
    expect(act).toContain('Подпись лица, уничтожившего персональные данные');
    const trail = exports[0]!.body;
    expect(trail.subject).toMatchObject({ clientId, status: 'erased', profile: null });
    expect(trail.events.find((event: any) => event.type === 'ClientRegistered').data.profile).toEqual({
      sealed: true,
      erased: true,
    });

    expectNoneOf(server.output(), 'the server log');
    // Request lines were written (at trace level), and searched.
    expect(server.output()).toContain('incoming request');
  });

  it('deletes the bot rows, the key and the phone index', async () => {
    for (const table of ['bot_sessions', 'bot_chats', 'bot_reminders', 'client_keys', 'client_phones']) {
      const { rowCount } = await db.query(`SELECT 1 FROM ${table} WHERE client_id = $1`, [clientId]);
      expect(rowCount, table).toBe(0);
    }
    // The delivery records hold nothing of the person: past days' delivery rates stay as they were.
    expect(await deliveriesOf(clientId)).toEqual(deliveriesBefore);
    const kept = await db.query('SELECT 1 FROM client_keys WHERE client_id = $1', [keptClientId]);
    expect(kept.rowCount).toBe(1);
  });

  it('vacuums the tables that held the person, so no old row version keeps them in the table files', async () => {
    const vacuumed = async () =>
      (
        await db.query<{ name: string }>(
          `SELECT schemaname || '.' || relname AS name FROM pg_stat_user_tables
            WHERE last_vacuum IS NOT NULL AND schemaname || '.' || relname = ANY($1)`,
          [['public.client_keys', 'rm.clients', 'rm.bookings', 'public.tasks']],
        )
      ).rows
        .map((row) => row.name)
        .sort();
    await expect.poll(vacuumed, { timeout: 10_000 }).toEqual(['public.client_keys', 'public.tasks', 'rm.bookings', 'rm.clients']);
  });

  it('tells open boards about each of the person’s bookings, so no tablet keeps showing them', async () => {
    const { rows } = await db.query<{ booking_id: string }>(
      'SELECT DISTINCT booking_id::text FROM live_changes WHERE position > $1 AND booking_id = ANY($2::uuid[])',
      [livePositionBefore, bookingIds],
    );
    expect(rows.map((row) => row.booking_id).sort()).toEqual([...bookingIds].sort());
  });

  it('cancels the visit still ahead, as the client asked, and frees its bay time; the act says so', async () => {
    const ahead = bookingIds[1]!;
    const { rows: events } = await db.query<{ type: string; data: Record<string, unknown> }>(
      `SELECT message_type AS type, message_data AS data FROM emt_messages WHERE stream_id = $1 ORDER BY stream_position`,
      [`booking-${ahead}`],
    );
    expect(events.map((event) => event.type)).toEqual(['BookingRequested', 'BookingCancelled']);
    expect(events[1]!.data).toMatchObject({ reason: 'client_request', cancelledBy: expect.any(String) });
    const { rows: released } = await db.query(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'SlotsReleased' AND message_data->>'bookingId' = $1`,
      [ahead],
    );
    expect(released[0].n).toBe(1);
    await waitForReadModels(db);
    const { rows: calendar } = await db.query('SELECT count(*)::int AS n FROM rm.calendar WHERE booking_id = $1', [ahead]);
    expect(calendar[0].n).toBe(0);
    const page = await call('GET', erased.body.links.act, undefined, officer);
    expect(page.text).toContain('записей на обслуживание: 2, из них предстоящих, отменённых при уничтожении: 1');
  });

  it('keeps the bookings, so counts and KPIs survive', async () => {
    const { rows } = await db.query<{ bookings: number; done: number }>(
      `SELECT count(*)::int AS bookings, count(*) FILTER (WHERE status = 'Done')::int AS done FROM rm.bookings`,
    );
    expect(rows[0]).toEqual(countsBefore);
    const { rows: theirs } = await db.query(
      'SELECT status, car, plate, comment FROM rm.bookings WHERE client_id = $1 ORDER BY start_at',
      [clientId],
    );
    expect(theirs).toEqual([
      { status: 'Done', car: null, plate: null, comment: null },
      { status: 'Cancelled', car: null, plate: null, comment: null },
    ]);
    const { rows: counted } = await db.query('SELECT count(*)::int AS n FROM rm.kpi_bookings WHERE client_id = $1', [clientId]);
    expect(counted[0].n).toBe(2);
    // The owner's figures move by the visit ahead the erasure cancelled, no more; neither the report
    // nor its download holds anything of theirs.
    const kpis = await call('GET', '/api/kpis');
    expect(kpis.status).toBe(200);
    const moved = { cancelled: 1, stillNew: -1 } as Record<string, number>;
    expect({ tiles: kpis.body.tiles, funnel: kpis.body.funnel }).toEqual({
      tiles: kpisBefore.tiles.map((tile) =>
        tile.key === 'cancelled' ? { ...tile, value: tile.value + 1, change: tile.change + 1 } : tile,
      ),
      funnel: kpisBefore.funnel.map((stage) => ({ ...stage, count: stage.count + (moved[stage.stage] ?? 0) })),
    });
    expectNoneOf(kpis.text, 'the KPIs');
    const csv = await call('GET', '/api/kpis/export.csv');
    expect(csv.status).toBe(200);
    expectNoneOf(csv.text, 'the KPI download');
  });

  it('makes a booking with the same phone a new client, not the erased one', async () => {
    await book(ERASED, 5, '15:00');
    await waitForReadModels(db);
    const { rows } = await db.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [ERASED.name]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(clientId);
  });
});
