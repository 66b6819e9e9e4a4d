import { describe, expect, it } from 'vitest';
import { workOrderDecider, type WorkOrderCommand } from '../../../domain/work-order/business-logic.ts';
import type { OrderLine } from '../../../domain/work-order/money.ts';
import {
  awaitedOf,
  evolve,
  initialState,
  type OpenWorkOrder,
  type WorkOrderEvent,
} from '../../../domain/work-order/work-order.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(workOrderDecider);
const id = '00000000-0000-4000-8000-000000000001';
const metadata = { now: '2026-12-07T10:00:00.000Z', userId: 'u1' };

const opened: WorkOrderEvent = {
  type: 'WorkOrderOpened',
  data: {
    workOrderId: id,
    orgId: 'o',
    branchId: 'b',
    bookingId: 'k',
    clientId: 'c',
    number: 31,
    vatMode: 'none',
    vehicle: null,
    odometerKm: null,
    openedBy: 'u1',
    openedAt: metadata.now,
  },
};
// 12 000,00 ₽ of parts, no VAT: the whole order.
const TOTAL = 1_200_000;
const tyres: WorkOrderEvent = {
  type: 'WorkOrderLineAdded',
  data: {
    workOrderId: id,
    line: {
      lineId: 'l1',
      kind: 'part',
      name: 'Шины 205/55 R16, 4 шт.',
      serviceId: null,
      pricing: null,
      article: null,
      manufacturer: null,
      quantityMilli: 4000,
      unitPriceKopecks: 300_000,
      discountPercent: 0,
    } satisfies OrderLine,
    addedBy: 'u1',
    addedAt: metadata.now,
  },
};
const started: WorkOrderEvent = {
  type: 'WorkOrderStarted',
  data: { workOrderId: id, agreed: true, startedBy: 'u1', startedAt: metadata.now },
};
const completed: WorkOrderEvent = {
  type: 'WorkOrderCompleted',
  data: { workOrderId: id, completedBy: 'u1', completedAt: metadata.now },
};
const done = [opened, tyres, started, completed];

const issued = (invoiceId: string, amountKopecks: number, reference: string | null = null): WorkOrderEvent => ({
  type: 'InvoiceIssued',
  data: { workOrderId: id, invoiceId, amountKopecks, reference, issuedBy: 'u1', issuedAt: metadata.now },
});
const cash = (paymentId: string, amountKopecks: number): WorkOrderEvent => ({
  type: 'PaymentRecorded',
  data: {
    workOrderId: id,
    paymentId,
    method: 'cash',
    amountKopecks,
    reference: null,
    recordedBy: 'u1',
    recordedAt: metadata.now,
  },
});
const invoicePaid = (invoiceId: string, amountKopecks: number, reference: string | null = null): WorkOrderEvent => ({
  type: 'PaymentRecorded',
  data: {
    workOrderId: id,
    paymentId: invoiceId,
    method: 'invoice',
    amountKopecks,
    reference,
    recordedBy: 'u1',
    recordedAt: metadata.now,
  },
});
const cancelled = (invoiceId: string): WorkOrderEvent => ({
  type: 'InvoiceCancelled',
  data: { workOrderId: id, invoiceId, cancelledBy: 'u1', cancelledAt: metadata.now },
});
const paidOrder: WorkOrderEvent = { type: 'WorkOrderPaid', data: { workOrderId: id, paidBy: 'u1', paidAt: metadata.now } };

const command = <C extends WorkOrderCommand['type']>(type: C, data: Extract<WorkOrderCommand, { type: C }>['data']) =>
  ({ type, data, metadata }) as WorkOrderCommand;
const issue = (invoiceId: string, amountKopecks: number, reference: string | null = null) =>
  command('IssueInvoice', { workOrderId: id, invoiceId, amountKopecks, reference });
const settle = (invoiceId: string) => command('SettleInvoice', { workOrderId: id, invoiceId });
const withdraw = (invoiceId: string) => command('CancelInvoice', { workOrderId: id, invoiceId });
const stateOf = (events: WorkOrderEvent[]) => events.reduce(evolve, initialState()) as OpenWorkOrder;

describe('An invoice to a company paying by bank transfer', () => {
  it('is money asked for: the order stays done and owes the whole sum', () => {
    spec
      .given(done)
      .when(issue('i1', TOTAL, ' 45 '))
      .then([issued('i1', TOTAL, '45')]);
    const state = stateOf([...done, issued('i1', TOTAL, '45')]);
    expect(state.status).toBe('Done');
    expect(state.payments).toEqual([]);
    expect(awaitedOf(state)).toBe(TOTAL);
  });

  it('asks at most for what is due and not invoiced yet', () => {
    spec
      .given([...done, cash('p1', 200_000)])
      .when(issue('i1', TOTAL - 200_000 + 1))
      .thenThrows('OVER_DUE');
    spec
      .given([...done, issued('i1', 700_000)])
      .when(issue('i2', 500_001))
      .thenThrows('OVER_DUE');
    spec
      .given([...done, issued('i1', 700_000)])
      .when(issue('i2', 500_000))
      .then([issued('i2', 500_000)]);
    // A cancelled invoice asks for nothing any more.
    spec
      .given([...done, issued('i1', 700_000), cancelled('i1')])
      .when(issue('i2', TOTAL))
      .then([issued('i2', TOTAL)]);
  });

  it('issues once under its id, and refuses the id for another sum or a payment', () => {
    spec
      .given([...done, issued('i1', 700_000)])
      .when(issue('i1', 700_000))
      .then([]);
    spec
      .given([...done, issued('i1', 700_000)])
      .when(issue('i1', 800_000))
      .thenThrows('IDEMPOTENCY_KEY_REUSED');
    spec
      .given([...done, cash('p1', 100)])
      .when(issue('p1', 100))
      .thenThrows('IDEMPOTENCY_KEY_REUSED');
    spec
      .given([...done, issued('i1', 700_000)])
      .when(
        command('RecordPayment', { workOrderId: id, paymentId: 'i1', method: 'cash', amountKopecks: 700_000, reference: null }),
      )
      .thenThrows('IDEMPOTENCY_KEY_REUSED');
  });

  it('is refused on a paid order and for a sum out of range', () => {
    spec
      .given([...done, cash('p1', TOTAL), paidOrder])
      .when(issue('i1', 100))
      .thenThrows('ILLEGAL_TRANSITION');
    spec.given(done).when(issue('i1', 0)).thenThrows('VALIDATION');
    spec.given(done).when(issue('i1', 10.5)).thenThrows('VALIDATION');
  });

  it('counts as money when it comes in: a payment of its sum under its id, settling the order', () => {
    spec
      .given([...done, issued('i1', TOTAL, '45')])
      .when(settle('i1'))
      .then([invoicePaid('i1', TOTAL, '45'), paidOrder]);
    const state = stateOf([...done, issued('i1', TOTAL, '45'), invoicePaid('i1', TOTAL, '45'), paidOrder]);
    expect(state.invoices?.[0]?.status).toBe('paid');
    expect(awaitedOf(state)).toBe(0);
  });

  it('books a part invoice without settling, and its money once', () => {
    spec
      .given([...done, issued('i1', 700_000)])
      .when(settle('i1'))
      .then([invoicePaid('i1', 700_000)]);
    spec
      .given([...done, issued('i1', 700_000), invoicePaid('i1', 700_000)])
      .when(settle('i1'))
      .then([]);
  });

  it('books money that came in after the order was paid otherwise: it shows overpaid, to refund', () => {
    spec
      .given([...done, issued('i1', TOTAL), cash('p1', TOTAL), paidOrder])
      .when(settle('i1'))
      .then([invoicePaid('i1', TOTAL)]);
  });

  it('is withdrawn while awaited, and not paid afterwards; a paid one is refunded instead', () => {
    spec
      .given([...done, issued('i1', TOTAL)])
      .when(withdraw('i1'))
      .then([cancelled('i1')]);
    spec
      .given([...done, issued('i1', TOTAL), cancelled('i1')])
      .when(withdraw('i1'))
      .then([]);
    spec
      .given([...done, issued('i1', TOTAL), cancelled('i1')])
      .when(settle('i1'))
      .thenThrows('ILLEGAL_TRANSITION');
    spec
      .given([...done, issued('i1', TOTAL), invoicePaid('i1', TOTAL), paidOrder])
      .when(withdraw('i1'))
      .thenThrows('ILLEGAL_TRANSITION');
  });

  it('keeps a paid order open while its invoice still awaits: withdrawn or its money booked, then it closes', () => {
    const paidInCash = [...done, issued('i1', TOTAL), cash('p1', TOTAL), paidOrder];
    spec
      .given(paidInCash)
      .when(command('CloseWorkOrder', { workOrderId: id }))
      .thenThrows('INVOICE_AWAITED');
    spec
      .given([...paidInCash, cancelled('i1')])
      .when(command('CloseWorkOrder', { workOrderId: id }))
      .then([{ type: 'WorkOrderClosed', data: { workOrderId: id, closedBy: 'u1', closedAt: metadata.now } }]);
  });

  it('refuses the id of a payment link still waiting for the provider', () => {
    const link: WorkOrderEvent = {
      type: 'OnlinePaymentRequested',
      data: {
        workOrderId: id,
        paymentId: 'p9',
        providerPaymentId: 'yk-1',
        amountKopecks: 5000,
        confirmationUrl: 'https://pay.example/1',
        requestedBy: 'u1',
        requestedAt: metadata.now,
      },
    };
    spec
      .given([...done, link])
      .when(issue('p9', 5000))
      .thenThrows('IDEMPOTENCY_KEY_REUSED');
  });

  it('is not found under an unknown id', () => {
    spec.given(done).when(settle('nope')).thenThrows('NOT_FOUND');
    spec.given(done).when(withdraw('nope')).thenThrows('NOT_FOUND');
  });

  it('keeps cash from paying what an awaited invoice asks for: the rest is taken', () => {
    const pay = (amountKopecks: number) =>
      command('RecordPayment', { workOrderId: id, paymentId: 'p1', method: 'cash', amountKopecks, reference: null });
    spec
      .given([...done, issued('i1', 700_000)])
      .when(pay(500_001))
      .thenThrows('INVOICE_AWAITED');
    spec
      .given([...done, issued('i1', 700_000)])
      .when(pay(500_000))
      .then([cash('p1', 500_000)]);
  });

  it('keeps a line from going while the invoices would ask for more than the order would cost', () => {
    spec
      .given([opened, tyres, issued('i1', 100)])
      .when(command('RemoveLine', { workOrderId: id, lineId: 'l1' }))
      .thenThrows('INVOICE_AWAITED');
  });

  it('stays paid when an overpayment is given back, so it can be closed', () => {
    const overpaid = [...done, issued('i1', TOTAL), cash('p1', TOTAL), paidOrder, invoicePaid('i1', TOTAL)];
    const refunded: WorkOrderEvent = {
      type: 'PaymentRefunded',
      data: {
        workOrderId: id,
        refundId: 'r1',
        paymentId: 'p1',
        amountKopecks: TOTAL,
        refundedBy: 'u1',
        refundedAt: metadata.now,
      },
    };
    spec
      .given(overpaid)
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: TOTAL, lowersPrice: false }),
      )
      .then([refunded, paidOrder]);
    expect(stateOf([...overpaid, refunded, paidOrder]).status).toBe('Paid');
    // A refund that leaves money owed still reopens the debt.
    spec
      .given([...done, cash('p1', TOTAL), paidOrder])
      .when(
        command('RefundPayment', { workOrderId: id, refundId: 'r1', paymentId: 'p1', amountKopecks: TOTAL, lowersPrice: false }),
      )
      .then([refunded]);
  });
});
