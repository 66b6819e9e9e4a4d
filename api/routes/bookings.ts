import { MECHANIC_MOVES } from '../../domain/booking/status-moves.ts';
import {
  assignBody,
  availability,
  availabilityQuery,
  bookingDetails,
  bookingParams,
  bookingSummary,
  callBody,
  changeStatusBody,
  placeBookingBody,
  recordedCall,
  rescheduleBody,
  revealedPhone,
} from '../../contract/bookings.ts';
import { errors } from '../../contract/shared.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isClientBlocked } from '../../core/compliance/blocks.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, assertOwnJob, sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';
import { getBookingPhone, getCards } from '../../projections/board/queries.ts';
import { hasWorkOrder } from '../../projections/work-orders/queries.ts';

const staff = { roles: ['owner', 'manager'] as const };
const crew = { roles: ['owner', 'manager', 'mechanic'] as const };

export const bookingRoutes = async (app: ContractApp, { commands, store, pool, audit }: AppDeps) => {
  app.get(
    '/api/availability',
    { schema: { tags: ['bookings'], querystring: availabilityQuery, response: { 200: availability, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const { branchId, serviceId, serviceIds, date, bookingId } = request.query;
      assertBranch(session, branchId);
      const services = serviceIds ? serviceIds.split(',') : [serviceId];
      if (services[0] !== serviceId) {
        throw new DomainError('VALIDATION', 'serviceIds must start with serviceId', { field: 'serviceIds' });
      }
      const actor = { orgId: session.orgId, userId: session.userId };
      const slots = await commands.availability(actor, branchId, services, date, bookingId);
      return { date, slots };
    },
  );

  app.post(
    '/api/bookings',
    {
      config: staff,
      schema: {
        tags: ['bookings'],
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string' } } },
        body: placeBookingBody,
        response: { 201: bookingSummary, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const body = request.body;
      assertBranch(session, body.branchId);
      const idempotencyKey = request.headers['idempotency-key'];
      if (idempotencyKey !== undefined && (idempotencyKey.length < 8 || idempotencyKey.length > 200)) {
        throw new HttpProblem(400, 'VALIDATION', 'Idempotency-Key must be 8 to 200 characters');
      }
      if (body.serviceIds && body.serviceIds[0] !== body.serviceId) {
        throw new DomainError('VALIDATION', 'serviceIds must start with serviceId', { field: 'serviceIds' });
      }
      const booking = await commands.place(
        { orgId: session.orgId, userId: session.userId },
        {
          branchId: body.branchId,
          serviceIds: body.serviceIds ?? [body.serviceId],
          start: body.start,
          bayId: body.bayId,
          client: body.client,
          car: body.car,
          comment: body.comment,
          channel: body.channel ?? 'panel',
          idempotencyKey,
          callerKey: true,
        },
      );
      return reply.status(201).send(booking);
    },
  );

  const loadVisible = async (request: Parameters<typeof sessionOf>[0], bookingId: string) => {
    const session = sessionOf(request);
    const booking = await commands.loadBooking({ orgId: session.orgId, userId: session.userId }, bookingId);
    assertBranch(session, booking.branchId);
    return { session, actor: { orgId: session.orgId, userId: session.userId }, booking };
  };

  app.post(
    '/api/bookings/:id/status',
    {
      config: crew,
      schema: { tags: ['bookings'], params: bookingParams, body: changeStatusBody, response: { 200: bookingSummary, ...errors } },
    },
    async (request) => {
      const { actor, session, booking } = await loadVisible(request, request.params.id);
      if (session.role === 'mechanic' && !MECHANIC_MOVES.includes(request.body.status)) {
        throw new HttpProblem(403, 'FORBIDDEN', 'A mechanic can only start or finish a job');
      }
      assertOwnJob(session, booking.mechanicId);
      return commands.changeStatus(actor, request.params.id, request.body.status, request.body.reason);
    },
  );

  // With `end` and the booking's own start and bay it resizes the job; with a new start it moves it.
  app.post(
    '/api/bookings/:id/reschedule',
    {
      config: staff,
      schema: { tags: ['bookings'], params: bookingParams, body: rescheduleBody, response: { 200: bookingSummary, ...errors } },
    },
    async (request) => {
      const { actor } = await loadVisible(request, request.params.id);
      return commands.reschedule(actor, request.params.id, request.body);
    },
  );

  app.post(
    '/api/bookings/:id/assign',
    {
      config: staff,
      schema: { tags: ['bookings'], params: bookingParams, body: assignBody, response: { 200: bookingSummary, ...errors } },
    },
    async (request) => {
      const { actor, session } = await loadVisible(request, request.params.id);
      const { rowCount } = await pool.query(`SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND role = 'mechanic'`, [
        request.body.mechanicId,
        session.orgId,
      ]);
      if (!rowCount) throw new DomainError('NOT_FOUND', 'Mechanic not found', { mechanicId: request.body.mechanicId });
      return commands.assign(actor, request.params.id, request.body.mechanicId);
    },
  );

  app.post(
    '/api/bookings/:id/calls',
    {
      config: staff,
      schema: { tags: ['bookings'], params: bookingParams, body: callBody, response: { 201: recordedCall, ...errors } },
    },
    async (request, reply) => {
      const { actor } = await loadVisible(request, request.params.id);
      return reply.status(201).send(await commands.recordCall(actor, request.params.id, request.body.outcome));
    },
  );

  // Cards carry the phone masked. Calling the client from a card reveals the number, scoped to the
  // booking's branch and logged like a reveal on the client card (the log names the booking too).
  app.post(
    '/api/bookings/:id/reveal-phone',
    { config: staff, schema: { tags: ['bookings'], params: bookingParams, response: { 200: revealedPhone, ...errors } } },
    async (request) => {
      const { session, booking } = await loadVisible(request, request.params.id);
      const found = await getBookingPhone(pool, session.orgId, booking.bookingId);
      if (!found?.phone) {
        throw new DomainError('NOT_FOUND', 'The client of this booking has no phone on record', { bookingId: booking.bookingId });
      }
      if (await isClientBlocked(pool, found.clientId)) {
        throw new HttpProblem(403, 'CLIENT_BLOCKED', 'Processing of this client’s data is blocked while it is checked');
      }
      await audit.access(actorOf(request), 'phone-reveal', [found.clientId], { bookingId: booking.bookingId });
      return { clientId: found.clientId, phone: found.phone };
    },
  );

  app.get(
    '/api/bookings/:id',
    { config: crew, schema: { tags: ['bookings'], params: bookingParams, response: { 200: bookingDetails, ...errors } } },
    async (request) => {
      const { session, booking } = await loadVisible(request, request.params.id);
      const [[card], workOrderOpened] = await Promise.all([
        getCards(pool, session.orgId, [request.params.id]),
        hasWorkOrder(pool, session.orgId, request.params.id),
      ]);
      const history = (await store.readHistory(`booking-${booking.bookingId}`)).map((event) => {
        // Sealed personal data stays out of the history view; the card shows the opened values.
        const { details: _details, ...data } = event.data;
        return { type: event.type, at: event.recordedAt.toISOString(), position: event.streamPosition, data };
      });
      return { ...(card ?? { id: booking.bookingId, status: booking.status, pending: true }), history, workOrderOpened };
    },
  );
};
