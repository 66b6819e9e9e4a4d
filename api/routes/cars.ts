import { carParams, carRecord } from '../../contract/cars.ts';
import { errors } from '../../contract/shared.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, sessionOf } from '../plugins/auth.ts';

/**
 * A car as its own record, by its plate: the desk and the mechanic look up what was done to it
 * before, whoever brought it. Within the user's branches; each look is in the access log, since it
 * names the people who brought the car.
 */
export const carRoutes = async (app: ContractApp, { cars, audit }: AppDeps) => {
  app.get(
    '/api/cars/:plate',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: { tags: ['clients'], params: carParams, response: { 200: carRecord, ...errors } },
    },
    async (request) => {
      const record = await cars(sessionOf(request), request.params.plate);
      if (!record) throw new DomainError('NOT_FOUND', 'No car with this plate', { field: 'plate' });
      await audit.access(
        actorOf(request),
        'car-view',
        record.owners.map((owner) => owner.clientId),
      );
      return record;
    },
  );
};
