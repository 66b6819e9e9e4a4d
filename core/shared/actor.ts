import type { Planner } from '../../domain/shared/input-rules.ts';

/** Who runs a command: a staff user of an organization, or a client acting for themselves (no user id). */
export type Actor = { orgId: string; userId: string | null };

/** A client acting for themselves (a messenger, the web page) has no user id; staff do. */
export const plannerOf = (actor: Actor): Planner => (actor.userId === null ? 'client' : 'staff');

/** What every appended event records of who wrote it. */
export const writtenBy = (actor: Actor) => ({ orgId: actor.orgId, userId: actor.userId });
