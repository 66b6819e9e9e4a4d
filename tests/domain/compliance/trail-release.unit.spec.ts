import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RequestChannel, RequestStatus } from '../../../domain/compliance/requests.ts';
import {
  clientToAnswer,
  trailReleaseDecider,
  type TrailReleaseCommand,
  type TrailReleaseEvent,
} from '../../../domain/compliance/trail-release.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(trailReleaseDecider);
const now = '2026-12-07T06:00:00.000Z';

const ids = () => ({ requestId: randomUUID(), exportId: randomUUID(), orgId: randomUUID(), clientId: randomUUID() });

const release = (
  at: ReturnType<typeof ids>,
  channel: RequestChannel = 'telegram',
  requestStatus: RequestStatus = 'open',
): TrailReleaseCommand => ({
  type: 'ReleaseTrail',
  data: { ...at, channel, requestStatus, releasedBy: 'officer-1' },
  metadata: { now },
});

const released = (at: ReturnType<typeof ids>, delivery: 'telegram' | 'download' = 'telegram'): TrailReleaseEvent => ({
  type: 'TrailReleased',
  data: { ...at, delivery, releasedBy: 'officer-1', releasedAt: now },
});

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return null;
};

describe('Trail release', () => {
  describe('when the officer releases a reviewed answer', () => {
    it('records the release, to the bot for a bot request', () => {
      const at = ids();
      spec
        .given([])
        .when(release(at))
        .then([released(at)]);
    });

    it('leaves any other channel’s answer to the officer’s download', () => {
      const at = ids();
      spec
        .given([])
        .when(release(at, 'phone'))
        .then([released(at, 'download')]);
    });

    it('refuses a second release', () => {
      const at = ids();
      spec
        .given([released(at)])
        .when(release(at))
        .thenThrows('ILLEGAL_TRANSITION');
    });

    it('refuses an answer to a closed request', () => {
      spec
        .given([])
        .when(release(ids(), 'telegram', 'refused'))
        .thenThrows('ILLEGAL_TRANSITION');
    });
  });

  describe('when a draft is prepared', () => {
    const open = { kind: 'access' as const, status: 'extended' as const, clientId: 'client-1' };

    it('prepares it for an open access request about a client', () => {
      expect(clientToAnswer(open, false)).toBe('client-1');
    });

    it('refuses another kind of request, a closed one, one with no client, or one already answered', () => {
      expect(codeOf(() => clientToAnswer({ ...open, kind: 'erasure' }, false))).toBe('VALIDATION');
      expect(codeOf(() => clientToAnswer({ ...open, status: 'done' }, false))).toBe('ILLEGAL_TRANSITION');
      expect(codeOf(() => clientToAnswer({ ...open, clientId: null }, false))).toBe('VALIDATION');
      expect(codeOf(() => clientToAnswer(open, true))).toBe('ILLEGAL_TRANSITION');
    });
  });
});
