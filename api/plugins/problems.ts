import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { isRefusal, type RefusalKind } from '../../core/shared/refusal.ts';
import { isDomainError, type DomainErrorCode } from '../../domain/shared/errors.ts';

/** An HTTP-level refusal that is not a domain rule: authentication, access, bad headers. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extensions the problem carries beside its code (what the panel words the refusal by). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const domainStatus: Record<DomainErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  SLOT_TAKEN: 409,
  ILLEGAL_TRANSITION: 409,
  OUTSIDE_WORKING_HOURS: 422,
  IN_PAST: 422,
  TOO_SOON: 422,
  BAY_CANNOT_DO_SERVICE: 422,
  NO_MECHANIC_ON_SHIFT: 409,
  MECHANIC_BUSY: 409,
  DAY_OFF_CHANGED: 409,
  TOTAL_MISMATCH: 422,
  OVER_DUE: 422,
  INVOICE_AWAITED: 409,
  PHONE_TAKEN: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_OPEN_BOOKINGS: 409,
  VISIT_CANCELLED: 409,
  CLIENT_ERASED: 409,
};

const refusalStatus: Record<RefusalKind, number> = {
  invalid: 400,
  gone: 410,
  'too-large': 413,
  unsupported: 415,
  unsafe: 422,
  busy: 429,
  conflict: 409,
  // An outside service (Telegram) did not answer: the request was fine, nothing was applied.
  upstream: 502,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export type Problem = { type: 'about:blank'; title: string; status: number; code: string; detail: string } & Record<
  string,
  unknown
>;

export const problemOf = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem => ({
  type: 'about:blank',
  title: titles[status] ?? STATUS_CODES[status] ?? 'Error',
  status,
  code,
  detail,
  ...extra,
});

export const sendProblem = (reply: FastifyReply, problem: Problem) =>
  reply.status(problem.status).header('x-content-type-options', 'nosniff').type('application/problem+json').send(problem);

/**
 * Fastify's own refusals in our words: their messages quote the path, the content type or the
 * parameter the client sent, and a problem must never echo input back.
 */
const fastifyRefusals: Record<string, [status: number, code: string, detail: string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE', 'This route does not take a body of this content type'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'BAD_REQUEST', 'The Content-Type header is not valid'],
  FST_ERR_CTP_EMPTY_TYPE: [400, 'BAD_REQUEST', 'The Content-Type header is empty'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'FST_ERR_CTP_BODY_TOO_LARGE', 'The request body is too large'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'The Content-Length header does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'FST_ERR_CTP_EMPTY_JSON_BODY', 'The body is empty but the content type says JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'FST_ERR_CTP_INVALID_JSON_BODY', 'The body is not valid JSON'],
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: [500, 'INTERNAL', 'Something went wrong on our side; the request was not applied.'],
  FST_ERR_BAD_URL: [400, 'BAD_URL', 'The address is not valid percent-encoded UTF-8'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URI_TOO_LONG', 'A part of the address is too long'],
  FST_ERR_ASYNC_CONSTRAINT: [500, 'INTERNAL', 'Something went wrong on our side; the request was not applied.'],
};

/** Refusals made before a route is found (bad percent-encoding, an over-long parameter): Fastify's `frameworkErrors`. */
export const frameworkErrors = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
  const [status, code, detail] = fastifyRefusals[error.code] ?? [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  void sendProblem(reply, problemOf(status, code, detail));
};

/** Refusals by Node's HTTP parser (an unknown method, oversize headers, a timeout), written to the socket as problems. */
export const clientErrorHandler: FastifyServerOptions['clientErrorHandler'] = (error, socket: Socket) => {
  if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
  const code = (error as NodeJS.ErrnoException).code;
  const [status, problemCode, detail]: [number, string, string] =
    code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
      : code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify(problemOf(status, problemCode, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
};

/** A route's URL pattern as a regular expression over request paths (for the 405's Allow header). */
const patternOf = (url: string) =>
  new RegExp(
    `^${url
      .split(/(:[A-Za-z0-9_]+|\*)/)
      .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );

/** One mapping from error codes to RFC 9457 problem details; 5xx internals never leave the server. */
export type RegisteredRoute = { method: string; url: string; pattern: RegExp; schema: Record<string, unknown> | undefined };
const routesByApp = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app registered (method and URL pattern), as seen by its onRoute hook. */
export const registeredRoutes = (app: FastifyInstance): readonly RegisteredRoute[] => routesByApp.get(app) ?? [];

export const registerProblems = (app: FastifyInstance) => {
  const routes: RegisteredRoute[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, pattern: patternOf(route.url), schema: route.schema as Record<string, unknown> });
    }
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status: number;
    let code: string;
    let detail: string;
    let extra: Record<string, unknown> = {};
    if (isDomainError(error)) {
      status = domainStatus[error.code];
      code = error.code;
      detail = error.message;
      extra = error.details ?? {};
    } else if (isRefusal(error)) {
      status = refusalStatus[error.kind];
      code = error.code;
      detail = error.message;
      extra = error.details ?? {};
    } else if (error instanceof HttpProblem) {
      status = error.status;
      code = error.code;
      detail = error.message;
      extra = error.details ?? {};
    } else if (error.validation) {
      status = 400;
      code = 'VALIDATION';
      detail = `Invalid ${error.validationContext ?? 'request'}: ${error.message}`;
    } else if (error.code && fastifyRefusals[error.code]) {
      [status, code, detail] = fastifyRefusals[error.code]!;
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = error.code ?? 'BAD_REQUEST';
      detail = titles[status] ?? 'The request was refused';
    } else {
      request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'request failed');
      status = 500;
      code = 'INTERNAL';
      detail = 'Something went wrong on our side; the request was not applied.';
    }
    if (status >= 500 && code !== 'INTERNAL') request.log.error({ err: { type: error.name, code } }, 'request failed');
    void sendProblem(reply, problemOf(status, code, detail, extra));
  });
  // Refusals made with an empty body elsewhere (@fastify/websocket answers a plain GET of a socket
  // route with a bare 404) become problems too.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || (payload !== undefined && payload !== null && payload !== '')) return payload;
    const status = reply.statusCode;
    void reply.type('application/problem+json').header('x-content-type-options', 'nosniff');
    const code = status === 404 ? 'NOT_FOUND' : (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/\W+/g, '_');
    return JSON.stringify(
      problemOf(status, code, status === 404 ? 'There is nothing at this address' : 'The request was refused'),
    );
  });
  // Neither answer repeats the path: it may carry a searched name or a phone.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
    if (allowed.length > 0) {
      void reply.header('allow', allowed.join(', '));
      return sendProblem(reply, problemOf(405, 'METHOD_NOT_ALLOWED', `This address takes ${allowed.join(', ')} only`));
    }
    return sendProblem(reply, problemOf(404, 'NOT_FOUND', 'There is nothing at this address'));
  });
};
