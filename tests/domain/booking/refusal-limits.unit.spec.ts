import { describe, expect, it } from 'vitest';
import { REFUSAL_LIMITS, refusalCounters, type RefusalAsk } from '../../../domain/booking/refusal-limits.ts';

const now = Date.parse('2026-03-03T10:07:30Z');
const ask: RefusalAsk = {
  actor: { kind: 'user', id: 'user-1' },
  branchId: 'branch-1',
  requestedStart: Date.parse('2026-03-05T07:00:00Z'),
  phoneHash: 'hash-of-phone',
};

describe('Refusal counters', () => {
  describe('when a refusal is about to be recorded', () => {
    it('counts it for the asker at that start, for the asker, and for the client phone, each in its window', () => {
      expect(refusalCounters(ask, now)).toEqual([
        {
          key: `start:user:user-1:branch-1:${ask.requestedStart}`,
          windowStart: Date.parse('2026-03-03T10:00:00Z'),
          max: REFUSAL_LIMITS.sameStart.max,
        },
        { key: 'actor:user:user-1', windowStart: Date.parse('2026-03-03T10:00:00Z'), max: REFUSAL_LIMITS.perActor.max },
        { key: 'phone:hash-of-phone', windowStart: Date.parse('2026-03-03T10:00:00Z'), max: REFUSAL_LIMITS.perPhone.max },
      ]);
    });

    it('gives the same counters for the same ask at the same instant', () => {
      expect(refusalCounters(ask, now)).toEqual(refusalCounters({ ...ask }, now));
    });

    it('starts a new same-start window after ten minutes but keeps the hourly ones', () => {
      const later = refusalCounters(ask, now + 10 * 60_000);
      expect(later[0]!.windowStart).toBe(Date.parse('2026-03-03T10:10:00Z'));
      expect(later[1]!.windowStart).toBe(Date.parse('2026-03-03T10:00:00Z'));
    });

    it('tells a client acting for themselves apart from a staff user with the same id', () => {
      const client = refusalCounters({ ...ask, actor: { kind: 'client', id: 'user-1' } }, now);
      expect(client[1]!.key).toBe('actor:client:user-1');
      expect(client[1]!.key).not.toBe(refusalCounters(ask, now)[1]!.key);
    });
  });
});
