/**
 * What the application refuses that is not a domain rule: a file too big or built to attack a
 * reader, a type it does not read, work already running, an answer destroyed with its data. The
 * `kind` says what sort of refusal it is; each adapter tells it its own way (api/plugins/problems.ts
 * maps it to an HTTP status), and `code` stays stable for every one of them.
 */
export type RefusalKind = 'invalid' | 'too-large' | 'unsupported' | 'unsafe' | 'busy' | 'gone' | 'conflict' | 'upstream';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const isRefusal = (error: unknown): error is Refusal => error instanceof Refusal;
