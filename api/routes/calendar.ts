import { calendar, calendarQuery } from '../../contract/board.ts';
import { errors } from '../../contract/shared.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { getCalendar } from '../../projections/calendar/queries.ts';
import type { CatalogRepository } from '../../core/catalog/catalog-repository.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';

const MAX_CALENDAR_DAYS = 400;

/** The branch's IANA zone; a branch of another organization is not found. */
export const branchTimeZone = async (catalog: CatalogRepository, orgId: string, branchId: string) => {
  const found = await catalog.forBranch(orgId, branchId);
  if (!found) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
  return found.branch.timeZone;
};

/** A branch's bookings between two instants (or whole dates in the branch's zone), for the calendar. */
export const calendarRoutes = async (app: ContractApp, { pool, catalog }: AppDeps) => {
  app.get(
    '/api/calendar',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: { tags: ['read models'], querystring: calendarQuery, response: { 200: calendar, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const { branchId } = request.query;
      assertBranch(session, branchId);
      const timeZone = await branchTimeZone(catalog, session.orgId, branchId);
      const instant = (value: string, field: string) => {
        try {
          return /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? Temporal.PlainDate.from(value).toZonedDateTime({ timeZone }).toInstant()
            : Temporal.Instant.from(value);
        } catch {
          throw new DomainError('VALIDATION', `${field} must be a date or an ISO date-time with an offset`, { field });
        }
      };
      const from = instant(request.query.from, 'from');
      const to = instant(request.query.to, 'to');
      if (Temporal.Instant.compare(from, to) >= 0) throw new DomainError('VALIDATION', '"from" must be before "to"');
      if (to.epochMilliseconds - from.epochMilliseconds > MAX_CALENDAR_DAYS * 86_400_000) {
        throw new DomainError('VALIDATION', `The calendar window is at most ${MAX_CALENDAR_DAYS} days`);
      }
      return {
        branchId,
        timeZone,
        events: await getCalendar(pool, session.orgId, branchId, from.toString(), to.toString()),
      };
    },
  );
};
