import { board, boardQuery } from '../../contract/board.ts';
import { errors } from '../../contract/shared.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { getBoard } from '../../projections/board/queries.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { branchTimeZone } from './calendar.ts';

/** The kanban of one branch's day, in the branch's zone. */
export const boardRoutes = async (app: ContractApp, { pool, catalog, now }: AppDeps) => {
  app.get(
    '/api/board',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: { tags: ['read models'], querystring: boardQuery, response: { 200: board, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const { branchId } = request.query;
      assertBranch(session, branchId);
      const timeZone = await branchTimeZone(catalog, session.orgId, branchId);
      const date = request.query.date
        ? Temporal.PlainDate.from(request.query.date)
        : Temporal.Instant.fromEpochMilliseconds(now()).toZonedDateTimeISO(timeZone).toPlainDate();
      const from = date.toZonedDateTime({ timeZone }).toInstant().toString();
      const to = date.add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant().toString();
      return { branchId, date: date.toString(), timeZone, columns: await getBoard(pool, session.orgId, branchId, from, to) };
    },
  );
};
