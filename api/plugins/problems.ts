import type { FastifyError, FastifyInstance } from 'fastify';
import { isDomainError, type DomainErrorCode } from '../../domain/shared/errors.ts';

/** An HTTP-level refusal that is not a domain rule: authentication, access, bad headers. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
  BAY_CANNOT_DO_SERVICE: 422,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

/** One mapping from error codes to RFC 9457 problem details; 5xx internals never leave the server. */
export const registerProblems = (app: FastifyInstance) => {
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
    } else if (error instanceof HttpProblem) {
      status = error.status;
      code = error.code;
      detail = error.message;
    } else if (error.validation) {
      status = 400;
      code = 'VALIDATION';
      detail = `Invalid ${error.validationContext ?? 'request'}: ${error.message}`;
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      status = error.statusCode;
      code = error.code ?? 'BAD_REQUEST';
      detail = error.message;
    } else {
      request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'request failed');
      status = 500;
      code = 'INTERNAL';
      detail = 'Something went wrong on our side; the request was not applied.';
    }
    void reply
      .status(status)
      .type('application/problem+json')
      .send({ type: 'about:blank', title: titles[status] ?? 'Error', status, code, detail, ...extra });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'NOT_FOUND',
        detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      });
  });
};
