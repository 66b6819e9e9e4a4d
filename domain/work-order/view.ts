import { amountOf, totalsOf } from './money.ts';
import { paidOf, type OpenWorkOrder } from './work-order.ts';
import { dueOf } from './business-logic.ts';

/**
 * A work order as every channel shows it: its lines with their sums, the totals and what is due.
 * `notes` are the findings' notes opened with the client's key (by finding id); a finding without
 * one there shows none (no note, the client erased, or a view that does not need them).
 */
export const workOrderView = (order: OpenWorkOrder, notes: ReadonlyMap<string, string> = new Map()) => ({
  id: order.workOrderId,
  bookingId: order.bookingId,
  branchId: order.branchId,
  number: order.number,
  revision: order.revision ?? 0,
  status: order.status,
  vatMode: order.vatMode,
  agreedTotalKopecks: order.agreedTotalKopecks,
  odometerKm: order.odometerKm ?? null,
  lines: order.lines.map((line) => ({ ...line, amountKopecks: amountOf(line) })),
  totals: { ...totalsOf(order.lines, order.vatMode, order.priceLoweredKopecks), paid: paidOf(order), due: dueOf(order) },
  payments: order.payments.map(({ paymentId, method, amountKopecks, refundedKopecks }) => ({
    paymentId,
    method,
    amountKopecks,
    refundedKopecks,
  })),
  /** Once the order is agreed, lines the client has not agreed to yet (additional works awaiting consent). */
  unconsentedLineIds:
    order.status === 'Draft'
      ? []
      : order.lines.filter((line) => !(order.consentedLineIds ?? []).includes(line.lineId)).map((line) => line.lineId),
  findings: (order.findings ?? []).map(({ findingId, photoIds, addedAt }) => ({
    findingId,
    note: notes.get(findingId) ?? null,
    photoIds,
    addedAt,
  })),
  approvals: (order.approvals ?? []).map(({ requestId, scope, lineIds, findingIds, totalKopecks, requestedAt, decision }) => ({
    requestId,
    scope,
    lineIds,
    // Absent in approvals folded before findings went with them.
    findingIds: findingIds ?? [],
    totalKopecks,
    requestedAt,
    decision,
  })),
  declined: (order.declined ?? []).map((line) => ({ ...line, amountKopecks: amountOf(line) })),
  /** Invoices issued, each awaited, paid or cancelled. */
  invoices: (order.invoices ?? []).map(({ invoiceId, amountKopecks, reference, issuedAt, status }) => ({
    invoiceId,
    amountKopecks,
    reference,
    issuedAt,
    status,
  })),
  /** Payment links sent and not paid yet. */
  pendingOnline: order.pendingOnline.map(({ paymentId, amountKopecks, confirmationUrl }) => ({
    paymentId,
    amountKopecks,
    confirmationUrl,
  })),
});

export type WorkOrderView = ReturnType<typeof workOrderView>;
