import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../core/database/migrations.ts';
import type { Branch } from '../../domain/catalog/catalog.ts';
import { replayReadModels } from '../../projections/replay.ts';
import { addBranch } from '../support/second-branch.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// A manager limited to branch A reaches the clients who booked in A or were imported into A, and
// no one else: not in lists, not on a card, not by a phone reveal, not through a consent or a request.

type User = { token: string; id: string };
type Person = { name: string; phone: string };

const people = {
  /** Booked in A. */
  alpha: { name: 'Анна Северова', phone: '+79035550001' },
  /** Booked in B only. */
  beta: { name: 'Борис Южин', phone: '+79035550002' },
  /** Booked in A and in B. */
  both: { name: 'Вера Двоева', phone: '+79035550003' },
  /** Imported into A, never booked. */
  importedA: { name: 'Глеб Импортов', phone: '+79035550004' },
  /** Booked in B, then imported into A with the same phone (merged into the same client). */
  movedIn: { name: 'Дина Переездова', phone: '+79035550005' },
  /** Imported without a branch. */
  unplaced: { name: 'Ефим Безфилиальный', phone: '+79035550006' },
} satisfies Record<string, Person>;
type Key = keyof typeof people;
/** Imported into A, then erased: reached by no one, and tied to no file any more. */
const gone: Person = { name: 'Жанна Стёртая', phone: '+79035550007' };
let goneId = '';

let server: TestServer;
let branchB: Branch;
/** The import into branch A. */
let batchA: string;
let serviceB = '';
let managerA: User;
let managerB: User;
let mechanicA: User;
let officer: User;
const ids = {} as Record<Key, string>;
const bookings = { alphaA: '', betaB: '', bothA: '', bothB: '', movedInB: '' };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (user: User, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(user.token));

let slot = 0;
const book = async (key: Key, branch: 'A' | 'B') => {
  const i = slot++;
  const onA = branch === 'A';
  const response = await server.api('POST', '/api/bookings', {
    branchId: onA ? server.branch.id : branchB.id,
    serviceId: onA ? server.service('Замена масла').id : serviceB,
    start: startAt(onA ? server.branch : branchB, 2 + i, '10:00'),
    client: people[key],
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

const importCsv = async (rows: Person[], branchId?: string) => {
  const csv = `ФИО,Телефон\n${rows.map((person) => `${person.name},${person.phone}`).join('\n')}\n`;
  const query = new URLSearchParams({ fileName: 'clients.csv', ...(branchId ? { branchId } : {}) });
  const response = await fetch(`${server.url}/api/imports?${query.toString()}`, {
    method: 'POST',
    headers: { ...bearer(server.token), 'content-type': 'application/octet-stream' },
    body: new TextEncoder().encode(csv),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { batchId: string }).batchId;
};

const listed = async (user: User, q = '') => {
  const response = await as(user, 'GET', `/api/clients?q=${encodeURIComponent(q)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.clients as { id: string }[]).map((client) => client.id).sort();
};
const idsOf = (...keys: Key[]) => keys.map((key) => ids[key]).sort();

type AccessEntry = { action: string; userId: string; clientIds: string[] };
const accessLog = async () => {
  const response = await as(officer, 'GET', '/api/compliance/access-log?limit=1000');
  expect(response.status).toBe(200);
  return response.body.entries as AccessEntry[];
};
/** Access-log entries written by `user` since `before` (entries come newest first). */
const loggedSince = async (before: AccessEntry[], user: User) =>
  (await accessLog()).slice(0, -before.length || undefined).filter((entry) => entry.userId === user.id);

const requestCount = async () =>
  (await server.runtime.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM compliance_requests')).rows[0]!.n;

beforeAll(async () => {
  server = await startTestServer();
  branchB = await addBranch(server);
  expect((await server.api('POST', '/api/bays', { branchId: branchB.id, name: 'Подъёмник', kinds: ['lift'] })).status).toBe(201);
  const service = await server.api('POST', '/api/services', {
    branchId: branchB.id,
    name: 'Замена колодок',
    durationMinutes: 60,
    bayKind: 'lift',
  });
  expect(service.status, JSON.stringify(service.body)).toBe(201);
  serviceB = service.body.id as string;

  bookings.alphaA = await book('alpha', 'A');
  bookings.betaB = await book('beta', 'B');
  bookings.bothA = await book('both', 'A');
  bookings.bothB = await book('both', 'B');
  bookings.movedInB = await book('movedIn', 'B');
  batchA = await importCsv([people.importedA, people.movedIn, gone], server.branch.id);
  await importCsv([people.unplaced]);
  await server.waitForProjection();

  const { rows } = await server.runtime.pool.query<{ id: string; name: string }>('SELECT id, name FROM rm.clients');
  const idOf = (person: Person) => {
    const found = rows.filter((row) => row.name === person.name);
    expect(found, person.name).toHaveLength(1);
    return found[0]!.id;
  };
  for (const key of Object.keys(people) as Key[]) ids[key] = idOf(people[key]);
  goneId = idOf(gone);
  managerA = await server.addUser('manager', [server.branch.id]);
  managerB = await server.addUser('manager', [branchB.id]);
  mechanicA = await server.addUser('mechanic', [server.branch.id]);
  officer = await server.addUser('compliance');
  const erased = await as(officer, 'POST', `/api/compliance/clients/${goneId}/erase`, { reason: 'subject-request' });
  expect(erased.status, JSON.stringify(erased.body)).toBe(201);
  await server.waitForProjection();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/clients for a manager limited to one branch', () => {
  it('lists only the clients who booked in or were imported into their branch', async () => {
    expect(await listed(managerA)).toEqual(idsOf('alpha', 'both', 'importedA', 'movedIn'));
    expect(await listed(managerB)).toEqual(idsOf('beta', 'both', 'movedIn'));
  });

  it('finds no client of another branch by name, phone digits or plate', async () => {
    expect(await listed(managerA, 'Борис')).toEqual([]);
    expect(await listed(managerA, '9035550002')).toEqual([]);
    expect(await listed(managerA, 'Ефим')).toEqual([]);
    expect(await listed(managerA, 'Анна')).toEqual(idsOf('alpha'));
    expect(await listed(managerA, '903555000')).toEqual(idsOf('alpha', 'both', 'importedA', 'movedIn'));
  });

  it('counts only the bookings of their branches', async () => {
    const response = await as(managerA, 'GET', `/api/clients?q=${encodeURIComponent('Вера')}`);
    expect(response.body.clients).toEqual([expect.objectContaining({ id: ids.both, bookings: 1 })]);
    const owner = await server.api('GET', `/api/clients?q=${encodeURIComponent('Вера')}`);
    expect(owner.body.clients).toEqual([expect.objectContaining({ id: ids.both, bookings: 2 })]);
  });

  it('names in the access log only the clients it listed', async () => {
    const before = await accessLog();
    await listed(managerA);
    const [entry, ...rest] = await loggedSince(before, managerA);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ action: 'search' });
    expect([...entry!.clientIds].sort()).toEqual(idsOf('alpha', 'both', 'importedA', 'movedIn'));
  });
});

describe('Import reports for a manager limited to one branch', () => {
  it('opens the report of an import into their branch; another branch’s is 404, as an unknown one', async () => {
    expect((await as(managerA, 'GET', `/api/imports/${batchA}`)).status).toBe(200);
    expect((await as(managerA, 'GET', `/api/imports/${batchA}/rejections.csv`)).status).toBe(200);
    for (const path of [`/api/imports/${batchA}`, `/api/imports/${batchA}/rejections.csv`]) {
      const refused = await as(managerB, 'GET', path);
      expect(refused.status, path).toBe(404);
      expect(refused.body.code).toBe('NOT_FOUND');
    }
  });
});

describe('GET /api/clients/:id for a manager limited to one branch', () => {
  it('opens a client of their branch with that branch’s bookings only', async () => {
    const card = await as(managerA, 'GET', `/api/clients/${ids.both}`);
    expect(card.status, JSON.stringify(card.body)).toBe(200);
    expect(card.body.history.map((booking: { id: string }) => booking.id)).toEqual([bookings.bothA]);
    expect(card.body.bookings).toBe(1);
    const moved = await as(managerA, 'GET', `/api/clients/${ids.movedIn}`);
    expect(moved.status).toBe(200);
    expect(moved.body.history).toEqual([]);
    expect((await as(managerA, 'GET', `/api/clients/${ids.importedA}`)).status).toBe(200);
  });

  it('answers a client of another branch, or of none, as an unknown one: 404, and logs no view', async () => {
    const before = await accessLog();
    const unknown = await as(managerA, 'GET', '/api/clients/00000000-0000-4000-a000-000000000000');
    expect(unknown.status).toBe(404);
    for (const key of ['beta', 'unplaced'] as const) {
      const response = await as(managerA, 'GET', `/api/clients/${ids[key]}`);
      expect(response.status, key).toBe(404);
      expect(response.body).toMatchObject({ code: unknown.body.code, title: unknown.body.title, detail: unknown.body.detail });
      expect(JSON.stringify(response.body)).not.toContain(people[key].name);
    }
    expect(await loggedSince(before, managerA)).toEqual([]);
  });
});

describe('The inbox for a manager limited to one branch', () => {
  const wrote = async (key: Key, text: string) =>
    server.runtime.deps.inbox.receive({
      orgId: server.branch.orgId,
      clientId: ids[key],
      channel: 'telegram',
      kind: 'text',
      body: { text },
    });

  it('lists, opens and answers only their branch’s clients; another’s is unknown, read and answered by no one', async () => {
    await wrote('alpha', 'Когда можно приехать?');
    await wrote('beta', 'Код от ворот 4321');
    await wrote('unplaced', 'Вы работаете в субботу?');
    const threads = async (user: User) =>
      ((await as(user, 'GET', '/api/inbox')).body.threads as { clientId: string }[]).map((thread) => thread.clientId).sort();
    expect(await threads(managerA)).toEqual(idsOf('alpha'));
    expect(await threads(managerB)).toEqual(idsOf('beta'));
    expect((await server.api('GET', '/api/inbox')).body.threads).toHaveLength(3);

    const before = await server.eventCount();
    for (const key of ['beta', 'unplaced'] as const) {
      const opened = await as(managerA, 'GET', `/api/inbox/${ids[key]}`);
      expect(opened.status, key).toBe(404);
      expect(JSON.stringify(opened.body)).not.toContain(people[key].name);
      const answered = await as(managerA, 'POST', `/api/inbox/${ids[key]}/reply`, { text: 'Ответ из чужого филиала' });
      expect(answered.status, key).toBe(404);
      expect((await as(managerA, 'POST', `/api/inbox/${ids[key]}/read`)).status, key).toBe(404);
    }
    expect(await server.eventCount()).toBe(before);
    const unread = (await server.api('GET', '/api/inbox')).body.threads.find(
      (thread: { clientId: string }) => thread.clientId === ids.beta,
    );
    expect(unread.unread).toBe(1);

    const own = await as(managerA, 'GET', `/api/inbox/${ids.alpha}`);
    expect(own.status).toBe(200);
    expect(own.body.messages.map((message: { text: string }) => message.text)).toEqual(['Когда можно приехать?']);
  });
});

describe('Phone reveal for a manager limited to one branch', () => {
  it('refuses the phone of another branch’s client with 404: no number, no access-log entry', async () => {
    const before = await accessLog();
    const response = await as(managerA, 'POST', `/api/clients/${ids.beta}/reveal-phone`);
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
    expect(JSON.stringify(response.body)).not.toContain(people.beta.phone.slice(2));
    expect(await loggedSince(before, managerA)).toEqual([]);
  });

  it('reveals the phone of their branch’s client with one entry', async () => {
    const before = await accessLog();
    const response = await as(managerA, 'POST', `/api/clients/${ids.importedA}/reveal-phone`);
    expect(response.status).toBe(200);
    expect(response.body.phone).toBe(people.importedA.phone);
    expect(await loggedSince(before, managerA)).toEqual([
      expect.objectContaining({ action: 'phone-reveal', clientIds: [ids.importedA] }),
    ]);
  });

  it('refuses the phone and the card of a booking in another branch, logging nothing', async () => {
    const before = await accessLog();
    expect((await as(managerA, 'POST', `/api/bookings/${bookings.betaB}/reveal-phone`)).status).toBe(403);
    expect((await as(managerA, 'POST', `/api/bookings/${bookings.bothB}/reveal-phone`)).status).toBe(403);
    expect((await as(managerA, 'GET', `/api/bookings/${bookings.betaB}`)).status).toBe(403);
    expect(await loggedSince(before, managerA)).toEqual([]);
    const own = await as(managerA, 'POST', `/api/bookings/${bookings.bothA}/reveal-phone`);
    expect(own.status).toBe(200);
    expect(own.body.phone).toBe(people.both.phone);
  });
});

describe('Consents for a manager limited to one branch', () => {
  const consent = { purpose: 'marketing', noticeVersion: 'paper-1', textHash: 'd'.repeat(64) };

  it('refuses to record or withdraw a consent of another branch’s client with 404, writing nothing', async () => {
    const events = await server.eventCount();
    const before = await accessLog();
    for (const key of ['beta', 'unplaced'] as const) {
      const given = await as(managerA, 'POST', `/api/clients/${ids[key]}/consents`, consent);
      expect(given.status, key).toBe(404);
      expect(given.body.code).toBe('NOT_FOUND');
      const withdrawn = await as(managerA, 'POST', `/api/clients/${ids[key]}/consents/withdraw`, { purpose: 'marketing' });
      expect(withdrawn.status, key).toBe(404);
    }
    expect(await server.eventCount()).toBe(events);
    expect(await loggedSince(before, managerA)).toEqual([]);
  });

  it('records and withdraws a consent of their branch’s client, and shows it on the card', async () => {
    expect((await as(managerA, 'POST', `/api/clients/${ids.alpha}/consents`, consent)).status).toBe(201);
    const withdrawn = await as(managerA, 'POST', `/api/clients/${ids.alpha}/consents/withdraw`, { purpose: 'marketing' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.recorded).toBe(true);
    const card = await as(managerA, 'GET', `/api/clients/${ids.alpha}`);
    expect(card.body.consents.history.map((line: { event: string }) => line.event)).toEqual(['ConsentGiven', 'ConsentWithdrawn']);
  });
});

describe('Subject requests registered by a manager limited to one branch', () => {
  const request = { kind: 'access', channel: 'in-person', evidence: 'document-in-person' };

  it('refuses a request naming another branch’s client with 404, storing nothing', async () => {
    const before = await requestCount();
    const response = await as(managerA, 'POST', '/api/compliance/requests', { ...request, clientId: ids.beta });
    expect(response.status, JSON.stringify(response.body)).toBe(404);
    expect(response.body.code).toBe('NOT_FOUND');
    expect(await requestCount()).toBe(before);
  });

  it('registers one about their branch’s client, and one naming no client', async () => {
    const about = await as(managerA, 'POST', '/api/compliance/requests', { ...request, clientId: ids.alpha });
    expect(about.status, JSON.stringify(about.body)).toBe(201);
    expect(about.body.clientId).toBe(ids.alpha);
    expect((await as(managerA, 'POST', '/api/compliance/requests', request)).status).toBe(201);
  });
});

describe('KPI exports for a manager limited to one branch', () => {
  it('cover their branch only and refuse another', async () => {
    const own = await as(managerA, 'GET', '/api/kpis/export.csv');
    expect(own.status).toBe(200);
    expect(own.body).toContain(`Филиалы;${server.branch.name}`);
    expect(own.body).not.toContain(branchB.name);
    expect((await as(managerA, 'GET', `/api/kpis/export.csv?branchId=${branchB.id}`)).status).toBe(403);
  });
});

describe('Mechanics across branches', () => {
  it('gives a car only to a mechanic of its branch: one of another branch is not found, and nothing is written', async () => {
    const mechanicB = await server.addUser('mechanic', [branchB.id]);
    const before = await server.eventCount();
    const refused = await server.api('POST', `/api/bookings/${bookings.alphaA}/assign`, { mechanicId: mechanicB.id });
    expect(refused.status, JSON.stringify(refused.body)).toBe(404);
    expect(refused.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(await server.eventCount()).toBe(before);
    const given = await server.api('POST', `/api/bookings/${bookings.alphaA}/assign`, { mechanicId: mechanicA.id });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
  });

  it('keeps a mechanic of two branches on one car at a time, whichever branch holds the other', async () => {
    const both = await server.addUser('mechanic', [server.branch.id, branchB.id]);
    // Clients already of these branches: the lists the later tests count stay as they are.
    const bookAt = async (onA: boolean) => {
      const response = await server.api('POST', '/api/bookings', {
        branchId: onA ? server.branch.id : branchB.id,
        serviceId: onA ? server.service('Замена масла').id : serviceB,
        start: startAt(onA ? server.branch : branchB, 25, '11:00'),
        client: onA ? people.alpha : people.beta,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.id as string;
    };
    const inB = await bookAt(false);
    const inA = await bookAt(true);
    expect((await server.api('POST', `/api/bookings/${inB}/assign`, { mechanicId: both.id })).status).toBe(200);
    await server.waitForProjection();
    const busy = await server.api('POST', `/api/bookings/${inA}/assign`, { mechanicId: both.id });
    expect(busy.status, JSON.stringify(busy.body)).toBe(409);
    expect(busy.body).toMatchObject({ code: 'MECHANIC_BUSY' });
  });
});

describe('Work orders of another branch', () => {
  it('are not found by their findings and photos either, as an unknown order: a 403 would say they exist', async () => {
    const order = await server.api('POST', `/api/bookings/${bookings.betaB}/work-order`, {});
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const unknown = '00000000-0000-4000-8000-000000000009';
    for (const id of [order.body.id as string, unknown]) {
      const finding = await as(managerA, 'POST', `/api/work-orders/${id}/findings`, { note: 'Течь масла' });
      expect(finding.status, id).toBe(404);
      expect(finding.body.code).toBe('NOT_FOUND');
      const photo = await as(managerA, 'GET', `/api/work-orders/${id}/photos/${unknown}`);
      expect(photo.status, id).toBe(404);
    }
  });
});

describe('Tasks about a client, by a manager limited to one branch', () => {
  it('refuses one about another branch’s client as about an unknown one, and makes one about their own', async () => {
    const task = (clientId: string) => ({
      branchId: server.branch.id,
      kind: 'call_back',
      title: 'Перезвонить',
      assigneeId: managerA.id,
      clientId,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const refused = await as(managerA, 'POST', '/api/tasks', task(ids.beta));
    expect(refused.status, JSON.stringify(refused.body)).toBe(404);
    expect(refused.body).toMatchObject({ code: 'NOT_FOUND', field: 'clientId' });
    const made = await as(managerA, 'POST', '/api/tasks', task(ids.alpha));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  });
});

describe('Owners, compliance officers and mechanics', () => {
  it('give the owner and the officer every client of the organization', async () => {
    const everyone = idsOf(...(Object.keys(people) as Key[]));
    expect(await listed({ token: server.token, id: '' })).toEqual(everyone);
    expect(await listed(officer)).toEqual(everyone);
    expect((await server.api('GET', `/api/clients/${ids.beta}`)).status).toBe(200);
    const card = await as(officer, 'GET', `/api/clients/${ids.both}`);
    expect(card.body.history.map((booking: { id: string }) => booking.id).sort()).toEqual(
      [bookings.bothA, bookings.bothB].sort(),
    );
  });

  it('give a manager with no branch named every client too', async () => {
    const unlimited = await server.addUser('manager');
    expect(await listed(unlimited)).toEqual(idsOf(...(Object.keys(people) as Key[])));
  });

  it('keep mechanics out of client lists and cards', async () => {
    expect((await as(mechanicA, 'GET', '/api/clients')).status).toBe(403);
    expect((await as(mechanicA, 'GET', `/api/clients/${ids.alpha}`)).status).toBe(403);
    expect((await as(mechanicA, 'POST', `/api/clients/${ids.alpha}/reveal-phone`)).status).toBe(403);
  });
});

describe('The branches a client belongs to, in the read model', () => {
  const scopes = async () => ({ a: await listed(managerA), b: await listed(managerB) });
  const expected = () => ({ a: idsOf('alpha', 'both', 'importedA', 'movedIn'), b: idsOf('beta', 'both', 'movedIn') });
  const stored = async () => {
    const pool = server.runtime.pool;
    const clients = await pool.query('SELECT id, import_batches FROM rm.clients ORDER BY id');
    const imports = await pool.query('SELECT org_id, batch_id, branch_id FROM rm.import_branches ORDER BY batch_id');
    return { clients: clients.rows, imports: imports.rows };
  };
  let live: Awaited<ReturnType<typeof stored>>;

  it('tie the imported clients to the file and the file to its branch', async () => {
    live = await stored();
    expect(live.imports).toEqual([{ org_id: server.branch.orgId, batch_id: expect.any(String), branch_id: server.branch.id }]);
    const batchOf = (key: Key) => live.clients.find((row) => row.id === ids[key])?.import_batches as string[];
    expect(batchOf('importedA')).toEqual([live.imports[0]!.batch_id]);
    expect(batchOf('movedIn')).toEqual([live.imports[0]!.batch_id]);
    expect(batchOf('unplaced')).toHaveLength(1);
    expect(batchOf('unplaced')).not.toEqual(batchOf('importedA'));
    expect(batchOf('alpha')).toEqual([]);
    expect(live.clients.find((row) => row.id === goneId)?.import_batches).toEqual([]);
  });

  it('are rebuilt the same by a replay', async () => {
    await replayReadModels(server.runtime.pool, server.runtime.deps.vault.open);
    expect(await stored()).toEqual(live);
    expect(await scopes()).toEqual(expected());
  });

  it('are filled from the log when read models made before them meet this version', async () => {
    const pool = server.runtime.pool;
    await pool.query('ALTER TABLE rm.clients DROP COLUMN import_batches');
    await pool.query('DROP TABLE rm.import_branches');
    await migrate(pool, server.databaseUrl);
    expect(await stored()).toEqual(live);
    expect(await scopes()).toEqual(expected());
  });
});

describe('An import by a manager limited to branches', () => {
  const importAs = async (user: User, person: Person) => {
    const csv = `ФИО,Телефон\n${person.name},${person.phone}\n`;
    const response = await fetch(`${server.url}/api/imports?fileName=mine.csv`, {
      method: 'POST',
      headers: { ...bearer(user.token), 'content-type': 'application/octet-stream' },
      body: new TextEncoder().encode(csv),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('goes into their only branch when the file names none, so they see whom they imported', async () => {
    const walkIn = { name: 'Зоя Своя', phone: '+79035550008' };
    const imported = await importAs(managerB, walkIn);
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    await server.waitForProjection();
    const found = await as(managerB, 'GET', `/api/clients?q=${encodeURIComponent('Зоя')}`);
    expect((found.body.clients as { name: string }[]).map((client) => client.name)).toEqual([walkIn.name]);
    expect(await listed(managerA, 'Зоя')).toEqual([]);
  });

  it('must name a branch when the manager works in several, and writes nothing without one', async () => {
    const twoBranches = await server.addUser('manager', [server.branch.id, branchB.id]);
    const before = await server.runtime.pool.query('SELECT count(*)::int AS n FROM emt_messages');
    const refused = await importAs(twoBranches, { name: 'Ия Ничья', phone: '+79035550009' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION', field: 'branchId' });
    const after = await server.runtime.pool.query('SELECT count(*)::int AS n FROM emt_messages');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('does not rename a client another branch serves: the row adds to them and says the name was kept', async () => {
    const regular = { name: 'Олег Лесной', phone: '+79035550010' };
    const booked = await server.api('POST', '/api/bookings', {
      branchId: branchB.id,
      serviceId: serviceB,
      start: startAt(branchB, 20, '12:00'),
      client: regular,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await server.waitForProjection();
    const { rows } = await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients WHERE name = $1', [regular.name]);
    const clientId = rows[0]!.id;

    const imported = await importAs(managerA, { name: 'Олег Другой', phone: regular.phone });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.merges).toEqual([{ row: 2, clientId, keptProfile: true }]);
    await server.waitForProjection();
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.name).toBe(regular.name);
    expect(await listed(managerA, 'Олег Другой')).toEqual([]);

    // The owner's file is the station's own base: its name wins wherever the client booked.
    await importCsv([{ name: 'Олег Лесной-Старший', phone: regular.phone }]);
    await server.waitForProjection();
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.name).toBe('Олег Лесной-Старший');
  });
});
