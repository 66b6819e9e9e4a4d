import type { Pool } from 'pg';
import { averageDailyKm, type NextMaintenance, type Reading } from '../../domain/client/mileage.ts';
import { requirePlate } from '../../domain/client/plate.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { workOrderStreamName } from '../../domain/work-order/work-order.ts';
import { getCarHistory, type CarVisitRow } from '../../projections/clients/car-history.ts';
import type { ClientReader } from '../../projections/clients/queries.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Vault } from '../vault/vault.ts';
import { isFinished, periodicWorks, readingsOf } from './car-maintenance.ts';

/** Someone who brought the car: their client id and name, and the start of their latest visit with it. */
export type CarOwner = { clientId: string; name: string | null; lastVisit: string | null };

/** A periodic work done on the car (an oil change every 10 000 km or 12 months) and when it is due again. */
export type CarMaintenance = NextMaintenance & { serviceId: string; name: string; lastDone: string };

/**
 * A car as its own record, found by its plate: what it is, who brought it, every visit with the
 * works and parts done and the odometer read, and how far it goes a day.
 */
export type CarRecord = {
  plate: string;
  make: string | null;
  model: string | null;
  year: number | null;
  vin: string | null;
  owners: CarOwner[];
  visits: CarVisitRow[];
  readings: Reading[];
  averageDailyKm: number | null;
  maintenance: CarMaintenance[];
};

export const createCarRecords = (deps: {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  now: () => number;
}) => {
  const { pool, store, vault, catalog, now } = deps;

  /** Each periodic work the car had done, from the catalogues of the branches it was done at. */
  const maintenanceOf = async (orgId: string, visits: readonly CarVisitRow[]): Promise<CarMaintenance[]> => {
    const branchIds = [...new Set(visits.filter(isFinished).map((visit) => visit.branchId))];
    const catalogs = await Promise.all(branchIds.map((branchId) => catalog.forBranch(orgId, branchId)));
    const services = catalogs.flatMap((found) => found?.services ?? []);
    return periodicWorks(visits, services, now()).map(({ service, last, next }) => ({
      serviceId: service.id,
      name: service.name,
      lastDone: last.start,
      ...next,
    }));
  };

  /** The VIN of the newest work order that has one, opened with its client's key (erased: unreadable). */
  const vinOf = async (visits: readonly CarVisitRow[]): Promise<string | null> => {
    for (const visit of visits) {
      if (!visit.workOrder) continue;
      const { events } = await store.readStream(workOrderStreamName(visit.workOrder.id));
      const opened = events.find((event) => event.type === 'WorkOrderOpened');
      const vehicle = (opened?.data as { vehicle?: Sealed | null } | undefined)?.vehicle;
      if (!vehicle) continue;
      const found = await vault.open<{ vin?: unknown }>(visit.clientId, vehicle);
      if (typeof found?.vin === 'string') return found.vin;
    }
    return null;
  };

  /** The car with this plate (typed in any notation the plate rule knows), or null when nothing names it. */
  return async (reader: ClientReader, typedPlate: string): Promise<CarRecord | null> => {
    const plate = requirePlate(typedPlate, 'plate');
    const { visits, cards } = await getCarHistory(pool, reader, plate);
    if (visits.length === 0 && cards.length === 0) return null;
    const owners = new Map<string, CarOwner>();
    for (const visit of visits) {
      if (!owners.has(visit.clientId)) {
        owners.set(visit.clientId, { clientId: visit.clientId, name: visit.clientName, lastVisit: visit.start });
      }
    }
    for (const card of cards) {
      if (!owners.has(card.clientId))
        owners.set(card.clientId, { clientId: card.clientId, name: card.clientName, lastVisit: null });
    }
    // The newest card's description of the car wins, part by part.
    const described = [...cards].reverse();
    const readings = readingsOf(visits);
    return {
      plate,
      make: described.find((card) => card.make)?.make ?? null,
      model: described.find((card) => card.model)?.model ?? null,
      year: described.find((card) => card.year)?.year ?? null,
      vin: await vinOf(visits),
      owners: [...owners.values()],
      visits,
      readings,
      averageDailyKm: averageDailyKm(readings),
      maintenance: await maintenanceOf(reader.orgId, visits),
    };
  };
};

export type CarRecords = ReturnType<typeof createCarRecords>;
