import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiCompatible } from '../../channels/assistant/openai-compatible.ts';
import { inboxTextsFor } from '../../conversation/inbox-texts.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The optional assistant: a free-form question no rule understood is put to an OpenAI-compatible
 * model (the loopback fake), with the station's public facts and the question masked of personal
 * data; a handed-over or failed answer leaves the question to a manager, as without the assistant.
 */
let server: TestServer;
let h: BotHarness;
let model: FakeOpenAi;

beforeAll(async () => {
  model = await startFakeOpenAi();
  server = await startTestServer();
  h = await startBotHarness({
    server,
    assistant: createOpenAiCompatible({ baseUrl: model.baseUrl, model: 'rf-model', apiKey: model.apiKey }),
  });
});
afterAll(async () => {
  await h?.stop();
  await server?.stop();
  await model?.close();
});

const inboxCount = async () => (await h.eventsOf('ClientMessageReceived')).length;

const passedOn = inboxTextsFor('ru').passedOn;

describe('the assistant in the bot', () => {
  it('answers a linked client from the station’s facts, sends no personal data, and shows the question to a manager', async () => {
    const user = newUser('Всеволод', 'Гибридов');
    const phone = phoneFor(user);
    await h.link(user, phone);
    const before = await inboxCount();
    model.answerWith(() => ({ content: 'Да, гибриды обслуживаем: диагностика ходовой от 1000 ₽.' }));
    await h.server.api('PATCH', `/api/branches/${h.server.branch.id}`, { address: 'г. Москва, ул. Садовая, 5' });

    const question = `Всеволод Гибридов, тел. +${phone}, машина А777АА77 — вы гибриды обслуживаете?`;
    const reply = await h.send(user, question);
    expect(reply!.text).toContain('Да, гибриды обслуживаем');
    expect(reply!.text).toContain('🤖 Это автоматический ответ');

    const request = model.requests.at(-1)!;
    expect(request.model).toBe('rf-model');
    const [system, asked] = request.messages;
    expect(system!.content).toContain('Демо СТО');
    expect(system!.content).toMatch(/Диагностика ходовой: от 1000 ₽/);
    expect(system!.content).toContain(`Адреса: ${h.server.branch.name} — г. Москва, ул. Садовая, 5`);
    await h.server.api('PATCH', `/api/branches/${h.server.branch.id}`, { address: null });
    expect(asked!.content).toBe('[имя] [имя], тел. [номер], машина [госномер] — вы гибриды обслуживаете?');
    const sent = JSON.stringify(model.requests);
    for (const secret of ['Всеволод', 'Гибридов', phone, phone.slice(-7), 'А777АА77']) expect(sent).not.toContain(secret);

    // The manager sees the question in the inbox, with the client's own words.
    expect((await inboxCount()) - before).toBe(1);
  });

  it('leaves the question to a manager when the model hands over or fails, and logs no words of it', async () => {
    const user = newUser('Марина');
    await h.link(user, phoneFor(user));
    const before = await inboxCount();

    model.answerWith(() => ({ content: 'MANAGER' }));
    expect((await h.send(user, 'а можно оставить машину на ночь у ворот?'))!.text).toBe(passedOn);

    model.answerWith(() => ({ status: 503 }));
    expect((await h.send(user, 'а у вас есть детская комната?'))!.text).toBe(passedOn);
    expect(h.logs.some((line) => line.message === 'assistant unavailable')).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain('детская');

    expect((await inboxCount()) - before).toBe(2);
  });

  it('answers someone not linked yet, writing nothing, and points to /start', async () => {
    const user = newUser('Гость');
    const events = await server.eventCount();
    model.answerWith(() => ({ content: 'Да, можно подождать в зале, там есть кофе.' }));
    const reply = await h.send(user, 'можно подождать в зале, пока делают?');
    expect(reply!.text).toContain('Да, можно подождать в зале');
    expect(reply!.text).toContain('нажмите /start');
    expect(await server.eventCount()).toBe(events);
  });

  it('puts at most ten questions an hour from one chat to the model', async () => {
    const user = newUser('Любопытный');
    await h.link(user, phoneFor(user));
    model.answerWith(() => ({ content: 'Да.' }));
    const asked = model.requests.length;
    for (let i = 1; i <= 11; i++) await h.send(user, `вопрос номер ${i}: а у вас есть вай-фай?`);
    expect(model.requests.length - asked).toBe(10);
    expect(h.telegram.lastMessage(user.id)!.text).toBe(passedOn);
  });
});
