import type { Assistant } from '../../core/assistant/assistant.ts';

/**
 * An OpenAI-compatible chat endpoint (OpenAI's own, or an RF-hosted model behind the same API):
 * `POST {baseUrl}/chat/completions` with `{ model, messages, temperature, max_tokens }` and
 * `Authorization: Bearer <key>` answers
 *   {"id":"…","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"…"},"finish_reason":"stop"}],"usage":{…}}
 * and an error as a non-2xx status with {"error":{"message":"…","type":"…","code":…}}.
 */
export type OpenAiCompatibleOptions = {
  /** The API's base, e.g. https://llm.example.ru/v1. */
  baseUrl: string;
  model: string;
  apiKey?: string | null;
  /** A client waits for this answer in the chat: a slow model is given up on and a manager answers. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

type Completion = {
  choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
};

/** Short answers: a chat reply, not an essay (and a bill kept small). */
const MAX_TOKENS = 300;

export const createOpenAiCompatible = (options: OpenAiCompatibleOptions): Assistant => {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    complete: async (messages) => {
      const response = await doFetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: options.model, messages, temperature: 0.2, max_tokens: MAX_TOKENS }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`assistant endpoint answered ${response.status}`);
      const completion = (await response.json()) as Completion;
      const [choice] = completion.choices ?? [];
      // An answer cut by the token limit or a content filter is not one to send a client.
      if (!choice || choice.finish_reason !== 'stop' || typeof choice.message?.content !== 'string') return null;
      return choice.message.content;
    },
  };
};
