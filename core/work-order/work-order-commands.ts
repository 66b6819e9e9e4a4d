import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { workOrderDecider } from '../../domain/work-order/business-logic.ts';
import {
  workOrderStreamName,
  type PaymentMethod,
  type WorkOrderEvent,
  type WorkOrderStatus,
} from '../../domain/work-order/work-order.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../shared/actor.ts';
import type { Vault } from '../vault/vault.ts';
import type { Yookassa } from '../payments/yookassa.ts';
import { createOnlinePayments } from './online-payments.ts';
import { createOpenWorkOrder } from './open-work-order.ts';
import { createLoadOrder, createOrderCommand } from './order-stream.ts';
import { createOrderView } from './order-view.ts';
import { workOrderIdFor } from './work-order-id.ts';
import { catalogueWorkLine, createPricing } from './pricing.ts';

/** A quantity as people type it (1.5 l, 0.75 h) in exact thousandths; more decimals are refused. */
export const quantityMilliOf = (quantity: number, field = 'quantity'): number => {
  const milli = Math.round(quantity * 1000);
  if (!Number.isFinite(quantity) || Math.abs(milli - quantity * 1000) > 1e-6) {
    throw new DomainError('VALIDATION', `${field} has at most three decimals`, { field });
  }
  return milli;
};

export type WorkInput = { serviceId: string; quantity?: number; discountPercent?: number };
export type PartInput = {
  name: string;
  article?: string;
  manufacturer?: string;
  quantity: number;
  unitPriceKopecks: number;
  discountPercent?: number;
};
export type PaymentInput = {
  paymentId?: string;
  method: Exclude<PaymentMethod, 'online'>;
  amountKopecks: number;
  reference?: string;
};
export type InvoiceInput = { invoiceId?: string; amountKopecks: number; reference?: string };
export type RefundInput = { refundId?: string; paymentId: string; amountKopecks: number; lowersPrice?: boolean };
export type MoveInput = { status: Exclude<WorkOrderStatus, 'Draft' | 'Paid'>; expectedTotalKopecks?: number };

/**
 * The work order service every channel calls: one stream per visit, load → decide → append through
 * handle(); prices come from the catalogue here, the rules are domain/work-order's.
 */
export const createWorkOrderCommands = (deps: {
  store: EventStore;
  vault: Vault;
  pool: Pool;
  now: () => number;
  /** Online payment links; null when ЮKassa is not configured. */
  yookassa: Yookassa | null;
}) => {
  const pricing = createPricing(deps.pool);
  const onOrder = createOrderCommand(deps);
  return {
    open: createOpenWorkOrder({ ...deps, pricing }),
    load: createLoadOrder(deps.store),
    /** An order as staff see it, its findings' notes opened. */
    view: createOrderView(deps.vault),
    /**
     * The visit's work order as its stream holds it now (a read right after a change sees the
     * change, which the read model may not have yet), and whether work began before the client
     * agreed; null when the visit has none.
     */
    ofBooking: async (actor: Actor, bookingId: string) => {
      requireId(bookingId, 'bookingId');
      const { events } = await deps.store.readStream(workOrderStreamName(workOrderIdFor(bookingId)));
      const state = aggregate(workOrderDecider, events as WorkOrderEvent[]);
      if (state.status === 'Empty' || state.orgId !== actor.orgId) return null;
      const startedUnagreed = events.some((event) => event.type === 'WorkOrderStarted' && !event.data.agreed);
      return { state, startedUnagreed };
    },
    online: deps.yookassa ? createOnlinePayments({ ...deps, yookassa: deps.yookassa, onOrder }) : null,

    addWork: (actor: Actor, workOrderId: string, input: WorkInput) =>
      onOrder(actor, workOrderId, async (order) => {
        requireId(input.serviceId, 'serviceId');
        const price = await pricing.workPrice(actor.orgId, order.branchId, input.serviceId);
        const line = catalogueWorkLine(price, input.serviceId, {
          ...(input.quantity === undefined ? {} : { quantityMilli: quantityMilliOf(input.quantity) }),
          discountPercent: input.discountPercent ?? 0,
        });
        return { type: 'AddLine', data: { workOrderId, line } };
      }),

    addPart: (actor: Actor, workOrderId: string, input: PartInput) =>
      onOrder(actor, workOrderId, () => ({
        type: 'AddLine',
        data: {
          workOrderId,
          line: {
            lineId: randomUUID(),
            kind: 'part',
            name: input.name,
            serviceId: null,
            pricing: null,
            article: input.article ?? null,
            manufacturer: input.manufacturer ?? null,
            quantityMilli: quantityMilliOf(input.quantity),
            unitPriceKopecks: input.unitPriceKopecks,
            discountPercent: input.discountPercent ?? 0,
          },
        },
      })),

    recordOdometer: (actor: Actor, workOrderId: string, odometerKm: number) =>
      onOrder(actor, workOrderId, () => ({ type: 'RecordOdometer', data: { workOrderId, odometerKm } })),

    removeLine: (actor: Actor, workOrderId: string, lineId: string) =>
      onOrder(actor, workOrderId, () => ({ type: 'RemoveLine', data: { workOrderId, lineId } })),

    move: (actor: Actor, workOrderId: string, input: MoveInput) =>
      onOrder(
        actor,
        workOrderId,
        () => {
          switch (input.status) {
            case 'Agreed':
              if (input.expectedTotalKopecks === undefined) {
                throw new DomainError('VALIDATION', 'Say the total the client agreed to', { field: 'expectedTotalKopecks' });
              }
              return { type: 'AgreeWorkOrder', data: { workOrderId, expectedTotalKopecks: input.expectedTotalKopecks } };
            case 'InWork':
              return { type: 'StartWork', data: { workOrderId } };
            case 'Done':
              return { type: 'CompleteWork', data: { workOrderId } };
            case 'Closed':
              return { type: 'CloseWorkOrder', data: { workOrderId } };
          }
        },
        // The board shows the car where the work is: started work is «В работе», finished «Выполнено».
        input.status === 'InWork' ? 'InProgress' : input.status === 'Done' ? 'Done' : undefined,
      ),

    recordPayment: (actor: Actor, workOrderId: string, input: PaymentInput) =>
      onOrder(actor, workOrderId, () => ({
        type: 'RecordPayment',
        data: {
          workOrderId,
          paymentId: input.paymentId ?? randomUUID(),
          method: input.method,
          amountKopecks: input.amountKopecks,
          reference: input.reference ?? null,
        },
      })),

    issueInvoice: (actor: Actor, workOrderId: string, input: InvoiceInput) =>
      onOrder(actor, workOrderId, () => ({
        type: 'IssueInvoice',
        data: {
          workOrderId,
          invoiceId: input.invoiceId ?? randomUUID(),
          amountKopecks: input.amountKopecks,
          reference: input.reference ?? null,
        },
      })),

    settleInvoice: (actor: Actor, workOrderId: string, invoiceId: string) =>
      onOrder(actor, workOrderId, () => ({ type: 'SettleInvoice', data: { workOrderId, invoiceId } })),

    cancelInvoice: (actor: Actor, workOrderId: string, invoiceId: string) =>
      onOrder(actor, workOrderId, () => ({ type: 'CancelInvoice', data: { workOrderId, invoiceId } })),

    refund: (actor: Actor, workOrderId: string, input: RefundInput) =>
      onOrder(actor, workOrderId, () => ({
        type: 'RefundPayment',
        data: {
          workOrderId,
          refundId: input.refundId ?? randomUUID(),
          paymentId: input.paymentId,
          amountKopecks: input.amountKopecks,
          lowersPrice: input.lowersPrice ?? false,
        },
      })),
  };
};

export type WorkOrderCommands = ReturnType<typeof createWorkOrderCommands>;
