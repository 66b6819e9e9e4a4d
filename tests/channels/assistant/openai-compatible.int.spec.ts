import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiCompatible } from '../../../channels/assistant/openai-compatible.ts';
import { loadConfig } from '../../../config.ts';
import { startFakeOpenAi, type FakeOpenAi } from '../../support/fake-openai.ts';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.close();
});

const messages = [
  { role: 'system' as const, content: 'Ты — помощник автосервиса.' },
  { role: 'user' as const, content: 'Вы обслуживаете гибриды?' },
];

describe('the OpenAI-compatible assistant endpoint', () => {
  it('sends the model, the messages and the key, and returns the answer', async () => {
    fake.answerWith(() => ({ content: 'Да, обслуживаем.' }));
    const assistant = createOpenAiCompatible({ baseUrl: `${fake.baseUrl}/`, model: 'rf-model-7b', apiKey: fake.apiKey });
    expect(await assistant.complete(messages)).toBe('Да, обслуживаем.');
    expect(fake.requests.at(-1)).toMatchObject({ model: 'rf-model-7b', messages, max_tokens: 300 });
  });

  it('gives no answer when the model was cut short or filtered', async () => {
    const assistant = createOpenAiCompatible({ baseUrl: fake.baseUrl, model: 'm', apiKey: fake.apiKey });
    fake.answerWith(() => ({ content: 'Да, обслуживаем гибриды, а также', finishReason: 'length' }));
    expect(await assistant.complete(messages)).toBeNull();
    fake.answerWith(() => ({ content: '', finishReason: 'content_filter' }));
    expect(await assistant.complete(messages)).toBeNull();
  });

  it('throws on a wrong key, a server error and an unreachable endpoint', async () => {
    fake.answerWith(() => ({ content: 'Да.' }));
    await expect(
      createOpenAiCompatible({ baseUrl: fake.baseUrl, model: 'm', apiKey: 'wrong' }).complete(messages),
    ).rejects.toThrow('401');
    fake.answerWith(() => ({ status: 500 }));
    await expect(
      createOpenAiCompatible({ baseUrl: fake.baseUrl, model: 'm', apiKey: fake.apiKey }).complete(messages),
    ).rejects.toThrow('500');
    await expect(createOpenAiCompatible({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }).complete(messages)).rejects.toThrow();
  });
});

describe('the assistant settings', () => {
  it('are off by default and need a model with the URL', () => {
    expect(loadConfig({}).assistant).toBeNull();
    expect(() => loadConfig({ ASSISTANT_URL: 'https://llm.example.ru/v1' })).toThrow('ASSISTANT_MODEL');
    expect(() => loadConfig({ ASSISTANT_URL: 'llm.example.ru', ASSISTANT_MODEL: 'm' })).toThrow('ASSISTANT_URL');
    expect(
      loadConfig({ ASSISTANT_URL: 'https://llm.example.ru/v1/', ASSISTANT_MODEL: 'm', ASSISTANT_API_KEY: 'k' }).assistant,
    ).toEqual({
      baseUrl: 'https://llm.example.ru/v1',
      model: 'm',
      apiKey: 'k',
    });
  });
});
