import type { FastifyInstance } from 'fastify';
import { maskPhone } from '../../domain/compliance/notice.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { Temporal } from '../../domain/shared/time.ts';
import { getBoard } from '../../projections/board/queries.ts';
import { getCalendar } from '../../projections/calendar/queries.ts';
import { searchClients } from '../../projections/clients/queries.ts';
import { blockedAmong } from '../../core/compliance/blocks.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, sessionOf } from '../plugins/auth.ts';
import { dateTime, errors, isoDate, uuid } from './schemas.ts';

const MAX_CALENDAR_DAYS = 400;
const CLIENT_PAGE = 50;

export const readModelRoutes = async (app: FastifyInstance, { pool, catalog, audit, now }: AppDeps) => {
  const timeZoneOf = async (orgId: string, branchId: string) => {
    const found = await catalog.forBranch(orgId, branchId);
    if (!found) throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
    return found.branch.timeZone;
  };

  app.get<{ Querystring: { branchId: string; date?: string } }>(
    '/api/board',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: {
        tags: ['read models'],
        querystring: {
          type: 'object',
          required: ['branchId'],
          additionalProperties: false,
          properties: { branchId: uuid, date: isoDate },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { branchId } = request.query;
      assertBranch(session, branchId);
      const timeZone = await timeZoneOf(session.orgId, branchId);
      const date = request.query.date
        ? Temporal.PlainDate.from(request.query.date)
        : Temporal.Instant.fromEpochMilliseconds(now()).toZonedDateTimeISO(timeZone).toPlainDate();
      const from = date.toZonedDateTime({ timeZone }).toInstant().toString();
      const to = date.add({ days: 1 }).toZonedDateTime({ timeZone }).toInstant().toString();
      return { branchId, date: date.toString(), timeZone, columns: await getBoard(pool, session.orgId, branchId, from, to) };
    },
  );

  app.get<{ Querystring: { branchId: string; from: string; to: string } }>(
    '/api/calendar',
    {
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: {
        tags: ['read models'],
        querystring: {
          type: 'object',
          required: ['branchId', 'from', 'to'],
          additionalProperties: false,
          properties: { branchId: uuid, from: { anyOf: [isoDate, dateTime] }, to: { anyOf: [isoDate, dateTime] } },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { branchId } = request.query;
      assertBranch(session, branchId);
      const timeZone = await timeZoneOf(session.orgId, branchId);
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

  app.get<{ Querystring: { q?: string } }>(
    '/api/clients',
    {
      config: { roles: ['owner', 'manager', 'compliance'] },
      schema: {
        tags: ['read models'],
        querystring: { type: 'object', additionalProperties: false, properties: { q: { type: 'string', maxLength: 100 } } },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const q = request.query.q?.trim() ?? '';
      // Blocked clients (their data is being checked) are left out of lists; the page is read that
      // much longer so they do not leave it short.
      const { rows: blocks } = await pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM compliance_blocks WHERE org_id = $1',
        [session.orgId],
      );
      // A manager limited to some branches finds only the clients who booked or were imported there.
      const found = await searchClients(pool, session, q, CLIENT_PAGE + (blocks[0]?.n ?? 0));
      const blocked = await blockedAmong(
        pool,
        found.map((client) => client.id),
      );
      // The officer finds blocked clients too (a block is their case), marked as such.
      const officer = session.role === 'compliance';
      const clients = found
        .filter((client) => officer || !blocked.has(client.id))
        .slice(0, CLIENT_PAGE)
        .map((client) => (officer ? { ...client, blocked: blocked.has(client.id) } : client));
      // Phones are masked here (revealing one is its own logged action). The log gets the kind of
      // query and the clients listed, never the query: it may be a name, and the log is never erased.
      const kind = q === '' ? 'list' : /^[\d\s()+-]+$/.test(q) ? 'phone' : 'text';
      await audit.access(
        actorOf(request),
        'search',
        clients.map((client) => client.id),
        { query: kind, results: clients.length },
      );
      return { clients: clients.map((client) => ({ ...client, phone: maskPhone(client.phone) })) };
    },
  );
};
