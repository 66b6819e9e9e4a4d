import { DomainError } from '../shared/errors.ts';
import { addDays } from '../shared/time.ts';
import { addWorkingDays, russianCalendar, type ProductionCalendar } from './working-days.ts';

// ───────────────────────────── Kinds and deadlines ─────────────────────────────
// An engineering reading of 152-FZ: how long the operator has to answer each kind of request.

export const requestKinds = ['access', 'rectification', 'erasure', 'withdrawal', 'stop-processing'] as const;
export type RequestKind = (typeof requestKinds)[number];

/** The kinds of request a destruction of the person's data answers; an access or a rectification request it does not. */
export const answeredByErasure: readonly RequestKind[] = ['erasure', 'withdrawal', 'stop-processing'];

/**
 * The request an erasure of `clientId` names: it must ask for that (by its kind), be still open, and
 * be this client's or recorded without a client. Otherwise the act would cite a request that did
 * not ask for it, and closing it would leave someone's access request unanswered.
 */
export const requireErasureRequest = (
  request: { id: string; kind: RequestKind; status: string; clientId: string | null },
  clientId: string,
): void => {
  if (request.clientId !== null && request.clientId.toLowerCase() !== clientId.toLowerCase()) {
    throw new DomainError('NOT_FOUND', 'This request is not this client’s', { requestId: request.id, field: 'requestId' });
  }
  if (!answeredByErasure.includes(request.kind)) {
    throw new DomainError('VALIDATION', 'This request does not ask for the data to be destroyed', {
      requestId: request.id,
      field: 'requestId',
      kind: request.kind,
    });
  }
  if (request.status !== 'open' && request.status !== 'extended') {
    throw new DomainError('ILLEGAL_TRANSITION', 'This request is already closed', {
      requestId: request.id,
      from: request.status,
    });
  }
};

export const requestChannels = ['telegram', 'phone', 'in-person', 'mail', 'email', 'web', 'max'] as const;
export type RequestChannel = (typeof requestChannels)[number];

/**
 * How the person proved who they are; free text about it would be personal data, so it is a choice.
 * `telegram-account`: the request came from a Telegram account whose own contact was verified
 * (the contact button) and linked to the client; `max-account` the same for a MAX account;
 * `phone-code` a browser signed in on the booking page by a one-time code sent to the client's phone.
 */
export const identityEvidence = [
  'telegram-account',
  'max-account',
  'phone-code',
  'phone-callback',
  'document-in-person',
  'signed-letter',
  'e-signature',
  'none',
] as const;
export type IdentityEvidence = (typeof identityEvidence)[number];

export type DeadlineRule = {
  days: number;
  unit: 'working' | 'calendar';
  /** Working days it may be extended by, once, with a reason sent to the person. */
  extension: number | null;
  basis: string;
};

export const deadlineRules: Record<RequestKind, DeadlineRule> = {
  access: { days: 10, unit: 'working', extension: 5, basis: '152-ФЗ ч. 3 ст. 14, ч. 1 ст. 20' },
  rectification: { days: 7, unit: 'working', extension: null, basis: '152-ФЗ ч. 3 ст. 20, ч. 2 ст. 21' },
  erasure: { days: 7, unit: 'working', extension: null, basis: '152-ФЗ ч. 3 ст. 20' },
  // «в срок, не превышающий тридцати дней»: calendar days, and not moved past a weekend (the stricter reading).
  withdrawal: { days: 30, unit: 'calendar', extension: null, basis: '152-ФЗ ч. 5 ст. 21' },
  'stop-processing': { days: 10, unit: 'working', extension: 5, basis: '152-ФЗ ч. 5.1 ст. 21' },
};

/** The last day to answer a request received on `receivedDate` (the station's local date). */
export const dueDateOf = (kind: RequestKind, receivedDate: string, calendar: ProductionCalendar = russianCalendar): string => {
  const rule = deadlineRules[kind];
  return rule.unit === 'working' ? addWorkingDays(receivedDate, rule.days, calendar) : addDays(receivedDate, rule.days);
};

// ───────────────────────────── Lifecycle ─────────────────────────────

export type RequestStatus = 'open' | 'extended' | 'done' | 'refused';
export const requestOutcomes = ['answered', 'rectified', 'erased', 'stopped', 'refused'] as const;
export type RequestOutcome = (typeof requestOutcomes)[number];

export type SubjectRequest = {
  kind: RequestKind;
  status: RequestStatus;
  dueDate: string;
};

export const MIN_REASON_LENGTH = 10;

/** Access and stop-processing may be extended once by 5 working days, with a reason. */
export const extendRequest = (
  request: SubjectRequest,
  reason: string,
  calendar: ProductionCalendar = russianCalendar,
): { status: 'extended'; dueDate: string } => {
  const extension = deadlineRules[request.kind].extension;
  if (extension === null) throw new DomainError('VALIDATION', `This kind of request (${request.kind}) cannot be extended`);
  if (request.status === 'extended') throw new DomainError('ILLEGAL_TRANSITION', 'The request was already extended once');
  if (request.status !== 'open') throw new DomainError('ILLEGAL_TRANSITION', 'The request is closed');
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new DomainError('VALIDATION', `Say why the answer needs more time, in ${MIN_REASON_LENGTH} characters or more`, {
      field: 'reason',
    });
  }
  return { status: 'extended', dueDate: addWorkingDays(request.dueDate, extension, calendar) };
};

export const closeRequest = (request: SubjectRequest, outcome: RequestOutcome): { status: 'done' | 'refused' } => {
  if (request.status === 'done' || request.status === 'refused') {
    throw new DomainError('ILLEGAL_TRANSITION', 'The request is already closed');
  }
  return { status: outcome === 'refused' ? 'refused' : 'done' };
};
