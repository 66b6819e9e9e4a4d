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
import { freeStarts, type ReservationLookup } from '../../domain/schedule/plan.ts';
import { scheduleStreamName } from '../../domain/schedule/schedule.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireDate, requireId } from '../../domain/shared/input-rules.ts';
import { addDays } from '../../domain/shared/time.ts';
import type { BranchCatalog, CatalogRepository } from '../catalog/catalog-repository.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../shared/actor.ts';
import { branchCatalogOf } from './branch-catalog.ts';

/**
 * Free times, read from the bay-day schedule streams themselves (not a read model, which may lag):
 * the free starts of one date, and the alternatives a refusal offers.
 */
export const createFreeTimes = (deps: { store: EventStore; catalog: CatalogRepository; now: () => number }) => {
  const { store, catalog, now } = deps;

  /** What each of the bays holds on each of the dates, folded once for the many look-ups a search makes. */
  const reservedOn = async (bays: readonly Bay[], dates: readonly string[]): Promise<ReservationLookup> => {
    const loaded = await store.readStreams(bays.flatMap((bay) => dates.map((date) => scheduleStreamName(bay.id, date))));
    const held = new Map(
      [...loaded].map(([stream, { events }]) => [stream, [...aggregate(scheduleDecider, events).held.values()]]),
    );
    return (bayId, date) => held.get(scheduleStreamName(bayId, date)) ?? [];
  };

  const availability = async (actor: Actor, branchId: string, serviceIds: string[], date: string): Promise<Alternative[]> => {
    requireId(branchId, 'branchId');
    for (const id of serviceIds) requireId(id, 'serviceIds');
    requireDate(date, 'date');
    const found = await branchCatalogOf(catalog, actor.orgId, branchId);
    const services = requireServices(found.services, serviceIds);
    const bays = capableBays(found.bays, services);
    const dates = Array.from({ length: daysSpanned(services) }, (_, i) => addDays(date, i));
    const reserved = await reservedOn(bays, dates);
    return freeStarts({ branch: found.branch, services, bays, date, now: now(), reserved }).map((free) =>
      alternativeOf(free, found.branch.timeZone),
    );
  };

  /** The refusal of a taken time, with the free starts nearest to it on the same bays. */
  const slotTaken = async (
    found: BranchCatalog,
    services: readonly Service[],
    bays: readonly Bay[],
    near: number,
    workMinutes?: number,
  ): Promise<DomainError> => {
    const search = { branch: found.branch, services, bays, near, now: now(), workMinutes };
    const alternatives = nearestAlternatives(search, await reservedOn(bays, alternativeSearchDates(search)));
    return new DomainError('SLOT_TAKEN', 'This time is already taken', { alternatives });
  };

  return { availability, slotTaken };
};

export type FreeTimes = ReturnType<typeof createFreeTimes>;
