import { randomUUID } from 'node:crypto';
import type { BookingChannel } from '../../domain/booking/booking.ts';
import { bookingRefused, refusalStreamName } from '../../domain/booking/refusal.ts';
import { refusalActorOf } from '../../domain/booking/refusal-limits.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import type { RefusalLimiter } from './refusal-limits.ts';

export type RefusedAsk = {
  branchId: string;
  channel: BookingChannel;
  /** The start asked for, epoch milliseconds. */
  requestedStart: number;
  /** The client the booking was for, and the keyed hash of their phone. */
  clientId: string;
  phoneHash: string;
};

/**
 * A placement refused because the time was taken is a failure event the owner's KPIs count. It is
 * written before the refusal is answered; its stream is new, so it cannot conflict. The same asker
 * asking for the same time again, or asking too often, adds no further event (refusal-limits.ts).
 */
export const createRefusalRecording =
  (deps: { store: EventStore; refusals: RefusalLimiter; now: () => number }) =>
  async (actor: Actor, ask: RefusedAsk): Promise<void> => {
    const now = deps.now();
    const { branchId, requestedStart, phoneHash } = ask;
    const counted = { actor: refusalActorOf(actor.userId, ask.clientId), branchId, requestedStart, phoneHash };
    if (!(await deps.refusals.admit(counted, now))) return;
    const refusalId = randomUUID();
    const event = bookingRefused({
      refusalId,
      orgId: actor.orgId,
      branchId,
      channel: ask.channel,
      requestedStart,
      refusedBy: actor.userId,
      now,
    });
    await deps.store.appendMany([
      { stream: refusalStreamName(refusalId), expected: 0, events: [event], metadata: writtenBy(actor) },
    ]);
  };

export type RecordRefusal = ReturnType<typeof createRefusalRecording>;
