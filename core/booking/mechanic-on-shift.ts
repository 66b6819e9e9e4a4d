import type { Bay, Service } from '../../domain/catalog/catalog.ts';
import type { JobPlan } from '../../domain/schedule/plan.ts';
import { mechanicsFor, staffedBy } from '../../domain/staff/shifts.ts';
import type { BranchCatalog } from '../catalog/catalog-repository.ts';
import type { Actor } from '../shared/actor.ts';
import type { StaffRoster } from '../staff/staff-roster.ts';
import type { FreeTimes, Staffed } from './free-times.ts';

/** How far either side of a job the mechanics' other jobs are read: the span a refusal's nearest starts come from. */
const SEARCH_MS = 15 * 86_400_000;

/** Who takes a job under «shifts required», and the staffing test its refusals offer times by. */
export type MechanicChoice = { mechanicId: string | null; staffed?: Staffed };

/**
 * With shifts required, the mechanic a placed job goes to: the one asked for or already on the
 * booking when still able and free, else the able one free then with the fewest overlapping jobs; refused with the
 * nearest staffed free starts when nobody with the skills is on shift. Without, nobody is chosen.
 */
export const createMechanicOnShift =
  (deps: { roster: StaffRoster; freeTimes: FreeTimes }) =>
  async (
    actor: Actor,
    found: BranchCatalog,
    services: readonly Service[],
    bays: readonly Bay[],
    plan: JobPlan,
    options: { preferredId?: string | null; workMinutes?: number; exceptBookingId?: string } = {},
  ): Promise<MechanicChoice> => {
    const { orgId } = actor;
    const staff = await deps.roster.requiredFor(orgId, found.branch.id);
    if (!staff) return { mechanicId: null };
    const timeZone = found.branch.timeZone;
    // The jobs held around the time, far enough for the nearest other starts a refusal offers.
    const jobs = await deps.roster.jobsBetween(orgId, found.branch.id, plan.start - SEARCH_MS, plan.end + SEARCH_MS);
    const { exceptBookingId } = options;
    const staffed = staffedBy(staff, services, timeZone, jobs, exceptBookingId);
    const busy = await deps.roster.busyBetween(orgId, found.branch.id, plan.start, plan.end);
    const [first] = mechanicsFor({
      staff,
      services,
      plan,
      timeZone,
      preferredId: options.preferredId,
      busy,
      jobs,
      exceptBookingId,
    });
    if (!first) {
      throw await deps.freeTimes.noMechanic(actor, found, services, bays, plan.start, {
        staffed,
        workMinutes: options.workMinutes,
      });
    }
    return { mechanicId: first.id, staffed };
  };

export type MechanicOnShift = ReturnType<typeof createMechanicOnShift>;
