import { createRequire } from 'node:module';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ENDED, SESSION_RECHECK_MS } from '../../api/routes/live.ts';
import { startAt, phoneSequence } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = {
  on: (event: string, listener: (...args: any[]) => void) => unknown;
  close: () => void;
  terminate: () => void;
  readyState: number;
};
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

type LiveMessage =
  | { type: 'hello'; position: number }
  | { type: 'booking'; position: number; booking: { id: string; branchId: string; status: string } };

const server = serverForFile();

const open: Live[] = [];
afterEach(() => {
  for (const live of open.splice(0)) live.close();
});

const nextPhone = phoneSequence(164_000_001);

const everyDay = (open: string, close: string) =>
  Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { open, close, breaks: [] }]));

let slot = 0;
/** A fresh free start on the demo branch: one per call, spread over days and hours. */
const nextStart = () => {
  const i = slot++;
  return startAt(server.branch, 2 + Math.floor(i / 10), `${String(9 + (i % 10)).padStart(2, '0')}:00`);
};

const book = async (branchId = server.branch.id, serviceId = server.service('Замена масла').id) => {
  const response = await server.api('POST', '/api/bookings', {
    branchId,
    serviceId,
    start: nextStart(),
    client: { name: 'Семён', phone: nextPhone() },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
};

type Live = {
  messages: LiveMessage[];
  waitFor: <T extends LiveMessage>(predicate: (message: LiveMessage) => message is T, timeoutMs?: number) => Promise<T>;
  bookingIds: () => string[];
  close: () => void;
  /** The close code once the server closed the socket. */
  closedWith: () => Promise<number>;
};

const isHello = (message: LiveMessage): message is Extract<LiveMessage, { type: 'hello' }> => message.type === 'hello';
const isBooking =
  (id: string) =>
  (message: LiveMessage): message is Extract<LiveMessage, { type: 'booking' }> =>
    message.type === 'booking' && message.booking.id === id;

/** Waits until the hub has pushed every projected change, so a later connection can only get them by replay. */
const hubCaughtUp = async () => {
  await server.waitForProjection();
  const { rows } = await server.runtime.pool.query<{ position: number }>(
    'SELECT coalesce(max(position), 0)::float8 AS position FROM live_changes',
  );
  for (let i = 0; server.runtime.deps.hub.position() < rows[0]!.position; i++) {
    if (i > 200) throw new Error('the live hub did not catch up');
    await new Promise((wait) => setTimeout(wait, 10));
  }
};

const liveUrl = (query: string) => `${server.url.replace(/^http/, 'ws')}/api/live${query}`;

/** Opens /api/live and collects every message; resolves once the socket is open. */
const connect = (query: string): Promise<Live> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(liveUrl(query));
    const messages: LiveMessage[] = [];
    const closedWith = new Promise<number>((done) => socket.on('close', (code: number) => done(code)));
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as LiveMessage));
    socket.on('error', reject);
    socket.on('unexpected-response', (_request: unknown, response: { statusCode: number }) =>
      reject(new Error(`refused with ${response.statusCode}`)),
    );
    const live: Live = {
      messages,
      waitFor: async (predicate, timeoutMs = 2000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = messages.find(predicate);
          if (found) return found;
          if (Date.now() > deadline)
            throw new Error(`no matching live message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
          await new Promise((wait) => setTimeout(wait, 20));
        }
      },
      bookingIds: () => messages.flatMap((message) => (message.type === 'booking' ? [message.booking.id] : [])),
      close: () => socket.close(),
      closedWith: () => closedWith,
    };
    socket.on('open', () => {
      open.push(live);
      resolve(live);
    });
  });

/** The status code an upgrade is refused with, or an error when it is accepted. */
const refusal = (query: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(liveUrl(query));
    socket.on('unexpected-response', (_request: unknown, response: { statusCode: number }) => {
      resolve(response.statusCode);
      socket.terminate();
    });
    socket.on('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.on('error', (error: Error) => reject(error));
  });

describe('Live feed /api/live', () => {
  describe('when a panel connects with a token', () => {
    it('says hello with a position, pushes a new booking within 2 s, and replays what was missed after ?since', async () => {
      const first = await connect(`?token=${server.token}`);
      const hello = await first.waitFor(isHello);
      expect(typeof hello.position).toBe('number');

      const firstId = await book();
      const pushed = await first.waitFor(isBooking(firstId), 2000);
      expect(pushed.position).toBeGreaterThan(hello.position);
      expect(pushed.booking).toMatchObject({ id: firstId, branchId: server.branch.id, status: 'New' });
      const lastSeen = Math.max(...first.messages.map((message) => message.position));
      first.close();

      const missed = [await book(), await book()];
      await hubCaughtUp();

      const second = await connect(`?token=${server.token}&since=${lastSeen}`);
      for (const id of missed) await second.waitFor(isBooking(id), 2000);
      expect(second.messages[0]?.type).toBe('hello');
      // Only what came after `since`: the first booking is not sent again.
      expect(second.bookingIds()).not.toContain(firstId);
      expect(
        second
          .bookingIds()
          .filter((id) => missed.includes(id))
          .sort(),
      ).toEqual([...missed].sort());
    });

    it('pushes status changes of a booking as they happen', async () => {
      const live = await connect(`?token=${server.token}`);
      await live.waitFor(isHello);
      const id = await book();
      await live.waitFor(isBooking(id));
      expect((await server.api('POST', `/api/bookings/${id}/status`, { status: 'Confirmed' })).status).toBe(200);
      await live.waitFor(
        (message): message is Extract<LiveMessage, { type: 'booking' }> =>
          message.type === 'booking' && message.booking.id === id && message.booking.status === 'Confirmed',
      );
    });
  });

  describe('when the connection is not allowed', () => {
    it('refuses an upgrade without a token with 401', async () => {
      expect(await refusal('')).toBe(401);
    });

    it('refuses an upgrade with a forged token with 401', async () => {
      expect(await refusal(`?token=${server.token.slice(0, -4)}AAAA`)).toBe(401);
    });

    it('refuses a token sent only as ?token on a plain HTTP request', async () => {
      const response = await fetch(`${server.url}/api/live?token=${server.token}`);
      expect(response.status).toBe(401);
    });

    it('refuses a malformed ?since with 400', async () => {
      expect(await refusal(`?token=${server.token}&since=yesterday`)).toBe(400);
    });
  });

  describe('when a manager is limited to another branch', () => {
    let other: { branchId: string; serviceId: string };
    let manager: { token: string; id: string };

    beforeAll(async () => {
      const branch = await server.api('POST', '/api/branches', {
        name: 'СТО на Садовой',
        timeZone: 'Europe/Moscow',
        hours: everyDay('09:00', '20:00'),
      });
      expect(branch.status).toBe(201);
      await server.api('POST', '/api/bays', { branchId: branch.body.id, name: 'Подъёмник', kinds: ['lift'] });
      const service = await server.api('POST', '/api/services', {
        branchId: branch.body.id,
        name: 'Замена масла',
        durationMinutes: 45,
        bayKind: 'lift',
      });
      expect(service.status).toBe(201);
      other = { branchId: branch.body.id, serviceId: service.body.id };
      manager = await server.addUser('manager', [other.branchId]);
    });

    it('does not push a booking of the demo branch to that manager, but does push one of their own branch', async () => {
      const owner = await connect(`?token=${server.token}`);
      const limited = await connect(`?token=${manager.token}`);
      await owner.waitFor(isHello);
      await limited.waitFor(isHello);

      const foreign = await book();
      await owner.waitFor(isBooking(foreign));
      const own = await book(other.branchId, other.serviceId);
      await limited.waitFor(isBooking(own));
      await owner.waitFor(isBooking(own));
      // Pushes go out in log order, so once `own` arrived `foreign` would have too.
      expect(limited.bookingIds()).not.toContain(foreign);
    });

    it('does not replay bookings of the demo branch to that manager after ?since=0', async () => {
      const foreign = await book();
      await hubCaughtUp();
      const limited = await connect(`?token=${manager.token}&since=0`);
      await limited.waitFor(isHello);
      await new Promise((wait) => setTimeout(wait, 500));
      expect(limited.bookingIds()).not.toContain(foreign);
      expect(limited.messages.every((message) => message.type === 'hello' || message.booking.branchId === other.branchId)).toBe(
        true,
      );
    });

    it('lets the owner narrow the feed to one branch with ?branchId', async () => {
      const narrowed = await connect(`?token=${server.token}&branchId=${other.branchId}`);
      await narrowed.waitFor(isHello);
      const foreign = await book();
      const own = await book(other.branchId, other.serviceId);
      await narrowed.waitFor(isBooking(own));
      expect(narrowed.bookingIds()).not.toContain(foreign);
    });

    it('closes an open feed once its user is deactivated, and pushes nothing more to it', async () => {
      const leaving = await server.addUser('manager', [other.branchId]);
      const live = await connect(`?token=${leaving.token}`);
      await live.waitFor(isHello);
      await server.runtime.pool.query('UPDATE users SET active = false WHERE id = $1', [leaving.id]);
      // Rechecked every SESSION_RECHECK_MS against a user row cached for 2 s.
      const code = await Promise.race([
        live.closedWith(),
        new Promise<number>((done) => setTimeout(() => done(-1), 3 * SESSION_RECHECK_MS)),
      ]);
      expect(code).toBe(SESSION_ENDED);
      const later = await book(other.branchId, other.serviceId);
      await hubCaughtUp();
      expect(live.bookingIds()).not.toContain(later);
    });

    it('refuses that manager a feed of the demo branch with 403 before the upgrade', async () => {
      expect(await refusal(`?token=${manager.token}&branchId=${server.branch.id}`)).toBe(403);
    });

    it('refuses a compliance officer the feed with 403 before the upgrade: it carries the board, which they do not read', async () => {
      const officer = await server.addUser('compliance');
      expect(
        (
          await server.api('GET', `/api/board?branchId=${server.branch.id}`, undefined, {
            authorization: `Bearer ${officer.token}`,
          })
        ).status,
      ).toBe(403);
      expect(await refusal(`?token=${officer.token}`)).toBe(403);
    });
  });
});
