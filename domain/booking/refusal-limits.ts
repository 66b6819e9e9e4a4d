// ───────────────────────────── Why a limit ─────────────────────────────
// A placement refused because the time was taken is recorded as a BookingRefused event for the
// owner's KPIs. Without a limit anyone allowed to book could grow the log at will by asking for a
// taken time again and again. The caller's answer does not change (409 with alternatives); only
// the event is not written again once the counters below are full.

/** Who asked: a staff user, or a client acting for themselves (by their client id). */
export type RefusalActor = { kind: 'user' | 'client'; id: string };

/** A staff user is counted by their user id; a client, who has none, by their client id. */
export const refusalActorOf = (userId: string | null, clientId: string): RefusalActor =>
  userId === null ? { kind: 'client', id: clientId } : { kind: 'user', id: userId };

export type RefusalAsk = {
  actor: RefusalActor;
  branchId: string;
  /** The start asked for, epoch milliseconds. */
  requestedStart: number;
  /** The keyed hash of the client's phone the booking was for. */
  phoneHash: string;
};

export type RefusalLimit = { windowMinutes: number; max: number };
export type RefusalLimits = { sameStart: RefusalLimit; perActor: RefusalLimit; perPhone: RefusalLimit };

export const REFUSAL_LIMITS: RefusalLimits = {
  /** One refusal per actor, branch and asked-for start: asking for the same taken time again adds nothing. */
  sameStart: { windowMinutes: 10, max: 1 },
  /** Refusals one actor may add per hour, whatever they ask for. */
  perActor: { windowMinutes: 60, max: 20 },
  /** Refusals for bookings of one client phone per hour, whoever asks. */
  perPhone: { windowMinutes: 60, max: 20 },
};

export type RefusalCounter = { key: string; windowStart: number; max: number };

const windowOf = (now: number, limit: RefusalLimit) => now - (now % (limit.windowMinutes * 60_000));

/**
 * The counters one refusal adds to, each in its current fixed window; the refusal is recorded only
 * when every counter stays within its limit. Deterministic: the same ask at the same `now` gives the
 * same counters.
 */
export const refusalCounters = (ask: RefusalAsk, now: number, limits: RefusalLimits = REFUSAL_LIMITS): RefusalCounter[] => {
  const actor = `${ask.actor.kind}:${ask.actor.id}`;
  return [
    {
      key: `start:${actor}:${ask.branchId}:${ask.requestedStart}`,
      windowStart: windowOf(now, limits.sameStart),
      max: limits.sameStart.max,
    },
    { key: `actor:${actor}`, windowStart: windowOf(now, limits.perActor), max: limits.perActor.max },
    { key: `phone:${ask.phoneHash}`, windowStart: windowOf(now, limits.perPhone), max: limits.perPhone.max },
  ];
};
