import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstOrganization } from '../../bot/host.ts';
import { startMax, type MaxMessaging } from '../../channels/max/host.ts';
import { newUser, phoneFor, startBotHarness, until, type BotHarness } from '../support/bot-harness.ts';
import { startFakeMax, type FakeMax, type MaxUser } from '../support/fake-max.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = { on: (event: string, listener: (...args: any[]) => void) => unknown; close: () => void };
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, options?: object) => WsClient;

/**
 * The two-way inbox: a client's photo with a caption (Telegram) or location (MAX), written outside
 * the menu, reaches the panel's live feed and the inbox; the manager's answer from the panel goes
 * back to the chat it came from. Message bodies are sealed in the log.
 */
let server: TestServer;
let h: BotHarness;
let fake: FakeMax;
let max: MaxMessaging;
const frames: { type: string; clientId?: string }[] = [];
let socket: WsClient;

beforeAll(async () => {
  server = await startTestServer();
  h = await startBotHarness({ server });
  fake = await startFakeMax();
  max = await startMax(
    { ...h.hostDeps, organization: firstOrganization(server.runtime.pool) },
    { token: fake.token, baseUrl: fake.baseUrl, pollingTimeoutSeconds: 1 },
  );
  await new Promise<void>((resolve, reject) => {
    socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live?token=${server.token}`);
    socket.on('error', reject);
    socket.on('message', (data: Buffer) => {
      frames.push(JSON.parse(data.toString('utf8')) as { type: string; clientId?: string });
      resolve();
    });
  });
});
afterAll(async () => {
  socket?.close();
  await max?.stop();
  await fake?.close();
  await h?.stop();
  await server?.stop();
});

const clientIdOf = async (channel: string) =>
  (await h.eventsOf('ClientRegistered')).filter((event) => event.data.channel === channel).at(-1)!.data.clientId as string;

describe('the inbox', () => {
  it('brings a Telegram photo with a caption to the panel live, and takes the manager’s answer back to Telegram', async () => {
    const user = newUser('Светлана', 'Фотова');
    await h.link(user, phoneFor(user));
    const clientId = await clientIdOf('telegram');

    const update = h.telegram.sendMessage(user, {
      photo: [
        { file_id: 'small-1', file_unique_id: 'u1', width: 90, height: 60 },
        { file_id: 'large-1', file_unique_id: 'u2', width: 1280, height: 853 },
      ],
      caption: 'вот фото царапины на крыле',
    });
    await h.handled(update);
    expect(h.telegram.lastMessage(user.id)!.text).toContain('Передали ваше сообщение менеджеру');
    await until(() => frames.some((frame) => frame.type === 'inbox' && frame.clientId === clientId), 'the live inbox frame');

    const list = await server.api('GET', '/api/inbox');
    expect(list.status).toBe(200);
    expect(list.body.threads[0]).toMatchObject({
      clientId,
      name: 'Светлана Фотова',
      channel: 'telegram',
      lastKind: 'photo',
      unread: 1,
    });
    const opened = await server.api('GET', `/api/inbox/${clientId}`);
    expect(opened.body.messages).toEqual([
      expect.objectContaining({ direction: 'in', kind: 'photo', channel: 'telegram', text: 'вот фото царапины на крыле' }),
    ]);
    // Opening writes nothing (a link from another site opens it too); the panel marks it read.
    expect((await server.api('GET', '/api/inbox')).body.threads[0].unread).toBe(1);
    expect((await server.api('POST', `/api/inbox/${clientId}/read`)).status).toBe(204);
    expect((await server.api('GET', '/api/inbox')).body.threads[0].unread).toBe(0);

    // The caption is sealed in the log.
    const { rows } = await server.runtime.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM emt_messages WHERE message_data::text LIKE '%царапины%'",
    );
    expect(rows[0]!.n).toBe(0);

    const answered = await server.api('POST', `/api/inbox/${clientId}/reply`, {
      text: 'Приезжайте завтра, посмотрим бесплатно.',
    });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({
      direction: 'out',
      channel: 'telegram',
      text: 'Приезжайте завтра, посмотрим бесплатно.',
    });
    h.host().poke();
    await until(() => h.telegram.lastMessage(user.id)!.text.includes('Приезжайте завтра'), 'the answer in Telegram');
    expect(h.telegram.lastMessage(user.id)!.text).toBe('Сообщение от менеджера:\nПриезжайте завтра, посмотрим бесплатно.');
  });

  it('keeps a Telegram video, round video or audio with its caption, as it keeps a photo', async () => {
    const user = newUser('Вадим', 'Видеов');
    await h.link(user, phoneFor(user));
    const clientId = await clientIdOf('telegram');
    const sent: [Record<string, unknown>, string, string][] = [
      [
        {
          video: { file_id: 'video-1', file_unique_id: 'v1', width: 640, height: 360, duration: 5 },
          caption: 'вот как стучит подвеска',
        },
        'video',
        'вот как стучит подвеска',
      ],
      [{ video_note: { file_id: 'note-1', file_unique_id: 'n1', length: 240, duration: 7 } }, 'video', ''],
      [
        { audio: { file_id: 'audio-1', file_unique_id: 'a1', duration: 9 }, caption: 'звук двигателя' },
        'audio',
        'звук двигателя',
      ],
    ];
    for (const [message] of sent) {
      await h.handled(h.telegram.sendMessage(user, message));
      expect(h.telegram.lastMessage(user.id)!.text).toContain('Передали ваше сообщение менеджеру');
    }
    const opened = await server.api('GET', `/api/inbox/${clientId}`);
    expect(opened.body.messages.map((message: { kind: string; text: string }) => [message.kind, message.text])).toEqual(
      sent.map(([, kind, text]) => [kind, text]),
    );
  });

  it('brings a MAX location to the inbox and answers in MAX', async () => {
    const user: MaxUser = { user_id: 88_000_001, first_name: 'Тимур', last_name: 'Локаций', username: null, is_bot: false };
    const handled = async (update: number) => {
      await until(() => fake.polledMarker() >= update, `MAX update ${update} taken`);
      await max.bot.settled();
    };
    await handled(fake.botStarted(user));
    const consent = fake.lastMessage(user)!;
    const agree = consent.attachments[0].payload.buttons.flat().find((b: { text: string }) => b.text === 'Согласен');
    await handled(fake.press(user, consent, agree.payload).update);
    await handled(fake.sendContact(user, { owner: user, phone: '79165550001' }));
    const clientId = await clientIdOf('max');

    await handled(fake.sendAttachments(user, null, [{ type: 'location', latitude: 55.751, longitude: 37.618 }]));
    expect(fake.lastMessage(user)!.text).toContain('Передали ваше сообщение менеджеру');
    await until(() => frames.some((frame) => frame.type === 'inbox' && frame.clientId === clientId), 'the live inbox frame');
    const opened = await server.api('GET', `/api/inbox/${clientId}`);
    expect(opened.body.messages).toEqual([
      expect.objectContaining({ kind: 'location', channel: 'max', location: { latitude: 55.751, longitude: 37.618 } }),
    ]);

    expect((await server.api('POST', `/api/inbox/${clientId}/reply`, { text: 'Видим вас, едем.' })).status).toBe(201);
    max.poke();
    await until(() => fake.lastMessage(user)!.text?.includes('Видим вас, едем.'), 'the answer in MAX');
  });

  it('refuses an empty answer and an answer to a client who never wrote, writing nothing', async () => {
    const before = await server.eventCount();
    const threads = (await server.api('GET', '/api/inbox')).body.threads as { clientId: string }[];
    const empty = await server.api('POST', `/api/inbox/${threads[0]!.clientId}/reply`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('VALIDATION');
    const stranger = await server.api('POST', '/api/inbox/00000000-0000-4000-8000-000000000001/reply', { text: 'Здравствуйте' });
    expect(stranger.status).toBe(404);
    // No such client is not found, for the owner too.
    expect((await server.api('GET', '/api/inbox/00000000-0000-4000-8000-000000000001')).status).toBe(404);
    expect(await server.eventCount()).toBe(before);
    // A client booked by phone who never wrote has an empty conversation that names nobody.
    const booked = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, 6, '10:00'),
      client: { name: 'Тихон Молчун', phone: '+79165550177' },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    await server.waitForProjection();
    const silentId = (await server.api('GET', `/api/bookings/${booked.body.id}`)).body.clientId as string;
    const silent = await server.api('GET', `/api/inbox/${silentId}`);
    expect(silent.status).toBe(200);
    expect(silent.body).toEqual({ clientId: silentId, name: '', messages: [] });
  });
});
