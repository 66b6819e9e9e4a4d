import type { FastifyInstance } from 'fastify';
import {
  bookingChannels,
  bookingStatuses,
  callOutcomes,
  cancelReasons,
  type BookingStatus,
  type CallOutcome,
  type CancelReason,
} from '../../domain/booking/booking.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { textLimits } from '../../domain/shared/input-rules.ts';
import { PHONE_TYPED } from '../../domain/shared/phone.ts';
import type { PlaceBookingInput } from '../../core/booking/place-booking.ts';
import { isClientBlocked } from '../../core/compliance/blocks.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';
import { getBookingPhone, getCards } from '../../projections/board/queries.ts';
import { dateTime, errors, isoDate, uuid } from './schemas.ts';

const staff = { roles: ['owner', 'manager'] as const };
const crew = { roles: ['owner', 'manager', 'mechanic'] as const };
const idParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;
const summary = {
  type: 'object',
  properties: { id: uuid, bayId: uuid, start: { type: 'string' }, end: { type: 'string' }, status: { type: 'string' } },
} as const;

type Body = Omit<PlaceBookingInput, 'idempotencyKey' | 'serviceIds' | 'channel'> & {
  serviceId: string;
  serviceIds?: string[];
  channel?: PlaceBookingInput['channel'];
};

const bodySchema = {
  type: 'object',
  required: ['branchId', 'serviceId', 'start', 'client'],
  additionalProperties: false,
  properties: {
    branchId: uuid,
    serviceId: uuid,
    serviceIds: { type: 'array', minItems: 1, maxItems: 10, items: uuid },
    start: dateTime,
    bayId: uuid,
    client: {
      type: 'object',
      required: ['name', 'phone'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: textLimits.personName },
        phone: { type: 'string', minLength: PHONE_TYPED.min, maxLength: PHONE_TYPED.max },
      },
    },
    car: {
      type: 'object',
      additionalProperties: false,
      properties: {
        make: { type: 'string', maxLength: textLimits.carMake },
        model: { type: 'string', maxLength: textLimits.carModel },
        plate: { type: 'string', maxLength: textLimits.plateTyped },
      },
    },
    comment: { type: 'string', maxLength: textLimits.comment },
    channel: { type: 'string', enum: bookingChannels },
  },
} as const;

export const bookingRoutes = async (app: FastifyInstance, { commands, store, pool, audit }: AppDeps) => {
  app.get<{ Querystring: { branchId: string; serviceId: string; date: string } }>(
    '/api/availability',
    {
      schema: {
        tags: ['bookings'],
        querystring: {
          type: 'object',
          required: ['branchId', 'serviceId', 'date'],
          additionalProperties: false,
          properties: { branchId: uuid, serviceId: uuid, date: isoDate },
        },
        response: errors,
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { branchId, serviceId, date } = request.query;
      assertBranch(session, branchId);
      const slots = await commands.availability({ orgId: session.orgId, userId: session.userId }, branchId, [serviceId], date);
      return { date, slots };
    },
  );

  app.post<{ Body: Body; Headers: { 'idempotency-key'?: string } }>(
    '/api/bookings',
    { config: staff, schema: { tags: ['bookings'], body: bodySchema, response: { 201: summary, ...errors } } },
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

  app.post<{ Params: { id: string }; Body: { status: BookingStatus; reason?: CancelReason } }>(
    '/api/bookings/:id/status',
    {
      config: crew,
      schema: {
        tags: ['bookings'],
        params: idParams,
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { status: { type: 'string', enum: bookingStatuses }, reason: { type: 'string', enum: cancelReasons } },
        },
        response: { 200: summary, ...errors },
      },
    },
    async (request) => {
      const { actor, session } = await loadVisible(request, request.params.id);
      if (session.role === 'mechanic' && !['InProgress', 'Done'].includes(request.body.status)) {
        throw new HttpProblem(403, 'FORBIDDEN', 'A mechanic can only start or finish a job');
      }
      return commands.changeStatus(actor, request.params.id, request.body.status, request.body.reason);
    },
  );

  // With `end` and the booking's own start and bay it resizes the job; with a new start it moves it.
  app.post<{ Params: { id: string }; Body: { start: string; end?: string; bayId?: string } }>(
    '/api/bookings/:id/reschedule',
    {
      config: staff,
      schema: {
        tags: ['bookings'],
        params: idParams,
        body: {
          type: 'object',
          required: ['start'],
          additionalProperties: false,
          properties: { start: dateTime, end: dateTime, bayId: uuid },
        },
        response: { 200: summary, ...errors },
      },
    },
    async (request) => {
      const { actor } = await loadVisible(request, request.params.id);
      return commands.reschedule(actor, request.params.id, request.body);
    },
  );

  app.post<{ Params: { id: string }; Body: { mechanicId: string } }>(
    '/api/bookings/:id/assign',
    {
      config: staff,
      schema: {
        tags: ['bookings'],
        params: idParams,
        body: { type: 'object', required: ['mechanicId'], additionalProperties: false, properties: { mechanicId: uuid } },
        response: { 200: summary, ...errors },
      },
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

  app.post<{ Params: { id: string }; Body: { outcome: CallOutcome } }>(
    '/api/bookings/:id/calls',
    {
      config: staff,
      schema: {
        tags: ['bookings'],
        params: idParams,
        body: {
          type: 'object',
          required: ['outcome'],
          additionalProperties: false,
          properties: { outcome: { type: 'string', enum: callOutcomes } },
        },
        response: {
          201: { type: 'object', properties: { id: uuid, outcome: { type: 'string' }, at: { type: 'string' } } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { actor } = await loadVisible(request, request.params.id);
      return reply.status(201).send(await commands.recordCall(actor, request.params.id, request.body.outcome));
    },
  );

  // Cards carry the phone masked. Calling the client from a card reveals the number, scoped to the
  // booking's branch and logged like a reveal on the client card (the log names the booking too).
  app.post<{ Params: { id: string } }>(
    '/api/bookings/:id/reveal-phone',
    {
      config: staff,
      schema: {
        tags: ['bookings'],
        params: idParams,
        response: { 200: { type: 'object', properties: { clientId: uuid, phone: { type: 'string' } } }, ...errors },
      },
    },
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

  app.get<{ Params: { id: string } }>(
    '/api/bookings/:id',
    { config: crew, schema: { tags: ['bookings'], params: idParams, response: errors } },
    async (request) => {
      const { session, booking } = await loadVisible(request, request.params.id);
      const [card] = await getCards(pool, session.orgId, [request.params.id]);
      const history = (await store.readHistory(`booking-${booking.bookingId}`)).map((event) => {
        // Sealed personal data stays out of the history view; the card shows the opened values.
        const { details: _details, ...data } = event.data;
        return { type: event.type, at: event.recordedAt.toISOString(), position: event.streamPosition, data };
      });
      return { ...(card ?? { id: booking.bookingId, status: booking.status, pending: true }), history };
    },
  );
};
