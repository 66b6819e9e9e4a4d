import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestText } from './request-text.ts';

type Message = { role: string; content: string };
export type ChatRequest = { model: string; messages: Message[]; temperature?: number; max_tokens?: number };
/** What the fake model says to one request: content with a finish reason, or an HTTP error. */
type Reply = { content: string; finishReason?: 'stop' | 'length' | 'content_filter' } | { status: number };

/**
 * An OpenAI-compatible chat endpoint on loopback, speaking the documented JSON of
 * `POST /v1/chat/completions`: a completion object with `choices[].message.content` and
 * `finish_reason`, usage counts, and errors as `{"error":{"message","type","param","code"}}` with
 * 401 for a wrong key and 400 for a body without a model or messages. Every request is kept.
 */
export const startFakeOpenAi = async (apiKey = 'sk-test-key') => {
  const requests: ChatRequest[] = [];
  let reply: (request: ChatRequest) => Reply = () => ({ content: 'Да, конечно.' });
  let nextId = 1;

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const error = (status: number, message: string, type: string, code: string | null) =>
      json(status, { error: { message, type, param: null, code } });
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
      return error(404, `Unknown request URL: ${request.method} ${request.url}`, 'invalid_request_error', 'unknown_url');
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return error(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    let body: ChatRequest;
    try {
      body = JSON.parse(await requestText(request)) as ChatRequest;
    } catch {
      return error(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
    }
    if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
      return error(
        400,
        "Missing required parameter: 'model' or 'messages'.",
        'invalid_request_error',
        'missing_required_parameter',
      );
    }
    requests.push(body);
    const chosen = reply(body);
    if ('status' in chosen)
      return error(chosen.status, 'The server had an error while processing your request.', 'server_error', null);
    json(200, {
      id: `chatcmpl-${nextId++}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: chosen.content, refusal: null },
          logprobs: null,
          finish_reason: chosen.finishReason ?? 'stop',
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  };

  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiKey,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Sets what the model answers from now on. */
    answerWith: (next: (request: ChatRequest) => Reply) => {
      reply = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type FakeOpenAi = Awaited<ReturnType<typeof startFakeOpenAi>>;
