import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../api/plugins/problems.ts';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';
import { readAnswer } from '../support/answer.ts';

/**
 * An outside-style run over every route the app registered: malformed JSON, wrong types, oversize
 * bodies and control characters in the query, the body and the path, as the owner and signed out.
 * Nothing may answer 5xx, every refusal is a problem with a code, and no refused request writes an
 * event.
 */
let server: TestServer;

let officer: string;

beforeAll(async () => {
  server = await startTestServer();
  officer = (await server.addUser('compliance')).token;
  const manager = await server.addUser('manager', [server.branch.id]);
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 3, '10:00'),
    client: { name: 'Фаззер', phone: '+79160000001' },
  });
  expect(booked.status).toBe(201);
  await server.waitForProjection();
  const client = await server.runtime.pool.query<{ id: string }>('SELECT id FROM rm.clients LIMIT 1');
  Object.assign(known, {
    bookings: booked.body.id,
    branches: server.branch.id,
    bays: server.bays[0]!.id,
    services: server.services[0]!.id,
    users: manager.id,
    clients: client.rows[0]!.id,
  });
});
afterAll(async () => {
  await server?.stop();
});

type Probe = { label: string; path: string; body?: string; contentType?: string };
type Finding = { route: string; probe: string; as: string; status: number; problem: string; eventsWritten: number };

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const pathWith = (url: string, value: string) => url.replace(/:[A-Za-z0-9_]+/g, value);

/** Ids that exist, so a probe reaches past the 404 of an unknown one. */
const known: Record<string, string> = {};
const idFor = (url: string) => {
  const resource = /^\/api\/(?:compliance\/)?([a-z]+)\//.exec(url)?.[1] ?? '';
  if (url.includes(':rule')) return 'bookings';
  if (url.includes(':key')) return 'consent';
  return known[resource] ?? randomUUID();
};

// ---- valid-looking values from a route's JSON schema, to put one bad value at a time into --------

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const TEXT_CANDIDATES = () => [
  randomUUID(),
  '2030-01-15T10:00:00+03:00',
  '2030-01-15',
  '10:00',
  '+79161234567',
  'fuzz@test.local',
  'Europe/Moscow',
  'Тестовый текст',
  '30',
  'a'.repeat(64),
];

const sampleOf = (schema: Schema | undefined): unknown => {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return sampleOf(variant);
  const type = [schema.type].flat()[0];
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) out[key] = sampleOf(property);
      return out;
    }
    case 'array':
      return schema.items ? Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items)) : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      const fits = (text: string) =>
        (!schema.pattern || new RegExp(schema.pattern, 'u').test(text)) &&
        text.length >= (schema.minLength ?? 0) &&
        text.length <= (schema.maxLength ?? Infinity);
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date') return '2030-01-15';
      if (schema.format === 'date-time') return '2030-01-15T10:00:00+03:00';
      return TEXT_CANDIDATES().find(fits) ?? 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    }
  }
};

/** Paths of every string inside a value. */
const stringPaths = (value: unknown, at: (string | number)[] = []): (string | number)[][] => {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...at, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
  }
  return [];
};

const withAt = (value: unknown, path: (string | number)[], replace: (old: string) => string): unknown => {
  if (path.length === 0) return replace(value as string);
  const copy = structuredClone(value) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1]!;
  node[last] = replace(node[last] as string);
  return copy;
};

const BAD_TEXT: [string, (old: string) => string][] = [
  ['NUL', (old) => `${old}\u0000`],
  ['a bell', (old) => `${old.slice(0, -1)}\u0007`],
  ['a lone surrogate', (old) => `${old}\ud800`],
];

/** One bad value at a time in an otherwise schema-shaped body and query. */
const targetedProbes = (schema: Record<string, unknown> | undefined, valid: string): Probe[] => {
  const probes: Probe[] = [];
  const body = sampleOf(schema?.body as Schema | undefined);
  if (body !== undefined) {
    probes.push({ label: 'a schema-shaped body', path: valid, body: JSON.stringify(body), contentType: 'application/json' });
    for (const path of stringPaths(body)) {
      for (const [name, bad] of BAD_TEXT) {
        probes.push({
          label: `${name} in body ${path.join('.')}`,
          path: valid,
          body: JSON.stringify(withAt(body, path, bad)),
          contentType: 'application/json',
        });
      }
    }
  }
  const query = sampleOf(schema?.querystring as Schema | undefined) as Record<string, unknown> | undefined;
  if (query) {
    const encode = (values: Record<string, unknown>) =>
      Object.entries(values)
        .filter(([, value]) => value !== undefined && typeof value !== 'object')
        .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
        .join('&');
    for (const key of Object.keys(query)) {
      if (typeof query[key] !== 'string') continue;
      for (const [name, bad] of BAD_TEXT.slice(0, 2)) {
        probes.push({ label: `${name} in query ${key}`, path: `${valid}?${encode({ [key]: bad(query[key]) })}` });
      }
    }
  }
  return probes;
};

const probesOf = (method: string, url: string, schema?: Record<string, unknown>): Probe[] => {
  const valid = pathWith(url, idFor(url));
  const hasParams = url.includes(':');
  const probes: Probe[] = [
    { label: 'query with NUL', path: `${valid}?q=%00&branchId=%00&from=%00` },
    { label: 'query with a bell', path: `${valid}?q=a%07b&date=%1b` },
    { label: 'query of wrong types', path: `${valid}?branchId=abc&date=9999-99-99&from=-1&since=x&limit=abc&all=maybe` },
    { label: 'oversize query value', path: `${valid}?q=${'я'.repeat(1000)}` },
    { label: 'unknown query keys', path: `${valid}?__proto__=1&constructor=2` },
  ];
  if (hasParams) {
    probes.push(
      { label: 'NUL in a path parameter', path: pathWith(url, '%00') },
      { label: 'a path parameter over the limit', path: pathWith(url, 'x'.repeat(150)) },
      { label: 'a path parameter of the wrong shape', path: pathWith(url, 'not-an-id') },
      { label: 'traversal in a path parameter', path: pathWith(url, '..%2F..%2Fetc%2Fpasswd') },
    );
  }
  if (WRITES.has(method)) {
    const json = 'application/json';
    probes.push(
      { label: 'malformed JSON', path: valid, body: '{"a": ', contentType: json },
      { label: 'JSON array', path: valid, body: '[1,2,3]', contentType: json },
      { label: 'JSON string', path: valid, body: '"text"', contentType: json },
      { label: 'JSON number', path: valid, body: '42', contentType: json },
      { label: 'JSON null', path: valid, body: 'null', contentType: json },
      { label: 'empty JSON body', path: valid, body: '', contentType: json },
      { label: 'wrong types', path: valid, body: JSON.stringify(wrongTypes()), contentType: json },
      { label: 'NUL in every field', path: valid, body: JSON.stringify(withControl('\u0000')), contentType: json },
      { label: 'escape in every field', path: valid, body: JSON.stringify(withControl('\u001b')), contentType: json },
      { label: 'lone surrogate', path: valid, body: '{"name":"\\ud800","comment":"\\udfff"}', contentType: json },
      { label: 'deep nesting', path: valid, body: `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`, contentType: json },
      { label: 'oversize body', path: valid, body: JSON.stringify({ comment: 'x'.repeat(1_200_000) }), contentType: json },
      { label: 'text/plain', path: valid, body: '{"a":1}', contentType: 'text/plain' },
      { label: 'form body', path: valid, body: 'a=1&b=%00', contentType: 'application/x-www-form-urlencoded' },
    );
  }
  return [...probes, ...targetedProbes(schema, valid)];
};

/** A body whose every usual field has the wrong type. */
const wrongTypes = () => ({
  branchId: 5,
  serviceId: [],
  start: {},
  end: true,
  client: 'str',
  name: 12,
  phone: false,
  email: [],
  password: 1,
  role: 7,
  status: null,
  reason: {},
  bayId: 1.5,
  comment: [],
  kinds: 'lift',
  hours: 'all',
  enabled: 'yes',
  days: '30',
  time: 25,
});

/** A body with a control character in every usual field. */
const withControl = (c: string) => ({
  branchId: randomUUID(),
  name: `Имя${c}`,
  comment: `Комментарий${c}`,
  reason: `Причина${c}`,
  client: { name: `Клиент${c}`, phone: `+7916${c}1234567` },
  car: { plate: `А123ВС${c}77` },
  email: `x${c}@test.local`,
  password: `password${c}password`,
  text: `Текст${c}`,
  status: `Confirmed${c}`,
  start: `2030-01-01T10:00:00+03:00${c}`,
});

const send = async (method: string, probe: Probe, headers: Record<string, string>) => {
  const response = await fetch(`${server.url}${probe.path}`, {
    method,
    headers: { ...headers, ...(probe.contentType !== undefined ? { 'content-type': probe.contentType } : {}) },
    body: probe.body,
  });
  const { json } = await readAnswer(response);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: json };
};

/** Routes of the API itself (not the panel's files and pages, not the docs, not the sign-out that would end the run). */
const apiRoutes = () =>
  registeredRoutes(server.runtime.app)
    .filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && route.method !== 'HEAD')
    .filter((route) => route.url !== '/api/auth/logout');

describe('Every route under malformed, oversize and control-character input', () => {
  it('finds the routes to run over', () => {
    const urls = new Set(apiRoutes().map((route) => `${route.method} ${route.url}`));
    expect(urls.size).toBeGreaterThan(60);
    expect(urls).toContain('POST /api/bookings');
    expect(urls).toContain('POST /api/auth/login');
  });

  it.each([
    ['as the owner', () => ({ authorization: `Bearer ${server.token}` })],
    ['as the compliance officer', () => ({ authorization: `Bearer ${officer}` })],
    ['signed out', () => ({})],
  ])('answers no 5xx, refuses with problems and writes no event, %s', { timeout: 600_000 }, async (who, headersOf) => {
    const findings: Finding[] = [];
    for (const route of apiRoutes()) {
      for (const probe of probesOf(route.method, route.url, route.schema)) {
        const before = await server.eventCount();
        const answer = await send(route.method, probe, headersOf());
        const written = (await server.eventCount()) - before;
        const isProblem =
          answer.contentType.startsWith('application/problem+json') &&
          typeof answer.body?.code === 'string' &&
          answer.body?.status === answer.status;
        const refused = answer.status >= 400;
        if (answer.status >= 500 || (refused && (!isProblem || written !== 0))) {
          findings.push({
            route: `${route.method} ${route.url}`,
            probe: probe.label,
            as: who,
            status: answer.status,
            problem: isProblem ? answer.body.code : answer.contentType,
            eventsWritten: written,
          });
        }
      }
    }
    expect(findings).toEqual([]);
  });
});
