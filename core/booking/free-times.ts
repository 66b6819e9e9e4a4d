import { capableBays } from '../../domain/booking/placement.ts';
import { requireServices, type Bay, type Service } from '../../domain/catalog/catalog.ts';
import {
  alternativeOf,
  alternativeSearchDates,
  daysSpanned,
  nearestAlternatives,
  type Alternative,
} from '../../domain/schedule/alternatives.ts';
import { scheduleDecider } from '../../domain/schedule/business-logic.ts';
import { freeStarts, type JobPlan, type ReservationLookup } from '../../domain/schedule/plan.ts';
import { scheduleStreamName } from '../../domain/schedule/schedule.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { horizonDays, leadMinutes, requireDate, requireId } from '../../domain/shared/input-rules.ts';
import { addDays } from '../../domain/shared/time.ts';
import { staffedBy } from '../../domain/staff/shifts.ts';
import type { BranchCatalog, CatalogRepository } from '../catalog/catalog-repository.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { plannerOf, type Actor } from '../shared/actor.ts';
import type { StaffRoster } from '../staff/staff-roster.ts';
import { branchCatalogOf } from './branch-catalog.ts';

/** When the station requires staff on shift: is a mechanic able to take a job so planned. */
export type Staffed = (plan: JobPlan) => boolean;

/**
 * Free times, read from the bay-day schedule streams themselves (not a read model, which may lag):
 * the free starts of one date, and the alternatives a refusal offers. With shifts required, a start
 * counts only when a mechanic with the skills is on shift for the whole job.
 */
export const createFreeTimes = (deps: {
  store: EventStore;
  catalog: CatalogRepository;
  roster: StaffRoster;
  now: () => number;
}) => {
  const { store, catalog, roster, now } = deps;

  /** The staffing test of a branch's services, or undefined when the station does not require shifts. */
  const staffingOf = async (
    orgId: string,
    found: BranchCatalog,
    services: readonly Service[],
    window: { from: number; to: number },
  ): Promise<Staffed | undefined> => {
    const staff = await roster.requiredFor(orgId, found.branch.id);
    if (!staff) return undefined;
    // A mechanic holding another job then does not staff this one.
    const jobs = await roster.jobsBetween(orgId, found.branch.id, window.from, window.to);
    return staffedBy(staff, services, found.branch.timeZone, jobs);
  };

  /**
   * What each of the bays holds on each of the dates, folded once for the many look-ups a search makes;
   * `except` leaves one booking's own reservations out (a booking being moved does not block itself).
   */
  const reservedOn = async (bays: readonly Bay[], dates: readonly string[], except?: string): Promise<ReservationLookup> => {
    const loaded = await store.readStreams(bays.flatMap((bay) => dates.map((date) => scheduleStreamName(bay.id, date))));
    const held = new Map(
      [...loaded].map(([stream, { events }]) => [
        stream,
        [...aggregate(scheduleDecider, events).held].filter(([holder]) => holder !== except).map(([, taken]) => taken),
      ]),
    );
    return (bayId, date) => held.get(scheduleStreamName(bayId, date)) ?? [];
  };

  /**
   * Free starts of a date the actor may book (placeBooking's horizon); `movingBookingId` names a
   * booking being rescheduled, whose own time counts as free.
   */
  const availability = async (
    actor: Actor,
    branchId: string,
    serviceIds: string[],
    date: string,
    movingBookingId?: string,
  ): Promise<Alternative[]> => {
    requireId(branchId, 'branchId');
    for (const id of serviceIds) requireId(id, 'serviceIds');
    requireDate(date, 'date');
    if (movingBookingId !== undefined) requireId(movingBookingId, 'bookingId');
    const found = await branchCatalogOf(catalog, actor.orgId, branchId);
    const services = requireServices(found.services, serviceIds);
    const bays = capableBays(found.bays, services);
    const dates = Array.from({ length: daysSpanned(services) }, (_, i) => addDays(date, i));
    const reserved = await reservedOn(bays, dates, movingBookingId);
    const dayMs = 86_400_000;
    const staffed = await staffingOf(actor.orgId, found, services, {
      from: Date.parse(`${date}T00:00:00Z`) - dayMs,
      to: Date.parse(`${addDays(date, dates.length)}T00:00:00Z`) + dayMs,
    });
    const latest = latestFor(actor, found);
    return freeStarts({ branch: found.branch, services, bays, date, now: earliestFor(actor, found), reserved, staffed })
      .filter((free) => free.start <= latest)
      .map((free) => alternativeOf(free, found.branch.timeZone));
  };

  /**
   * Only starts the same actor could book are offered: a client's from the branch's notice on and
   * within its horizon, staff's from now and within a year.
   */
  const earliestFor = (actor: Actor, found: BranchCatalog) => now() + leadMinutes(found.branch, plannerOf(actor)) * 60_000;
  const latestFor = (actor: Actor, found: BranchCatalog) => now() + horizonDays(found.branch, plannerOf(actor)) * 86_400_000;

  /** The refusal of a taken time, with the free starts nearest to it on the same bays that the actor could book. */
  const slotTaken = async (
    actor: Actor,
    found: BranchCatalog,
    services: readonly Service[],
    bays: readonly Bay[],
    near: number,
    options: { workMinutes?: number; staffed?: Staffed; movingBookingId?: string } = {},
  ): Promise<DomainError> => {
    const alternatives = await nearest(actor, found, services, bays, near, options);
    return new DomainError('SLOT_TAKEN', 'This time is already taken', { alternatives });
  };

  /** The refusal of a time no mechanic with the skills is on shift for, with the nearest staffed free starts. */
  const noMechanic = async (
    actor: Actor,
    found: BranchCatalog,
    services: readonly Service[],
    bays: readonly Bay[],
    near: number,
    options: { staffed: Staffed; workMinutes?: number },
  ): Promise<DomainError> => {
    const alternatives = await nearest(actor, found, services, bays, near, options);
    return new DomainError('NO_MECHANIC_ON_SHIFT', 'No mechanic with the skills is on shift at this time', { alternatives });
  };

  const nearest = async (
    actor: Actor,
    found: BranchCatalog,
    services: readonly Service[],
    bays: readonly Bay[],
    near: number,
    options: { workMinutes?: number; staffed?: Staffed; movingBookingId?: string },
  ): Promise<Alternative[]> => {
    const { workMinutes, staffed, movingBookingId } = options;
    const search = {
      branch: found.branch,
      services,
      bays,
      near,
      now: earliestFor(actor, found),
      workMinutes,
      staffed,
      latest: latestFor(actor, found),
    };
    return nearestAlternatives(search, await reservedOn(bays, alternativeSearchDates(search), movingBookingId));
  };

  return { availability, slotTaken, noMechanic };
};

export type FreeTimes = ReturnType<typeof createFreeTimes>;
