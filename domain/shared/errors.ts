export type DomainErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'SLOT_TAKEN'
  | 'OUTSIDE_WORKING_HOURS'
  | 'IN_PAST'
  | 'TOO_SOON'
  | 'ILLEGAL_TRANSITION'
  | 'BAY_CANNOT_DO_SERVICE'
  | 'NO_MECHANIC_ON_SHIFT'
  | 'MECHANIC_BUSY'
  | 'DAY_OFF_CHANGED'
  | 'TOTAL_MISMATCH'
  | 'OVER_DUE'
  /** A work order cannot close while an invoice of it still awaits its money. */
  | 'INVOICE_AWAITED'
  | 'PHONE_TAKEN'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'TOO_MANY_OPEN_BOOKINGS'
  /** The visit was cancelled: its work order only gives money back. */
  | 'VISIT_CANCELLED'
  /** The client's data was destroyed (152-FZ): nothing new about them can be kept. */
  | 'CLIENT_ERASED';

/** A broken rule or bad input; `code` is stable and maps to an HTTP status in one place. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
