import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { OWNER, startAt, startTestServer, type TestServer, TEST_PASSWORD_COST } from '../support/test-server.ts';
import { readAnswer } from '../support/answer.ts';

// `ws` comes with @fastify/websocket but without type declarations; Node 20 has no global WebSocket.
type WsClient = { on: (event: string, listener: (...args: any[]) => void) => unknown; close: () => void; terminate: () => void };
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, options?: object) => WsClient;

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  cookie = `zero_session=${server.token}`;
});
afterAll(async () => {
  await server?.stop();
});

const FOREIGN = 'https://evil.example';

/** A request authenticated by the session cookie only, as a browser sends it. */
const withCookie = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
  const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, ...headers }, body });
  const { text, json } = await readAnswer(response);
  return { status: response.status, headers: response.headers, body: json, text };
};

const refusedWithoutEvents = async (request: () => Promise<{ status: number; body: any }>, status: number, code: string) => {
  const before = await server.eventCount();
  const answer = await request();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toMatchObject({ status, code });
  expect(await server.eventCount()).toBe(before);
};

let phone = 0;
const bookingJson = () =>
  JSON.stringify({
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 3, `${String(9 + (phone % 9)).padStart(2, '0')}:00`),
    client: { name: 'Илья', phone: `+7916555${String(1000 + ++phone).slice(-4)}` },
  });

describe('Security headers', () => {
  it('sends nosniff, a deny-all CSP with frame-ancestors none and a referrer policy on API answers', async () => {
    const answer = await withCookie('GET', '/api/branches', {});
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(answer.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(answer.headers.get('referrer-policy')).toBe('same-origin');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });

  it('sends panel pages a CSP that allows only our scripts and the page’s own inline ones by a nonce of this answer', async () => {
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'(;|$)/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    // Every inline script Qwik runs carries it; Qwik's state (type qwik/json) is data and needs none,
    // and an empty one (Qwik City's listener holder) is never run.
    const html = await page.text();
    const executable = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      .filter(
        ([, attributes = '', body = '']) => body !== '' && !/\bsrc=/.test(attributes) && !/type="qwik\/json"/.test(attributes),
      )
      .map(([, attributes = '']) => attributes);
    expect(executable.length).toBeGreaterThan(0);
    for (const attributes of executable) expect(attributes).toContain(`nonce="${nonce}"`);
    const again = (await fetch(`${server.url}/login`)).headers.get('content-security-policy') ?? '';
    expect(again).not.toContain(nonce);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('keeps the API docs under swagger-ui’s own policy (no inline scripts), unframed and without upgrading plain HTTP', async () => {
    const docs = await fetch(`${server.url}/api/docs/static/index.html`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(docs.status).toBe(200);
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
  });

  it('sends no HSTS over plain HTTP', async () => {
    const answer = await withCookie('GET', '/api/branches', { 'x-forwarded-proto': 'https' });
    expect(answer.headers.get('strict-transport-security')).toBeNull();
  });

  it('serves the officer’s HTML trail in a sandbox: no scripts, no requests, no framing', async () => {
    const officer = await server.addUser('compliance');
    const booked = await server.api('POST', '/api/bookings', JSON.parse(bookingJson()));
    expect(booked.status).toBe(201);
    await server.waitForProjection();
    const clientId = (await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients LIMIT 1')).rows[0]!.id;
    const answer = await fetch(`${server.url}/api/compliance/clients/${clientId}/trail?format=html`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|; ?)sandbox(;|$)/);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'unsafe-inline'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('Cookie-authenticated changes come from the panel’s own origin only', () => {
  it('refuses a booking posted with the cookie from a foreign Origin, and writes nothing', async () => {
    await refusedWithoutEvents(
      () => withCookie('POST', '/api/bookings', { origin: FOREIGN, 'content-type': 'application/json' }, bookingJson()),
      403,
      'CROSS_ORIGIN',
    );
  });

  it('refuses one that a browser marks cross-site, whatever the Origin says', async () => {
    await refusedWithoutEvents(
      () =>
        withCookie(
          'POST',
          '/api/bookings',
          { origin: server.url, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
          bookingJson(),
        ),
      403,
      'CROSS_ORIGIN',
    );
  });

  it('refuses one that carries neither Origin nor Sec-Fetch-Site', async () => {
    await refusedWithoutEvents(
      () => withCookie('POST', '/api/bookings', { 'content-type': 'application/json' }, bookingJson()),
      403,
      'CROSS_ORIGIN',
    );
  });

  it('accepts one from our own origin', async () => {
    const answer = await withCookie(
      'POST',
      '/api/bookings',
      { origin: server.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      bookingJson(),
    );
    expect(answer.status, answer.text).toBe(201);
  });

  it('accepts a Bearer request from anywhere: a page elsewhere cannot make a browser send our token', async () => {
    const answer = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, origin: FOREIGN, 'content-type': 'application/json' },
      body: bookingJson(),
    });
    expect(answer.status).toBe(201);
  });

  it('refuses the retention run sent as a cross-site text/plain form', async () => {
    const officer = await server.addUser('compliance');
    await refusedWithoutEvents(
      () =>
        fetch(`${server.url}/api/compliance/retention/run`, {
          method: 'POST',
          headers: { cookie: `zero_session=${officer.token}`, origin: FOREIGN, 'content-type': 'text/plain' },
          body: 'x',
        }).then(async (response) => ({ status: response.status, body: await response.json() })),
      403,
      'CROSS_ORIGIN',
    );
    // From our own origin the text/plain body is still not what the route takes.
    const plain = await fetch(`${server.url}/api/compliance/retention/run`, {
      method: 'POST',
      headers: { cookie: `zero_session=${officer.token}`, origin: server.url, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(plain.status).toBe(415);
  });

  it('refuses a file upload to the import with the cookie from a foreign origin', async () => {
    await refusedWithoutEvents(
      () =>
        withCookie(
          'POST',
          `/api/imports?branchId=${server.branch.id}&fileName=clients.csv`,
          { origin: FOREIGN, 'content-type': 'text/csv' },
          'Имя;Телефон\nИван;+79161234567\n',
        ),
      403,
      'CROSS_ORIGIN',
    );
  });

  it('refuses a sign-in posted from a foreign origin (login CSRF)', async () => {
    const answer = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: FOREIGN, 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('set-cookie')).toBeNull();
  });
});

describe('The live feed checks the Origin of a cookie handshake', () => {
  const handshake = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/live`, { headers });
      socket.on('unexpected-response', (_request: unknown, response: { statusCode: number }) => {
        resolve(response.statusCode);
        socket.terminate();
      });
      socket.on('open', () => {
        resolve(101);
        socket.close();
      });
      socket.on('error', reject);
    });

  it('refuses a cookie handshake from a foreign origin with 403 before the upgrade', async () => {
    expect(await handshake({ cookie, origin: FOREIGN })).toBe(403);
  });

  it('opens a cookie handshake from our own origin', async () => {
    expect(await handshake({ cookie, origin: server.url })).toBe(101);
  });
});

describe('Behind an HTTPS reverse proxy (TRUST_PROXY)', () => {
  let proxied: Runtime;
  let url: string;
  beforeAll(async () => {
    proxied = await createRuntime({
      databaseUrl: server.databaseUrl,
      logLevel: 'silent',
      trustProxy: 'loopback',
      passwordCost: TEST_PASSWORD_COST,
      publicUrl: 'https://crm.example.ru',
    });
    url = await proxied.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  const viaProxy = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'crm.example.ru', ...(init.headers ?? {}) },
    });

  it('gives the session cookie Secure and sends HSTS', async () => {
    const login = await viaProxy('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://crm.example.ru' },
      body: JSON.stringify(OWNER),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  it('takes the public origin as ours for cookie-authenticated changes', async () => {
    const answer = await viaProxy('/api/bookings', {
      method: 'POST',
      headers: { cookie, origin: 'https://crm.example.ru', 'content-type': 'application/json' },
      body: bookingJson(),
    });
    expect(answer.status).toBe(201);
  });
});
