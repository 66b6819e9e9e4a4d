import type { Decider } from '../shared/decider.ts';
import { DomainError } from '../shared/errors.ts';
import { requireSingleLine } from '../shared/input-rules.ts';
import type { Sealed } from '../shared/sealed.ts';
import { lineLimits, totalsOf, type OrderLine, type VatMode } from './money.ts';
import {
  awaitedOf,
  evolve,
  initialState,
  paidOf,
  REFERENCE_MAX_LENGTH,
  type ApprovalEvidence,
  type OpenWorkOrder,
  type PaymentMethod,
  type WorkOrder,
  type WorkOrderEvent,
  type WorkOrderStatus,
} from './work-order.ts';

// ───────────────────────────── Commands ─────────────────────────────

type Meta = { metadata: { now: string; userId: string | null } };

export type OpenOrder = Meta & {
  type: 'OpenWorkOrder';
  data: {
    workOrderId: string;
    orgId: string;
    branchId: string;
    bookingId: string;
    clientId: string;
    number: number;
    vatMode: VatMode;
    vehicle: Sealed | null;
    odometerKm: number | null;
  };
};
export type RecordOdometer = Meta & { type: 'RecordOdometer'; data: { workOrderId: string; odometerKm: number } };
export type AddLine = Meta & { type: 'AddLine'; data: { workOrderId: string; line: OrderLine } };
export type RemoveLine = Meta & { type: 'RemoveLine'; data: { workOrderId: string; lineId: string } };
/** `expectedTotalKopecks` is the total the client was shown: agreeing to another one is refused. */
export type AgreeWorkOrder = Meta & { type: 'AgreeWorkOrder'; data: { workOrderId: string; expectedTotalKopecks: number } };
export type StartWork = Meta & { type: 'StartWork'; data: { workOrderId: string } };
export type CompleteWork = Meta & { type: 'CompleteWork'; data: { workOrderId: string } };
export type CloseWorkOrder = Meta & { type: 'CloseWorkOrder'; data: { workOrderId: string } };
export type RecordPayment = Meta & {
  type: 'RecordPayment';
  data: { workOrderId: string; paymentId: string; method: PaymentMethod; amountKopecks: number; reference: string | null };
};
export type RefundPayment = Meta & {
  type: 'RefundPayment';
  /** `lowersPrice`: the refund lowers the order's price by as much (a discount after payment, a part taken back) rather than leave it owed. */
  data: { workOrderId: string; refundId: string; paymentId: string; amountKopecks: number; lowersPrice: boolean };
};
export type RequestOnlinePayment = Meta & {
  type: 'RequestOnlinePayment';
  data: { workOrderId: string; paymentId: string; providerPaymentId: string; amountKopecks: number; confirmationUrl: string };
};
/** The provider says an online payment succeeded (its state re-read from the provider, never the notice's word). */
export type ConfirmOnlinePayment = Meta & {
  type: 'ConfirmOnlinePayment';
  data: { workOrderId: string; providerPaymentId: string; amountKopecks: number };
};
/** `reference`: the invoice's number from the station's accounting, if typed. */
export type IssueInvoice = Meta & {
  type: 'IssueInvoice';
  data: { workOrderId: string; invoiceId: string; amountKopecks: number; reference: string | null };
};
/** The desk saw the invoice's money on the bank statement. */
export type SettleInvoice = Meta & { type: 'SettleInvoice'; data: { workOrderId: string; invoiceId: string } };
export type CancelInvoice = Meta & { type: 'CancelInvoice'; data: { workOrderId: string; invoiceId: string } };

export type AddFinding = Meta & {
  type: 'AddFinding';
  data: { workOrderId: string; findingId: string; note: Sealed | null; photoIds: string[] };
};
/** `lineIds: null` asks for the whole estimate; otherwise the additional works to agree to. */
export type RequestApproval = Meta & {
  type: 'RequestApproval';
  data: { workOrderId: string; requestId: string; lineIds: string[] | null; findingIds: string[] };
};
/** The client's tap on «Согласовать» / «Отказаться»; `clientId` is whom the messenger chat is linked to. */
export type DecideApproval = Meta & {
  type: 'DecideApproval';
  data: { workOrderId: string; requestId: string; approve: boolean; clientId: string; evidence: ApprovalEvidence };
};

export type WorkOrderCommand =
  | AddFinding
  | RequestApproval
  | DecideApproval
  | OpenOrder
  | AddLine
  | RemoveLine
  | AgreeWorkOrder
  | StartWork
  | CompleteWork
  | CloseWorkOrder
  | RecordPayment
  | IssueInvoice
  | SettleInvoice
  | CancelInvoice
  | RefundPayment
  | RequestOnlinePayment
  | ConfirmOnlinePayment
  | RecordOdometer;

// ───────────────────────────── Rules ─────────────────────────────

const opened = (state: WorkOrder, workOrderId: string): OpenWorkOrder => {
  if (state.status === 'Empty') throw new DomainError('NOT_FOUND', 'Work order not found', { workOrderId });
  return state;
};

const illegal = (from: WorkOrderStatus, action: string) =>
  new DomainError('ILLEGAL_TRANSITION', `A work order in ${from} cannot ${action}`, { from, action });

/** Lines change until the work is done: in work, found faults add works and parts. */
const editable = (order: OpenWorkOrder) => {
  if (!['Draft', 'Agreed', 'InWork'].includes(order.status)) throw illegal(order.status, 'change its lines');
};

const wholeIn = (value: number, field: string, min: number, max: number) => {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError('VALIDATION', `${field} must be a whole number from ${min} to ${max}`, { field, min, max });
  }
};

const totalOf = (order: OpenWorkOrder) => totalsOf(order.lines, order.vatMode, order.priceLoweredKopecks).total;

/** What is still to pay; negative when more came in than the order now costs. */
export const dueOf = (order: OpenWorkOrder): number => totalOf(order) - paidOf(order);

const checkLine = (line: OrderLine): OrderLine => {
  const name = requireSingleLine(line.name, 'name', 200, { required: true });
  const article = line.article === null ? null : requireSingleLine(line.article, 'article', 60) || null;
  const manufacturer = line.manufacturer === null ? null : requireSingleLine(line.manufacturer, 'manufacturer', 100) || null;
  // Kept in thousandths, said in the units people type (1.5 l): «from 1 to 1000000» would mislead.
  if (!Number.isInteger(line.quantityMilli) || line.quantityMilli < 1 || line.quantityMilli > lineLimits.maxQuantityMilli) {
    const max = lineLimits.maxQuantityMilli / 1000;
    throw new DomainError('VALIDATION', `quantity must be from 0.001 to ${max}`, { field: 'quantity', min: 0.001, max });
  }
  wholeIn(line.unitPriceKopecks, 'unitPrice', 0, lineLimits.maxUnitPriceKopecks);
  wholeIn(line.discountPercent, 'discountPercent', 0, 100);
  if (line.kind === 'work' && (line.serviceId === null || line.pricing === null)) {
    throw new DomainError('VALIDATION', 'A work comes from the service catalogue', { field: 'serviceId' });
  }
  return { ...line, name, article, manufacturer };
};

/** A settled order that is done becomes paid in the same append as what settled it. */
const settles = (order: OpenWorkOrder, events: WorkOrderEvent[], by: string | null, at: string): WorkOrderEvent[] => {
  const after = events.reduce(evolve, order) as OpenWorkOrder;
  return after.status === 'Done' && dueOf(after) <= 0
    ? [...events, { type: 'WorkOrderPaid', data: { workOrderId: order.workOrderId, paidBy: by, paidAt: at } }]
    : events;
};

// ───────────────────────────── Decisions ─────────────────────────────

const openWorkOrder = ({ data, metadata }: OpenOrder, state: WorkOrder): WorkOrderEvent[] => {
  if (state.status !== 'Empty') return [];
  if (data.odometerKm !== null) wholeIn(data.odometerKm, 'odometerKm', 0, 9_999_999);
  return [{ type: 'WorkOrderOpened', data: { ...data, openedBy: metadata.userId, openedAt: metadata.now } }];
};

/** Read until the order is closed; the same reading again changes nothing. */
const recordOdometer = ({ data, metadata }: RecordOdometer, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.status === 'Closed') throw illegal(order.status, 'take an odometer reading');
  wholeIn(data.odometerKm, 'odometerKm', 0, 9_999_999);
  if (order.odometerKm === data.odometerKm) return [];
  return [
    {
      type: 'WorkOrderOdometerRecorded',
      data: { workOrderId: data.workOrderId, odometerKm: data.odometerKm, recordedBy: metadata.userId, recordedAt: metadata.now },
    },
  ];
};

const addLine = ({ data, metadata }: AddLine, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  editable(order);
  if (order.lines.some((line) => line.lineId === data.line.lineId)) return [];
  if (order.lines.length >= lineLimits.maxLines) {
    throw new DomainError('VALIDATION', `A work order holds at most ${lineLimits.maxLines} lines`, { field: 'lines' });
  }
  const line = checkLine(data.line);
  return [
    {
      type: 'WorkOrderLineAdded',
      data: { workOrderId: data.workOrderId, line, addedBy: metadata.userId, addedAt: metadata.now },
    },
  ];
};

const removeLine = ({ data, metadata }: RemoveLine, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  editable(order);
  const line = order.lines.find((candidate) => candidate.lineId === data.lineId);
  if (!line) throw new DomainError('NOT_FOUND', 'Line not found', { lineId: data.lineId });
  const after = { ...order, lines: order.lines.filter((candidate) => candidate !== line) };
  if (totalOf(after) < paidOf(order)) {
    throw new DomainError('TOTAL_MISMATCH', 'The order would cost less than was already paid: refund first', {
      paidKopecks: paidOf(order),
    });
  }
  // Invoices already sent ask for what the order costs now: they would ask for more than it would.
  if (totalOf(after) < paidOf(order) + awaitedOf(order))
    throw invoiceAwaited('The order would cost less than its invoices ask for');
  return [
    {
      type: 'WorkOrderLineRemoved',
      data: { workOrderId: data.workOrderId, lineId: data.lineId, removedBy: metadata.userId, removedAt: metadata.now },
    },
  ];
};

const agree = ({ data, metadata }: AgreeWorkOrder, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.status === 'Agreed' && order.agreedTotalKopecks === data.expectedTotalKopecks) return [];
  if (order.status !== 'Draft' && order.status !== 'Agreed') throw illegal(order.status, 'be agreed');
  if (order.lines.length === 0) throw new DomainError('VALIDATION', 'An empty work order cannot be agreed', { field: 'lines' });
  const total = totalOf(order);
  if (total !== data.expectedTotalKopecks) {
    throw new DomainError('TOTAL_MISMATCH', 'The total does not add up to the lines of the order', {
      expectedTotalKopecks: data.expectedTotalKopecks,
      totalKopecks: total,
    });
  }
  return [
    {
      type: 'WorkOrderAgreed',
      data: { workOrderId: data.workOrderId, totalKopecks: total, agreedBy: metadata.userId, agreedAt: metadata.now },
    },
  ];
};

const start = ({ data, metadata }: StartWork, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.status === 'InWork') return [];
  if (order.status !== 'Draft' && order.status !== 'Agreed') throw illegal(order.status, 'start');
  return [
    {
      type: 'WorkOrderStarted',
      data: {
        workOrderId: data.workOrderId,
        agreed: order.status === 'Agreed',
        startedBy: metadata.userId,
        startedAt: metadata.now,
      },
    },
  ];
};

const complete = ({ data, metadata }: CompleteWork, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.status === 'Done' || order.status === 'Paid') return [];
  if (order.status !== 'InWork') throw illegal(order.status, 'be completed');
  return settles(
    order,
    [
      {
        type: 'WorkOrderCompleted',
        data: { workOrderId: data.workOrderId, completedBy: metadata.userId, completedAt: metadata.now },
      },
    ],
    metadata.userId,
    metadata.now,
  );
};

const close = ({ data, metadata }: CloseWorkOrder, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.status === 'Closed') return [];
  if (order.status !== 'Paid') throw illegal(order.status, 'be closed');
  // Paid otherwise while an invoice still waits: the desk withdraws it, or books its money to refund.
  if (awaitedOf(order) > 0) {
    throw invoiceAwaited('An invoice of this order still awaits its money');
  }
  return [
    { type: 'WorkOrderClosed', data: { workOrderId: data.workOrderId, closedBy: metadata.userId, closedAt: metadata.now } },
  ];
};

/** A repeat of a payment or refund under its id books nothing; another one under the same id is a mistake, said as such. */
const reusedWords = { paymentId: 'payment', refundId: 'refund', invoiceId: 'payment or invoice' } as const;
const reusedId = (field: keyof typeof reusedWords, id: string) =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', `This ${field} was already used for another ${reusedWords[field]}`, {
    field,
    [field]: id,
  });

const invoiceAwaited = (what: string) =>
  new DomainError('INVOICE_AWAITED', `${what}: mark the invoice's money in or cancel the invoice first`);

const acceptsMoney = (order: OpenWorkOrder) => {
  if (order.status === 'Paid' || order.status === 'Closed') throw illegal(order.status, 'take a payment');
};

const recordPayment = ({ data, metadata }: RecordPayment, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const earlier = order.payments.find((payment) => payment.paymentId === data.paymentId);
  if (earlier) {
    if (earlier.method !== data.method || earlier.amountKopecks !== data.amountKopecks)
      throw reusedId('paymentId', data.paymentId);
    return [];
  }
  // An invoice's id is its payment's when the money comes: another payment under it would take its place.
  if (order.invoices?.some((invoice) => invoice.invoiceId === data.paymentId)) throw reusedId('paymentId', data.paymentId);
  acceptsMoney(order);
  wholeIn(data.amountKopecks, 'amount', 1, lineLimits.maxUnitPriceKopecks);
  const due = dueOf(order);
  if (data.amountKopecks > due) {
    throw new DomainError('OVER_DUE', 'The payment is more than is due', { dueKopecks: Math.max(due, 0) });
  }
  // Cash for a sum an awaited invoice asks for would be paid twice once the transfer comes.
  if (data.amountKopecks > due - awaitedOf(order)) throw invoiceAwaited('Part of this sum is asked for by an awaited invoice');
  const reference = data.reference === null ? null : requireSingleLine(data.reference, 'reference', REFERENCE_MAX_LENGTH) || null;
  return settles(
    order,
    [{ type: 'PaymentRecorded', data: { ...data, reference, recordedBy: metadata.userId, recordedAt: metadata.now } }],
    metadata.userId,
    metadata.now,
  );
};

const refund = ({ data, metadata }: RefundPayment, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const earlier = order.refunds?.find((candidate) => candidate.refundId === data.refundId);
  if (earlier && (earlier.paymentId !== data.paymentId || earlier.amountKopecks !== data.amountKopecks)) {
    throw reusedId('refundId', data.refundId);
  }
  if (order.refundIds.includes(data.refundId)) return [];
  if (order.status === 'Closed') throw illegal(order.status, 'refund');
  const payment = order.payments.find((candidate) => candidate.paymentId === data.paymentId);
  if (!payment) throw new DomainError('NOT_FOUND', 'Payment not found', { paymentId: data.paymentId });
  wholeIn(data.amountKopecks, 'amount', 1, lineLimits.maxUnitPriceKopecks);
  const refundable = payment.amountKopecks - payment.refundedKopecks;
  if (data.amountKopecks > refundable) {
    throw new DomainError('OVER_DUE', 'The refund is more than was paid', { refundableKopecks: refundable });
  }
  const { lowersPrice, ...refunded } = data;
  const events: WorkOrderEvent[] = [
    { type: 'PaymentRefunded', data: { ...refunded, refundedBy: metadata.userId, refundedAt: metadata.now } },
  ];
  // An overpayment given back leaves the order settled: it stays paid, and can be closed.
  if (!lowersPrice) return settles(order, events, metadata.userId, metadata.now);
  // A discount after payment is of finished work; before that the lines themselves are changed.
  if (order.status !== 'Done' && order.status !== 'Paid') {
    throw new DomainError('VALIDATION', 'The price is lowered only once the work is done; change the lines before that', {
      field: 'lowersPrice',
    });
  }
  if (data.amountKopecks > totalOf(order)) {
    throw new DomainError('VALIDATION', 'The price cannot be lowered below zero', { field: 'lowersPrice' });
  }
  events.push({
    type: 'WorkOrderPriceLowered',
    data: {
      workOrderId: data.workOrderId,
      refundId: data.refundId,
      amountKopecks: data.amountKopecks,
      loweredBy: metadata.userId,
      loweredAt: metadata.now,
    },
  });
  // Still settled after a lower price: a paid order stays paid.
  return settles(order, events, metadata.userId, metadata.now);
};

const requestOnline = ({ data, metadata }: RequestOnlinePayment, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  acceptsMoney(order);
  wholeIn(data.amountKopecks, 'amount', 1, lineLimits.maxUnitPriceKopecks);
  if (data.amountKopecks > dueOf(order)) {
    throw new DomainError('OVER_DUE', 'The payment is more than is due', { dueKopecks: Math.max(dueOf(order), 0) });
  }
  return [{ type: 'OnlinePaymentRequested', data: { ...data, requestedBy: metadata.userId, requestedAt: metadata.now } }];
};

/**
 * Money the provider took is recorded even when a cash payment settled the order meanwhile (it is
 * on the station's account: the order then shows it overpaid, to refund); a payment we never asked
 * for, or one already recorded, books nothing.
 */
const confirmOnline = ({ data, metadata }: ConfirmOnlinePayment, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const pending = order.pendingOnline.find((candidate) => candidate.providerPaymentId === data.providerPaymentId);
  if (!pending) return [];
  if (pending.amountKopecks !== data.amountKopecks) {
    throw new DomainError('TOTAL_MISMATCH', 'The provider confirmed another amount than was asked', {
      expectedKopecks: pending.amountKopecks,
    });
  }
  const events: WorkOrderEvent[] = [
    {
      type: 'PaymentRecorded',
      data: {
        workOrderId: data.workOrderId,
        paymentId: pending.paymentId,
        method: 'online',
        amountKopecks: pending.amountKopecks,
        reference: pending.providerPaymentId,
        recordedBy: metadata.userId,
        recordedAt: metadata.now,
      },
    },
  ];
  return order.status === 'Paid' || order.status === 'Closed' ? events : settles(order, events, metadata.userId, metadata.now);
};

const invoiceOf = (order: OpenWorkOrder, invoiceId: string) => {
  const invoice = order.invoices?.find((candidate) => candidate.invoiceId === invoiceId);
  if (!invoice) throw new DomainError('NOT_FOUND', 'Invoice not found', { invoiceId });
  return invoice;
};

/**
 * An invoice asks for at most what is due and not asked for by another invoice still awaited, so
 * one sum is never invoiced twice; the same invoice again books nothing.
 */
const issueInvoice = ({ data, metadata }: IssueInvoice, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const earlier = order.invoices?.find((invoice) => invoice.invoiceId === data.invoiceId);
  if (earlier) {
    if (earlier.amountKopecks !== data.amountKopecks) throw reusedId('invoiceId', data.invoiceId);
    return [];
  }
  const taken = [...order.payments, ...order.pendingOnline].some((payment) => payment.paymentId === data.invoiceId);
  if (taken) throw reusedId('invoiceId', data.invoiceId);
  acceptsMoney(order);
  wholeIn(data.amountKopecks, 'amount', 1, lineLimits.maxUnitPriceKopecks);
  const open = dueOf(order) - awaitedOf(order);
  if (data.amountKopecks > open) {
    throw new DomainError('OVER_DUE', 'The invoice is more than is due and not invoiced yet', { dueKopecks: Math.max(open, 0) });
  }
  const reference = data.reference === null ? null : requireSingleLine(data.reference, 'reference', REFERENCE_MAX_LENGTH) || null;
  return [{ type: 'InvoiceIssued', data: { ...data, reference, issuedBy: metadata.userId, issuedAt: metadata.now } }];
};

/**
 * The invoice's money came in: it is recorded in full under the invoice's id, even when the order
 * was settled otherwise meanwhile (the money is on the station's account: the order then shows it
 * overpaid, to refund). Paid already books nothing; a cancelled invoice is not paid.
 */
const settleInvoice = ({ data, metadata }: SettleInvoice, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const invoice = invoiceOf(order, data.invoiceId);
  if (invoice.status === 'paid') return [];
  if (invoice.status === 'cancelled') {
    throw new DomainError('ILLEGAL_TRANSITION', 'This invoice was cancelled', { from: 'cancelled', action: 'be paid' });
  }
  const events: WorkOrderEvent[] = [
    {
      type: 'PaymentRecorded',
      data: {
        workOrderId: data.workOrderId,
        paymentId: invoice.invoiceId,
        method: 'invoice',
        amountKopecks: invoice.amountKopecks,
        reference: invoice.reference,
        recordedBy: metadata.userId,
        recordedAt: metadata.now,
      },
    },
  ];
  return order.status === 'Paid' || order.status === 'Closed' ? events : settles(order, events, metadata.userId, metadata.now);
};

/** Withdrawn while awaited; a paid invoice is given back as a refund of its payment instead. */
const cancelInvoice = ({ data, metadata }: CancelInvoice, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const invoice = invoiceOf(order, data.invoiceId);
  if (invoice.status === 'cancelled') return [];
  if (invoice.status === 'paid') {
    throw new DomainError('ILLEGAL_TRANSITION', 'This invoice is paid: refund its payment instead', {
      from: 'paid',
      action: 'be cancelled',
    });
  }
  return [
    {
      type: 'InvoiceCancelled',
      data: { workOrderId: data.workOrderId, invoiceId: data.invoiceId, cancelledBy: metadata.userId, cancelledAt: metadata.now },
    },
  ];
};

/** Photos a finding may carry: enough for a worn part from several sides. */
export const MAX_FINDING_PHOTOS = 10;

const addFinding = ({ data, metadata }: AddFinding, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.findings.some((finding) => finding.findingId === data.findingId)) return [];
  editable(order);
  if (data.note === null && data.photoIds.length === 0) {
    throw new DomainError('VALIDATION', 'A finding has a note or a photo', { field: 'note' });
  }
  if (data.photoIds.length > MAX_FINDING_PHOTOS || new Set(data.photoIds).size !== data.photoIds.length) {
    throw new DomainError('VALIDATION', `A finding has at most ${MAX_FINDING_PHOTOS} different photos`, { field: 'photoIds' });
  }
  return [{ type: 'FindingAdded', data: { ...data, addedBy: metadata.userId, addedAt: metadata.now } }];
};

const linesOf = (order: OpenWorkOrder, lineIds: readonly string[]) =>
  lineIds.map((lineId) => order.lines.find((line) => line.lineId === lineId));

const requestApproval = ({ data, metadata }: RequestApproval, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  if (order.approvals.some((approval) => approval.requestId === data.requestId)) return [];
  const missing = data.findingIds.find((id) => !order.findings.some((finding) => finding.findingId === id));
  if (missing !== undefined) throw new DomainError('NOT_FOUND', 'Finding not found', { findingId: missing });
  const base = { workOrderId: data.workOrderId, requestId: data.requestId, findingIds: data.findingIds };
  const by = { requestedBy: metadata.userId, requestedAt: metadata.now };
  if (data.lineIds === null) {
    if (order.status !== 'Draft') throw illegal(order.status, 'send its estimate');
    if (order.lines.length === 0) throw new DomainError('VALIDATION', 'An empty work order cannot be agreed', { field: 'lines' });
    const lineIds = order.lines.map((line) => line.lineId);
    return [{ type: 'ApprovalRequested', data: { ...base, scope: 'estimate', lineIds, totalKopecks: totalOf(order), ...by } }];
  }
  if (order.status !== 'Agreed' && order.status !== 'InWork') throw illegal(order.status, 'ask for additional works');
  if (data.lineIds.length === 0 || new Set(data.lineIds).size !== data.lineIds.length) {
    throw new DomainError('VALIDATION', 'Name the additional works to agree to, each once', { field: 'lineIds' });
  }
  const lines = linesOf(order, data.lineIds);
  const unknown = data.lineIds.find((_, index) => lines[index] === undefined);
  if (unknown !== undefined) throw new DomainError('NOT_FOUND', 'Line not found', { lineId: unknown });
  const consented = data.lineIds.find((lineId) => order.consentedLineIds.includes(lineId));
  if (consented !== undefined) {
    throw new DomainError('VALIDATION', 'The client already agreed to this line', { field: 'lineIds', lineId: consented });
  }
  const totalKopecks = totalsOf(lines as OrderLine[], order.vatMode).total;
  return [{ type: 'ApprovalRequested', data: { ...base, scope: 'additional', lineIds: data.lineIds, totalKopecks, ...by } }];
};

/**
 * The client's answer binds only to what they were shown: a changed estimate or a line gone since
 * the message was sent refuses the tap (a new request has to be sent); a repeated tap books nothing.
 */
const decideApproval = ({ data, metadata }: DecideApproval, state: WorkOrder): WorkOrderEvent[] => {
  const order = opened(state, data.workOrderId);
  const request = order.approvals.find((approval) => approval.requestId === data.requestId);
  if (!request || order.clientId !== data.clientId) {
    throw new DomainError('NOT_FOUND', 'Approval request not found', { requestId: data.requestId });
  }
  if (request.decision !== null) return [];
  const allowed = request.scope === 'estimate' ? ['Draft', 'Agreed'] : ['Agreed', 'InWork'];
  if (!allowed.includes(order.status)) throw illegal(order.status, 'take the client’s answer');
  const lines = linesOf(order, request.lineIds);
  const shown =
    request.scope === 'estimate'
      ? lines.length === order.lines.length && totalOf(order) === request.totalKopecks
      : totalsOf(lines as OrderLine[], order.vatMode).total === request.totalKopecks;
  if (lines.includes(undefined) || !shown) {
    throw new DomainError('TOTAL_MISMATCH', 'The order changed since the client was asked', { requestId: data.requestId });
  }
  const decision = {
    workOrderId: data.workOrderId,
    requestId: data.requestId,
    scope: request.scope,
    lineIds: request.lineIds,
    totalKopecks: request.totalKopecks,
    evidence: data.evidence,
    decidedAt: metadata.now,
  };
  if (!data.approve) return [{ type: 'ClientDeclined', data: decision }];
  const approved: WorkOrderEvent = { type: 'ClientApproved', data: decision };
  return request.scope === 'estimate' && order.status === 'Draft'
    ? [
        approved,
        {
          type: 'WorkOrderAgreed',
          data: { workOrderId: data.workOrderId, totalKopecks: request.totalKopecks, agreedBy: null, agreedAt: metadata.now },
        },
      ]
    : [approved];
};

export const decide = (command: WorkOrderCommand, state: WorkOrder): WorkOrderEvent[] => {
  switch (command.type) {
    case 'AddFinding':
      return addFinding(command, state);
    case 'RequestApproval':
      return requestApproval(command, state);
    case 'DecideApproval':
      return decideApproval(command, state);
    case 'OpenWorkOrder':
      return openWorkOrder(command, state);
    case 'AddLine':
      return addLine(command, state);
    case 'RemoveLine':
      return removeLine(command, state);
    case 'AgreeWorkOrder':
      return agree(command, state);
    case 'StartWork':
      return start(command, state);
    case 'CompleteWork':
      return complete(command, state);
    case 'CloseWorkOrder':
      return close(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'RefundPayment':
      return refund(command, state);
    case 'RequestOnlinePayment':
      return requestOnline(command, state);
    case 'ConfirmOnlinePayment':
      return confirmOnline(command, state);
    case 'RecordOdometer':
      return recordOdometer(command, state);
    case 'IssueInvoice':
      return issueInvoice(command, state);
    case 'SettleInvoice':
      return settleInvoice(command, state);
    case 'CancelInvoice':
      return cancelInvoice(command, state);
  }
};

export const workOrderDecider: Decider<WorkOrder, WorkOrderCommand, WorkOrderEvent> = { decide, evolve, initialState };
