import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { phoneSequence, startAt, startTestServer, TEST_PASSWORD_COST, type TestServer } from '../support/test-server.ts';
import { addBranch } from '../support/second-branch.ts';

// Tasks on a clock the test moves: made alone, from a booking card and from a client; completed;
// Overdue once late; the assignee e-mailed exactly once through a real SMTP server on loopback,
// across a restart and with two processes; every change on the live feed.

type WsClient = { on: (event: string, listener: (...args: any[]) => void) => unknown; close: () => void };
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

const HOUR = 3_600_000;
let clock = Date.now();
let server: TestServer;
let smtp: SmtpCatcher | undefined;
let smtpUrl: string;
const mails: { to: string[]; raw: string }[] = [];
const processes: Runtime[] = [];
const nextPhone = phoneSequence(700_200_000);

/** A due time `hours` from the test clock, in the branch's zone with its offset. */
const dueIn = (hours: number) => {
  const at = new Date(clock + hours * HOUR);
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: server.branch.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return `${local.replace(' ', 'T')}+03:00`;
};

const startProcess = async () => {
  const runtime = await createRuntime({
    databaseUrl: server.databaseUrl,
    logLevel: 'silent',
    passwordCost: TEST_PASSWORD_COST,
    now: () => clock,
    poolSize: 6,
    mail: { smtpUrl, from: 'Zero-CRM <crm@test.local>' },
    publicUrl: 'https://crm.test.local',
  });
  processes.push(runtime);
  return runtime;
};

const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
};

beforeAll(async () => {
  smtp = await startSmtpCatcher((mail) => mails.push(mail));
  smtpUrl = smtp.url;
  server = await startTestServer({ now: () => clock });
});

afterAll(async () => {
  for (const runtime of processes.splice(0)) await runtime.close();
  await server?.stop();
  await smtp?.stop();
});

describe('Tasks', () => {
  let manager: { id: string; email: string; token: string };
  let bookingId: string;
  let clientId: string;

  beforeAll(async () => {
    manager = await server.addUser('manager');
    // The demo branch is in Moscow (+03:00), which dueIn writes.
    expect(server.branch.timeZone).toBe('Europe/Moscow');
    const placed = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, 2, '11:00'),
      client: { name: 'Отказник Работ', phone: nextPhone() },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    bookingId = placed.body.id;
    clientId = (await server.runtime.deps.commands.loadBooking({ orgId: server.branch.orgId, userId: null }, bookingId)).clientId;
  });

  const create = (body: Record<string, unknown>) =>
    server.api('POST', '/api/tasks', { branchId: server.branch.id, assigneeId: manager.id, dueAt: dueIn(1), ...body });

  it('makes tasks on their own, from a booking card and from a client, and lists them by due time', async () => {
    const alone = await create({ kind: 'order_part', title: 'Заказать колодки', dueAt: dueIn(3), priority: 'high' });
    expect(alone.status, JSON.stringify(alone.body)).toBe(201);
    expect(alone.body).toMatchObject({
      status: 'Open',
      priority: 'high',
      bookingId: null,
      clientId: null,
      dueAt: dueIn(3),
    });
    const fromBooking = await create({ kind: 'declined_work', title: 'Напомнить про тормоза', bookingId });
    expect(fromBooking.body).toMatchObject({ bookingId, clientId, priority: 'normal', assigneeId: manager.id });
    const fromClient = await create({ kind: 'call_back', title: 'Перезвонить', clientId, dueAt: dueIn(2) });
    expect(fromClient.body).toMatchObject({ bookingId: null, clientId });
    const { body } = await server.api('GET', `/api/tasks?branchId=${server.branch.id}`);
    expect(body.tasks.map((t: { title: string }) => t.title)).toEqual([
      'Напомнить про тормоза',
      'Перезвонить',
      'Заказать колодки',
    ]);
    expect(body.overdue).toBe(0);
  });

  it('refuses bad input and writes nothing', async () => {
    const count = async () => Number((await server.runtime.pool.query('SELECT count(*) FROM tasks')).rows[0].count);
    const before = await count();
    expectProblem(await create({ kind: 'call_back', title: '   ' }), 400, 'VALIDATION');
    expectProblem(await create({ kind: 'call_back', title: 'x', dueAt: dueIn(-2) }), 422, 'IN_PAST');
    expectProblem(await create({ kind: 'call_back', title: 'x', dueAt: '2026-12-03T10:00' }), 400, 'VALIDATION');
    expectProblem(await create({ kind: 'call_back', title: 'x', assigneeId: crypto.randomUUID() }), 404, 'NOT_FOUND');
    expectProblem(await create({ kind: 'call_back', title: 'x', clientId: crypto.randomUUID() }), 404, 'NOT_FOUND');
    expectProblem(await create({ kind: 'shout', title: 'x' }), 400, 'VALIDATION');
    expect(await count()).toBe(before);
  });

  it('pushes a new and a completed task to open panels', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live?token=${server.token}`);
    const messages: { type: string; task?: { id: string; status: string } }[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString())));
    const waitFor = async (predicate: (m: (typeof messages)[number]) => boolean) => {
      for (let i = 0; i < 200; i++) {
        const found = messages.find(predicate);
        if (found) return found;
        await new Promise((wait) => setTimeout(wait, 20));
      }
      throw new Error(`no such live message in ${JSON.stringify(messages)}`);
    };
    try {
      await waitFor((m) => m.type === 'hello');
      const made = await create({ kind: 'other', title: 'Проверить склад', dueAt: dueIn(5) });
      expect((await waitFor((m) => m.task?.id === made.body.id)).task).toMatchObject({ status: 'Open' });
      const done = await server.api('POST', `/api/tasks/${made.body.id}/complete`);
      expect(done.body.status).toBe('Completed');
      expect((await waitFor((m) => m.task?.id === made.body.id && m.task?.status === 'Completed')).task).toBeTruthy();
      expectProblem(await server.api('POST', `/api/tasks/${made.body.id}/complete`), 409, 'ILLEGAL_TRANSITION');
    } finally {
      socket.close();
    }
  });

  describe('when the due time passes', () => {
    it('shows the tasks Overdue with the badge count and e-mails the assignee once, across a restart and two processes', async () => {
      const first = await startProcess();
      await first.taskReminders!.check();
      expect(mails).toEqual([]);
      clock += 4 * HOUR;
      const { body } = await server.api('GET', `/api/tasks?branchId=${server.branch.id}`);
      const open = body.tasks.filter((t: { status: string }) => t.status !== 'Completed');
      expect(open.map((t: { status: string }) => t.status)).toEqual(['Overdue', 'Overdue', 'Overdue']);
      expect(body.overdue).toBe(3);
      expect((await server.api('GET', '/api/tasks/overdue')).body).toEqual({ count: 3 });

      await first.taskReminders!.check();
      expect(mails).toHaveLength(3);
      expect(mails.every((mail) => mail.to.join() === manager.email)).toBe(true);
      // No title (staff's own words may name a client) in the mail, the link to the tasks page is.
      expect(mails.some((mail) => mail.raw.includes('tasks/'))).toBe(true);

      await first.close();
      processes.splice(processes.indexOf(first), 1);
      const [second, third] = [await startProcess(), await startProcess()];
      await Promise.all([second.taskReminders!.check(), third.taskReminders!.check()]);
      await second.taskReminders!.check();
      expect(mails).toHaveLength(3);
    });

    it('drops a completed task from the badge', async () => {
      const { body } = await server.api('GET', `/api/tasks?branchId=${server.branch.id}`);
      const overdue = body.tasks.find((t: { status: string }) => t.status === 'Overdue');
      expect((await server.api('POST', `/api/tasks/${overdue.id}/complete`)).body.status).toBe('Completed');
      expect((await server.api('GET', '/api/tasks/overdue')).body).toEqual({ count: 2 });
    });
  });
});

describe('Who reaches a task', () => {
  type User = { id: string; token: string };
  let branchB: string;
  let managerA: User;
  let managerB: User;
  let mechanicA: User;
  let mechanicB: User;
  const bearer = (user: User) => ({ authorization: `Bearer ${user.token}` });
  const statusOf = async (taskId: string) =>
    (await server.runtime.pool.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [taskId])).rows[0]!.status;
  const make = async (assigneeId: string, title: string) => {
    const made = await server.api('POST', '/api/tasks', {
      branchId: server.branch.id,
      kind: 'call_back',
      title,
      assigneeId,
      dueAt: dueIn(6),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body.id as string;
  };

  beforeAll(async () => {
    branchB = (await addBranch(server)).id;
    managerA = await server.addUser('manager', [server.branch.id]);
    managerB = await server.addUser('manager', [branchB]);
    mechanicA = await server.addUser('mechanic', [server.branch.id]);
    mechanicB = await server.addUser('mechanic', [branchB]);
  });

  it('answers 404, completing nothing, to staff of another branch and to a mechanic not given the task', async () => {
    const taskId = await make(managerA.id, 'Перезвонить Иванову про долг');
    for (const outsider of [managerB, mechanicB, mechanicA]) {
      expectProblem(await server.api('POST', `/api/tasks/${taskId}/complete`, undefined, bearer(outsider)), 404, 'NOT_FOUND');
    }
    // Exactly what an unknown id gets: nothing tells the outsider the task exists.
    const unknown = await server.api('POST', `/api/tasks/${crypto.randomUUID()}/complete`, undefined, bearer(managerB));
    const foreign = await server.api('POST', `/api/tasks/${taskId}/complete`, undefined, bearer(managerB));
    expect(foreign.body.detail).toBe(unknown.body.detail);
    expect(await statusOf(taskId)).toBe('Open');

    const done = await server.api('POST', `/api/tasks/${taskId}/complete`, undefined, bearer(managerA));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ id: taskId, status: 'Completed' });
  });

  it('lets a mechanic complete the task given to them', async () => {
    const taskId = await make(mechanicA.id, 'Заказать колодки');
    const done = await server.api('POST', `/api/tasks/${taskId}/complete`, undefined, bearer(mechanicA));
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(await statusOf(taskId)).toBe('Completed');
  });

  it('pushes to a mechanic’s live feed only the tasks given to them, to the branch’s manager all', async () => {
    const seenBy = { mechanic: [] as string[], manager: [] as string[] };
    const listen = (token: string, into: string[]) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live?token=${token}`);
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; task?: { id: string } };
        if (message.type === 'task') into.push(message.task!.id);
      });
      return new Promise<typeof socket>((opened) => socket.on('open', () => opened(socket)));
    };
    const sockets = [await listen(mechanicA.token, seenBy.mechanic), await listen(managerA.token, seenBy.manager)];
    try {
      const managers = await make(managerA.id, 'Перезвонить Иванову +7 916 123-45-67 про долг');
      const own = await make(mechanicA.id, 'Проверить подъёмник');
      for (let i = 0; i < 200 && !(seenBy.manager.includes(managers) && seenBy.manager.includes(own)); i++) {
        await new Promise((wait) => setTimeout(wait, 20));
      }
      // One push sends a task to every panel at once: once the manager has both, the mechanic has had his chance.
      expect(seenBy.manager).toEqual(expect.arrayContaining([managers, own]));
      expect(seenBy.mechanic).toEqual([own]);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
