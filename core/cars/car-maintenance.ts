import { nextMaintenance, type NextMaintenance, type Reading } from '../../domain/client/mileage.ts';
import type { Service } from '../../domain/catalog/catalog.ts';
import type { CarVisitRow } from '../../projections/clients/car-history.ts';

/** A periodic work done on a car, when it is due again, and the visit it was last done at. */
export type PeriodicWork = { service: Service; last: CarVisitRow; next: NextMaintenance };

/** Work orders past the work: the job was done whatever the booking's card still says. */
const FINISHED_ORDERS: ReadonlySet<string> = new Set(['Done', 'Paid', 'Closed']);

/** A visit whose work was done: its booking finished, or its work order done (the card may lag behind). */
export const isFinished = (visit: CarVisitRow): boolean =>
  visit.status === 'Done' || (visit.workOrder !== null && FINISHED_ORDERS.has(visit.workOrder.status));

/** The odometer readings of a car's visits (those whose work order recorded one). */
export const readingsOf = (visits: readonly CarVisitRow[]): Reading[] =>
  visits.flatMap((visit) => (visit.workOrder?.odometerKm == null ? [] : [{ at: visit.start, km: visit.workOrder.odometerKm }]));

/**
 * Each periodic service (`services` with an interval in km or months) the car had done, from its
 * latest finished visit with it (`visits` newest first): the car record shows them and the
 * maintenance reminders send the due ones.
 */
export const periodicWorks = (visits: readonly CarVisitRow[], services: readonly Service[], nowMs: number): PeriodicWork[] => {
  const done = visits.filter(isFinished);
  const readings = readingsOf(visits);
  return services
    .filter((service) => service.maintenanceKm || service.maintenanceMonths)
    .flatMap((service) => {
      const last = done.find(
        (visit) => visit.serviceIds.includes(service.id) || visit.workOrder?.lines.some((line) => line.serviceId === service.id),
      );
      if (!last) return [];
      const next = nextMaintenance(
        { at: last.start, km: last.workOrder?.odometerKm ?? null },
        { km: service.maintenanceKm ?? null, months: service.maintenanceMonths ?? null },
        readings,
        nowMs,
      );
      return [{ service, last, next }];
    });
};
