import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startAt } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';
import { readAnswer } from '../support/answer.ts';

const server = serverForFile();

type Answer = { status: number; headers: Headers; text: string; body: any };

/** A request with the owner's token and exactly this body and content type (no JSON encoding). */
const send = async (method: string, path: string, body?: string, contentType?: string): Promise<Answer> => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(contentType ? { 'content-type': contentType } : {}),
    },
    body,
  });
  const { text, json } = await readAnswer(response);
  return { status: response.status, headers: response.headers, text, body: json as unknown };
};

/** What a raw socket gets back for these exact bytes (for what fetch refuses to send). */
const raw = (request: string) =>
  new Promise<{ head: string; body: string }>((resolve, reject) => {
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = data.indexOf('\r\n\r\n');
      resolve({ head: data.slice(0, split), body: data.slice(split + 4) });
    });
  });

const expectProblem = (answer: { status: number; body: any; text?: string }, status: number, code?: string) => {
  expect(answer.status, (answer.text ?? JSON.stringify(answer.body)).slice(0, 300)).toBe(status);
  expect(answer.body).toMatchObject({ type: 'about:blank', status, ...(code ? { code } : {}) });
  expect(typeof answer.body.code).toBe('string');
  expect(typeof answer.body.detail).toBe('string');
};

/** Runs a request that must be refused and checks that the log did not grow. */
const refused = async <T>(request: () => Promise<T>): Promise<T> => {
  const before = await server.eventCount();
  const answer = await request();
  expect(await server.eventCount()).toBe(before);
  return answer;
};

const MARKER = 'ECHO-ME-0xC0FFEE';

const bookingBody = (overrides: Record<string, unknown> = {}) => ({
  branchId: server.branch.id,
  serviceId: server.service('Замена масла').id,
  start: startAt(server.branch, 3, '11:00'),
  client: { name: 'Пётр', phone: '+79161112233' },
  ...overrides,
});

describe('Errors are problems that do not echo the input', () => {
  it('answers an unknown route with a 404 problem that does not repeat the path', async () => {
    const answer = await send('GET', `/api/${MARKER}`);
    expectProblem(answer, 404, 'NOT_FOUND');
    expect(answer.text).not.toContain(MARKER);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers a known path with the wrong method with a 405 problem naming the allowed ones', async () => {
    const answer = await send('DELETE', '/api/branches');
    expectProblem(answer, 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toMatch(/GET/);
    expect(answer.headers.get('allow')).toMatch(/POST/);
  });

  it('answers a path parameter over the router’s limit with a 414 problem that does not echo it', async () => {
    const answer = await send('GET', `/api/bookings/${MARKER}${'a'.repeat(150)}`);
    expectProblem(answer, 414, 'URI_TOO_LONG');
    expect(answer.text).not.toContain(MARKER);
  });

  it('answers an oversize query string with a 414 problem', async () => {
    const answer = await send('GET', `/api/clients?q=${MARKER}${'x'.repeat(10_000)}`);
    expectProblem(answer, 414, 'URI_TOO_LONG');
    expect(answer.text).not.toContain(MARKER);
  });

  it('answers broken percent-encoding with a 400 problem that does not echo it', async () => {
    const answer = await send('GET', `/api/${MARKER}%zz`);
    expectProblem(answer, 400, 'BAD_URL');
    expect(answer.text).not.toContain(MARKER);
  });

  it('answers a body over the limit with a 413 problem and writes nothing', async () => {
    const answer = await refused(() =>
      send('POST', '/api/bookings', JSON.stringify(bookingBody({ comment: 'x'.repeat(1_100_000) })), 'application/json'),
    );
    expectProblem(answer, 413, 'FST_ERR_CTP_BODY_TOO_LARGE');
  });

  it('answers a content type the route does not take with a 415 problem that does not echo it', async () => {
    const answer = await refused(() => send('POST', '/api/bookings', JSON.stringify(bookingBody()), `text/${MARKER}`));
    expectProblem(answer, 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
    expect(answer.text).not.toContain(MARKER);
  });

  it('answers a request line the HTTP parser refuses with a problem', async () => {
    const { head, body } = await raw('FOO /api/branches HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400/);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});

describe('Control characters are refused before anything reaches PostgreSQL', () => {
  it('refuses NUL in the unauthenticated login body with 400, not 500', async () => {
    const answer = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner\u0000@test.local', password: 'whatever-it-is' }),
    });
    expectProblem({ status: answer.status, body: await answer.json() }, 400, 'CONTROL_CHARACTER');
  });

  it.each([
    ['a search', '/api/clients?q=%00'],
    ['a branch filter', '/api/board?branchId=%00&date=2030-01-01'],
    ['a control character other than NUL', '/api/clients?q=a%07b'],
    ['a query key', '/api/clients?q%00=1'],
  ])('refuses NUL or a control character in %s with 400', async (_label, path) => {
    expectProblem(await send('GET', path), 400, 'CONTROL_CHARACTER');
  });

  it('refuses a control character in a path parameter with 400', async () => {
    expectProblem(await send('GET', '/api/bookings/%00abc'), 400, 'CONTROL_CHARACTER');
  });

  it.each([
    ['NUL in a client name', { client: { name: 'Пётр\u0000', phone: '+79161112233' } }],
    ['a bell in a comment', { comment: 'ring\u0007' }],
    ['an escape in a car', { car: { plate: 'А123ВС77\u001b' } }],
    ['a lone high surrogate', { comment: 'half \ud83d of a smile' }],
    ['a lone low surrogate', { comment: 'half \ude00 of a smile' }],
  ])('refuses %s in a JSON body with 400 and writes nothing', async (_label, overrides) => {
    const answer = await refused(() => send('POST', '/api/bookings', JSON.stringify(bookingBody(overrides)), 'application/json'));
    expectProblem(answer, 400, 'CONTROL_CHARACTER');
  });

  it('refuses a control character in a JSON key', async () => {
    const answer = await refused(() =>
      send('POST', '/api/bookings', JSON.stringify({ ...bookingBody(), 'x\u0000': 1 }), 'application/json'),
    );
    expectProblem(answer, 400, 'CONTROL_CHARACTER');
  });

  it('accepts line breaks and tabs inside a comment (they are how people write)', async () => {
    const answer = await send(
      'POST',
      '/api/bookings',
      JSON.stringify(bookingBody({ comment: 'первая строка\r\nвторая\tс табом', start: startAt(server.branch, 4, '12:00') })),
      'application/json',
    );
    expect(answer.status, answer.text).toBe(201);
  });
});
