import { bookingParams } from '../../contract/bookings.ts';
import { errors } from '../../contract/shared.ts';
import {
  addPartBody,
  addWorkBody,
  invoiceParams,
  issueInvoiceBody,
  moveWorkOrderBody,
  odometerBody,
  onlinePaymentBody,
  openWorkOrderBody,
  providerNotificationAnswer,
  providerNotificationParams,
  recordPaymentBody,
  refundBody,
  workOrder,
  workOrderLineParams,
  workOrderParams,
} from '../../contract/work-orders.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { ProviderUnavailable } from '../../core/payments/yookassa.ts';
import { renderWorkOrderPdf } from '../../core/documents/work-order-pdf.ts';
import { workOrderView } from '../../domain/work-order/view.ts';
import { Temporal } from '../../domain/shared/time.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, assertOwnJob, sessionOf } from '../plugins/auth.ts';
import { assertOrderVisible } from './work-order-reach.ts';
import { HttpProblem } from '../plugins/problems.ts';

const staff = { roles: ['owner', 'manager'] as const };
const crew = { roles: ['owner', 'manager', 'mechanic'] as const };
const answers = { 200: workOrder, ...errors } as const;
const created = { 201: workOrder, ...errors } as const;

/** Prices are the desk's: a mechanic adds a work or a part at its price, without a discount. */
const noMechanicsDiscount = (role: string, discountPercent: number | undefined) => {
  if (role === 'mechanic' && (discountPercent ?? 0) !== 0) {
    throw new HttpProblem(403, 'FORBIDDEN', 'A discount is given by the desk');
  }
};

export const workOrderRoutes = async (app: ContractApp, { commands, workOrders, pool, catalog, now, vault, audit }: AppDeps) => {
  /** The session's actor, once the order is seen to be of one of its branches (and, for a mechanic, their job). */
  const visibleOrder = async (request: Parameters<typeof sessionOf>[0], workOrderId: string) => {
    const session = sessionOf(request);
    const actor = { orgId: session.orgId, userId: session.userId };
    const order = await workOrders.load(actor, workOrderId);
    assertOrderVisible(session, order.branchId, workOrderId);
    if (session.role === 'mechanic') assertOwnJob(session, (await commands.loadBooking(actor, order.bookingId)).mechanicId);
    return { actor, session, order };
  };

  app.post(
    '/api/bookings/:id/work-order',
    // The mechanic opens it too, from the day's jobs: the findings and photos of the car go on it.
    { config: crew, schema: { tags: ['work-orders'], params: bookingParams, body: openWorkOrderBody, response: created } },
    async (request, reply) => {
      const session = sessionOf(request);
      const actor = { orgId: session.orgId, userId: session.userId };
      const booking = await commands.loadBooking(actor, request.params.id);
      assertBranch(session, booking.branchId);
      assertOwnJob(session, booking.mechanicId);
      return reply.status(201).send(await workOrders.open(actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/bookings/:id/work-order',
    { config: crew, schema: { tags: ['work-orders'], params: bookingParams, response: answers } },
    async (request) => {
      const session = sessionOf(request);
      const found = await workOrders.ofBooking({ orgId: session.orgId, userId: session.userId }, request.params.id);
      if (!found) throw new DomainError('NOT_FOUND', 'This visit has no work order yet', { bookingId: request.params.id });
      assertOrderVisible(session, found.state.branchId, found.state.workOrderId);
      return { ...(await workOrders.view(found.state)), startedUnagreed: found.startedUnagreed };
    },
  );

  app.post(
    '/api/work-orders/:id/works',
    { config: crew, schema: { tags: ['work-orders'], params: workOrderParams, body: addWorkBody, response: created } },
    async (request, reply) => {
      const { actor, session } = await visibleOrder(request, request.params.id);
      noMechanicsDiscount(session.role, request.body.discountPercent);
      return reply.status(201).send(await workOrders.addWork(actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/work-orders/:id/parts',
    { config: crew, schema: { tags: ['work-orders'], params: workOrderParams, body: addPartBody, response: created } },
    async (request, reply) => {
      const { actor, session } = await visibleOrder(request, request.params.id);
      noMechanicsDiscount(session.role, request.body.discountPercent);
      return reply.status(201).send(await workOrders.addPart(actor, request.params.id, request.body));
    },
  );

  app.delete(
    '/api/work-orders/:id/lines/:lineId',
    { config: crew, schema: { tags: ['work-orders'], params: workOrderLineParams, response: answers } },
    async (request) => {
      const { actor, session, order } = await visibleOrder(request, request.params.id);
      // What the client agreed to is the desk's to take back, with the client: not the mechanic's.
      if (session.role === 'mechanic' && (order.consentedLineIds ?? []).includes(request.params.lineId)) {
        throw new HttpProblem(403, 'FORBIDDEN', 'A line the client agreed to is removed by the desk');
      }
      return workOrders.removeLine(actor, request.params.id, request.params.lineId);
    },
  );

  // The mechanic in the car reads the odometer as often as the desk does.
  app.post(
    '/api/work-orders/:id/odometer',
    { config: crew, schema: { tags: ['work-orders'], params: workOrderParams, body: odometerBody, response: answers } },
    async (request) => {
      const { actor } = await visibleOrder(request, request.params.id);
      return workOrders.recordOdometer(actor, request.params.id, request.body.odometerKm);
    },
  );

  app.post(
    '/api/work-orders/:id/status',
    { config: crew, schema: { tags: ['work-orders'], params: workOrderParams, body: moveWorkOrderBody, response: answers } },
    async (request) => {
      const { actor, session } = await visibleOrder(request, request.params.id);
      if (session.role === 'mechanic' && !['InWork', 'Done'].includes(request.body.status)) {
        throw new HttpProblem(403, 'FORBIDDEN', 'A mechanic can only start or finish a job');
      }
      return workOrders.move(actor, request.params.id, request.body);
    },
  );

  app.post(
    '/api/work-orders/:id/payments',
    { config: staff, schema: { tags: ['work-orders'], params: workOrderParams, body: recordPaymentBody, response: created } },
    async (request, reply) => {
      const { actor } = await visibleOrder(request, request.params.id);
      return reply.status(201).send(await workOrders.recordPayment(actor, request.params.id, request.body));
    },
  );

  // A company's invoice: asked for now, counted as money when its payment is seen on the bank statement.
  app.post(
    '/api/work-orders/:id/invoices',
    { config: staff, schema: { tags: ['work-orders'], params: workOrderParams, body: issueInvoiceBody, response: created } },
    async (request, reply) => {
      const { actor } = await visibleOrder(request, request.params.id);
      return reply.status(201).send(await workOrders.issueInvoice(actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/work-orders/:id/invoices/:invoiceId/paid',
    { config: staff, schema: { tags: ['work-orders'], params: invoiceParams, response: answers } },
    async (request) => {
      const { actor } = await visibleOrder(request, request.params.id);
      return workOrders.settleInvoice(actor, request.params.id, request.params.invoiceId);
    },
  );

  app.post(
    '/api/work-orders/:id/invoices/:invoiceId/cancel',
    { config: staff, schema: { tags: ['work-orders'], params: invoiceParams, response: answers } },
    async (request) => {
      const { actor } = await visibleOrder(request, request.params.id);
      return workOrders.cancelInvoice(actor, request.params.id, request.params.invoiceId);
    },
  );

  app.post(
    '/api/work-orders/:id/refunds',
    { config: staff, schema: { tags: ['work-orders'], params: workOrderParams, body: refundBody, response: created } },
    async (request, reply) => {
      const { actor } = await visibleOrder(request, request.params.id);
      return reply.status(201).send(await workOrders.refund(actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/work-orders/:id/pdf',
    {
      config: staff,
      schema: {
        tags: ['work-orders'],
        params: workOrderParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { doc: { type: 'string', enum: ['order', 'act'] } },
        },
        response: { 200: { content: { 'application/pdf': { schema: { description: 'The document' } } } }, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const actor = { orgId: session.orgId, userId: session.userId };
      const order = await workOrders.load(actor, request.params.id);
      assertOrderVisible(session, order.branchId, request.params.id);
      const found = await catalog.forBranch(session.orgId, order.branchId);
      const timeZone = found?.branch.timeZone ?? 'Europe/Moscow';
      const [org, person] = await Promise.all([
        pool.query<{
          name: string;
          legal_name: string | null;
          inn: string | null;
          ogrn: string | null;
          legal_address: string | null;
          phone: string | null;
        }>('SELECT name, legal_name, inn, ogrn, legal_address, phone FROM organizations WHERE id = $1', [session.orgId]),
        pool.query<{ name: string | null; phone: string | null; car: string | null; plate: string | null }>(
          'SELECT c.name, c.phone, b.car, b.plate FROM rm.bookings b LEFT JOIN rm.clients c ON c.id = b.client_id WHERE b.id = $1',
          [order.bookingId],
        ),
      ]);
      const executor = org.rows[0]!;
      const visit = person.rows[0];
      const kind = request.query.doc ?? 'order';
      // The order is dated the day it was opened, the act the day the work was done (today until then).
      const dated = (kind === 'act' ? order.completedAt : order.openedAt) ?? new Date(now()).toISOString();
      const date = Temporal.Instant.from(dated).toZonedDateTimeISO(timeZone).toPlainDate();
      const vehicle = order.vehicle ? await vault.open<{ vin: string }>(order.clientId, order.vehicle) : null;
      // The printout carries the client's whole number: printing it is a reveal, logged like one.
      if (visit?.phone) {
        await audit.access(actorOf(request), 'phone-reveal', [order.clientId], {
          workOrderId: order.workOrderId,
          document: kind,
        });
      }
      const pdf = await renderWorkOrderPdf(kind, workOrderView(order), {
        executor: {
          name: executor.legal_name ?? executor.name,
          inn: executor.inn,
          ogrn: executor.ogrn,
          address: executor.legal_address,
          phone: executor.phone,
        },
        client: { name: visit?.name ?? null, phone: visit?.phone ?? null },
        car: {
          description: visit?.car ?? null,
          plate: visit?.plate ?? null,
          vin: vehicle?.vin ?? null,
          odometerKm: order.odometerKm ?? null,
        },
        date: `${String(date.day).padStart(2, '0')}.${String(date.month).padStart(2, '0')}.${date.year}`,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${kind === 'act' ? 'act' : 'work-order'}-${order.number}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/work-orders/:id/online-payment',
    { config: staff, schema: { tags: ['work-orders'], params: workOrderParams, body: onlinePaymentBody, response: created } },
    async (request, reply) => {
      const online = workOrders.online;
      if (!online) throw new HttpProblem(409, 'ONLINE_PAYMENTS_OFF', 'Online payment is not configured for this station');
      const { actor } = await visibleOrder(request, request.params.id);
      try {
        return reply.status(201).send(await online.request(actor, request.params.id, request.body.amountKopecks));
      } catch (error) {
        if (error instanceof ProviderUnavailable)
          throw new HttpProblem(503, 'PROVIDER_UNAVAILABLE', 'The payment provider did not answer; try again');
        throw error;
      }
    },
  );

  // ЮKassa's HTTP notifications: a 200 tells it to stop sending; anything else makes it retry for a day.
  const online = workOrders.online;
  if (online) {
    app.post(
      '/webhooks/yookassa/:token',
      {
        config: { public: true },
        logLevel: 'warn',
        schema: {
          hide: true,
          params: providerNotificationParams,
          body: { type: 'object' },
          response: { 200: providerNotificationAnswer, ...errors, 503: errors[400] },
        },
      },
      async (request) => {
        if (!online.tokenMatches(request.params.token)) throw new HttpProblem(404, 'NOT_FOUND', 'Not found');
        if (!online.isAllowedSource(request.ip))
          throw new HttpProblem(403, 'FORBIDDEN', 'Notifications come from the provider only');
        try {
          await online.notified(request.body);
        } catch (error) {
          if (error instanceof ProviderUnavailable)
            throw new HttpProblem(503, 'PROVIDER_UNAVAILABLE', 'The payment provider did not answer');
          throw error;
        }
        return { ok: true };
      },
    );
  }
};
