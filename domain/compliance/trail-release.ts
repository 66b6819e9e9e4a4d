import { DomainError } from '../shared/errors.ts';
import type { RequestChannel, RequestKind, RequestStatus } from './requests.ts';
import type { Decider } from '../shared/decider.ts';

// ───────────────────────────── Preparing the answer ─────────────────────────────
// An access request (152-FZ art. 14) is answered with the person's trail: the officer prepares a
// draft, reviews it, and releases it. Releasing is a fact of its own, one per request.

/** Where a released answer goes: a document in the bot for a bot request, a download otherwise. */
export type TrailDelivery = 'telegram' | 'download';

export const deliveryFor = (channel: RequestChannel): TrailDelivery => (channel === 'telegram' ? 'telegram' : 'download');

export type AnswerableRequest = { kind: RequestKind; status: RequestStatus; clientId: string | null };

const isOpen = (status: RequestStatus) => status === 'open' || status === 'extended';

/** The client a draft can be prepared for: an open access request about a known client, not yet answered. */
export const clientToAnswer = (request: AnswerableRequest, released: boolean): string => {
  if (released) throw new DomainError('ILLEGAL_TRANSITION', 'The answer to this request was already released');
  if (request.kind !== 'access') {
    throw new DomainError('VALIDATION', 'Only an access request is answered with the trail', { kind: request.kind });
  }
  if (!isOpen(request.status)) throw new DomainError('ILLEGAL_TRANSITION', 'The request is closed');
  if (!request.clientId) throw new DomainError('VALIDATION', 'Link the request to a client first', { field: 'clientId' });
  return request.clientId;
};

// ───────────────────────────── Release stream ─────────────────────────────

export const trailReleaseStreamName = (requestId: string) => `trailrelease-${requestId}`;

export type TrailReleased = {
  type: 'TrailReleased';
  data: {
    requestId: string;
    exportId: string;
    orgId: string;
    clientId: string;
    delivery: TrailDelivery;
    releasedBy: string | null;
    releasedAt: string;
  };
};

export type TrailReleaseEvent = TrailReleased;

export type TrailRelease =
  { status: 'Unreleased' } | { status: 'Released'; exportId: string; releasedAt: string; releasedBy: string | null };

export type ReleaseTrail = {
  type: 'ReleaseTrail';
  data: {
    requestId: string;
    exportId: string;
    orgId: string;
    clientId: string;
    channel: RequestChannel;
    requestStatus: RequestStatus;
    releasedBy: string | null;
  };
  metadata: { now: string };
};

export type TrailReleaseCommand = ReleaseTrail;

export const initialState = (): TrailRelease => ({ status: 'Unreleased' });

export const evolve = (state: TrailRelease, event: TrailReleaseEvent): TrailRelease => {
  switch (event.type) {
    case 'TrailReleased':
      return {
        status: 'Released',
        exportId: event.data.exportId,
        releasedAt: event.data.releasedAt,
        releasedBy: event.data.releasedBy,
      };
    default:
      return state;
  }
};

/** Once released, an answer is final: a second release is refused, never sent twice. */
export const releaseTrail = ({ data, metadata }: ReleaseTrail, state: TrailRelease): TrailReleased[] => {
  if (state.status === 'Released') {
    throw new DomainError('ILLEGAL_TRANSITION', 'The answer to this request was already released', {
      releasedAt: state.releasedAt,
    });
  }
  if (!isOpen(data.requestStatus)) throw new DomainError('ILLEGAL_TRANSITION', 'The request is closed');
  return [
    {
      type: 'TrailReleased',
      data: {
        requestId: data.requestId,
        exportId: data.exportId,
        orgId: data.orgId,
        clientId: data.clientId,
        delivery: deliveryFor(data.channel),
        releasedBy: data.releasedBy,
        releasedAt: metadata.now,
      },
    },
  ];
};

export const decide = (command: TrailReleaseCommand, state: TrailRelease): TrailReleaseEvent[] => {
  switch (command.type) {
    case 'ReleaseTrail':
      return releaseTrail(command, state);
    default: {
      const unknown: never = command.type;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const trailReleaseDecider: Decider<TrailRelease, TrailReleaseCommand, TrailReleaseEvent> = {
  decide,
  evolve,
  initialState,
};
