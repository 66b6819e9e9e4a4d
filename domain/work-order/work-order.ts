import type { Sealed } from '../shared/sealed.ts';
import type { OrderLine, VatMode } from './money.ts';

// ───────────────────────────── Events ─────────────────────────────

export const workOrderStatuses = ['Draft', 'Agreed', 'InWork', 'Done', 'Paid', 'Closed'] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

/** How the station took the money; `online` is the payment provider's link. */
export const paymentMethods = ['cash', 'card', 'sbp', 'invoice', 'online'] as const;
/** A payment's or an invoice's reference (a receipt or an invoice number): one line of at most this many characters. */
export const REFERENCE_MAX_LENGTH = 100;
export type PaymentMethod = (typeof paymentMethods)[number];

export type WorkOrderOpened = {
  type: 'WorkOrderOpened';
  data: {
    workOrderId: string;
    orgId: string;
    branchId: string;
    bookingId: string;
    clientId: string;
    /** The document number, per organization. */
    number: number;
    /** The organization's VAT mode when the order was opened: later changes do not rewrite it. */
    vatMode: VatMode;
    /** VIN or body number, sealed under the client's key (they identify the client's car). */
    vehicle: Sealed | null;
    odometerKm: number | null;
    openedBy: string | null;
    openedAt: string;
  };
};

/** The odometer read again during the visit (at the desk, or by the mechanic in the car): the later reading stands. */
export type WorkOrderOdometerRecorded = {
  type: 'WorkOrderOdometerRecorded';
  data: { workOrderId: string; odometerKm: number; recordedBy: string | null; recordedAt: string };
};

export type WorkOrderLineAdded = {
  type: 'WorkOrderLineAdded';
  data: { workOrderId: string; line: OrderLine; addedBy: string | null; addedAt: string };
};

export type WorkOrderLineRemoved = {
  type: 'WorkOrderLineRemoved';
  data: { workOrderId: string; lineId: string; removedBy: string | null; removedAt: string };
};

export type WorkOrderAgreed = {
  type: 'WorkOrderAgreed';
  data: { workOrderId: string; totalKopecks: number; agreedBy: string | null; agreedAt: string };
};

/** `agreed: false` marks a job started before the client agreed to the order: allowed, but visible. */
export type WorkOrderStarted = {
  type: 'WorkOrderStarted';
  data: { workOrderId: string; agreed: boolean; startedBy: string | null; startedAt: string };
};

export type WorkOrderCompleted = {
  type: 'WorkOrderCompleted';
  data: { workOrderId: string; completedBy: string | null; completedAt: string };
};

/** Done and nothing more is due: decided with the payment (or the completion) that settled it. */
export type WorkOrderPaid = {
  type: 'WorkOrderPaid';
  data: { workOrderId: string; paidBy: string | null; paidAt: string };
};

export type WorkOrderClosed = {
  type: 'WorkOrderClosed';
  data: { workOrderId: string; closedBy: string | null; closedAt: string };
};

export type PaymentRecorded = {
  type: 'PaymentRecorded';
  data: {
    workOrderId: string;
    paymentId: string;
    method: PaymentMethod;
    amountKopecks: number;
    /** The bank's operation or invoice number, if the manager typed one; the provider's id for `online`. */
    reference: string | null;
    recordedBy: string | null;
    recordedAt: string;
  };
};

export type PaymentRefunded = {
  type: 'PaymentRefunded';
  data: {
    workOrderId: string;
    refundId: string;
    paymentId: string;
    amountKopecks: number;
    refundedBy: string | null;
    refundedAt: string;
  };
};

/**
 * An invoice sent to a company that pays by bank transfer: money asked for, not money in. It counts
 * as received only when the desk sees it on the bank statement (a PaymentRecorded under the
 * invoice's id); till then the owner sees it as awaited.
 */
export type InvoiceIssued = {
  type: 'InvoiceIssued';
  data: {
    workOrderId: string;
    invoiceId: string;
    amountKopecks: number;
    /** The invoice's number as the station's accounting gave it, if the manager typed one. */
    reference: string | null;
    issuedBy: string | null;
    issuedAt: string;
  };
};

/** An invoice withdrawn before it was paid (the client paid otherwise, or it was made out wrong). */
export type InvoiceCancelled = {
  type: 'InvoiceCancelled';
  data: { workOrderId: string; invoiceId: string; cancelledBy: string | null; cancelledAt: string };
};

/** A payment link the provider made; the money counts only when the provider confirms it (PaymentRecorded). */
export type OnlinePaymentRequested = {
  type: 'OnlinePaymentRequested';
  data: {
    workOrderId: string;
    paymentId: string;
    providerPaymentId: string;
    amountKopecks: number;
    confirmationUrl: string;
    requestedBy: string | null;
    requestedAt: string;
  };
};

/** What a mechanic found on the car: a note (sealed: it may name the client's things) and photos stored sealed under the client's key. */
export type FindingAdded = {
  type: 'FindingAdded';
  data: {
    workOrderId: string;
    findingId: string;
    note: Sealed | null;
    photoIds: string[];
    addedBy: string | null;
    addedAt: string;
  };
};

/** `estimate`: the whole order before work; `additional`: works found during the job, line by line. */
export const approvalScopes = ['estimate', 'additional'] as const;
export type ApprovalScope = (typeof approvalScopes)[number];

/** The lines the client is asked to agree to in their messenger, with the total they were shown and the findings' photos. */
export type ApprovalRequested = {
  type: 'ApprovalRequested';
  data: {
    workOrderId: string;
    requestId: string;
    scope: ApprovalScope;
    lineIds: string[];
    totalKopecks: number;
    findingIds: string[];
    requestedBy: string | null;
    requestedAt: string;
  };
};

/** Where the client's answer came from: the messenger, the message the buttons were under, and the tap's own ids. */
export type ApprovalEvidence = { channel: string; messageId: string; updateId: number; callbackId: string };

type ClientDecision = {
  workOrderId: string;
  requestId: string;
  scope: ApprovalScope;
  lineIds: string[];
  totalKopecks: number;
  evidence: ApprovalEvidence;
  decidedAt: string;
};
/**
 * The order's price lowered by what was refunded (a discount given after payment, a part taken
 * back): the client does not owe the refunded sum again. The lines stay as they were done.
 */
export type WorkOrderPriceLowered = {
  type: 'WorkOrderPriceLowered';
  data: { workOrderId: string; refundId: string; amountKopecks: number; loweredBy: string | null; loweredAt: string };
};
export type ClientApproved = { type: 'ClientApproved'; data: ClientDecision };
/** Declined additional works leave the order and are remembered as recommendations for the next visit. */
export type ClientDeclined = { type: 'ClientDeclined'; data: ClientDecision };

export type WorkOrderEvent =
  | WorkOrderOpened
  | WorkOrderLineAdded
  | WorkOrderLineRemoved
  | WorkOrderAgreed
  | WorkOrderStarted
  | WorkOrderCompleted
  | WorkOrderPaid
  | WorkOrderClosed
  | PaymentRecorded
  | PaymentRefunded
  | WorkOrderPriceLowered
  | OnlinePaymentRequested
  | InvoiceIssued
  | InvoiceCancelled
  | FindingAdded
  | ApprovalRequested
  | ClientApproved
  | ClientDeclined
  | WorkOrderOdometerRecorded;

// ───────────────────────────── State ─────────────────────────────

export type RecordedPayment = { paymentId: string; method: PaymentMethod; amountKopecks: number; refundedKopecks: number };
export const invoiceStatuses = ['awaiting', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];
export type Invoice = {
  invoiceId: string;
  amountKopecks: number;
  reference: string | null;
  issuedAt: string;
  status: InvoiceStatus;
};
export type PendingOnline = { paymentId: string; providerPaymentId: string; amountKopecks: number; confirmationUrl: string };

/** `note` stays sealed in the state too (read models keep the state): opened for staff with the client's key. */
export type Finding = { findingId: string; note?: Sealed | null; photoIds: string[]; addedAt: string };
export type Approval = {
  requestId: string;
  scope: ApprovalScope;
  lineIds: string[];
  totalKopecks: number;
  findingIds: string[];
  requestedAt: string;
  decision: { approved: boolean; channel: string; at: string } | null;
};

export type OpenWorkOrder = {
  status: WorkOrderStatus;
  workOrderId: string;
  orgId: string;
  branchId: string;
  bookingId: string;
  clientId: string;
  number: number;
  vatMode: VatMode;
  lines: OrderLine[];
  payments: RecordedPayment[];
  /** Refund ids already recorded, so a repeated refund books nothing. */
  refundIds: string[];
  /** What each refund gave back (absent in states folded before it was kept), to tell a repeat from another refund under the same id. */
  refunds?: { refundId: string; paymentId: string; amountKopecks: number }[];
  pendingOnline: PendingOnline[];
  /** Invoices issued, in the order they were (absent in states folded before invoices existed). */
  invoices?: Invoice[];
  agreedTotalKopecks: number | null;
  findings: Finding[];
  approvals: Approval[];
  /** Lines the client agreed to (the estimate, then additional works): work beyond them waits for consent. */
  consentedLineIds: string[];
  /** Additional works the client declined: recommendations for the next visit. */
  declined: OrderLine[];
  /** The car's odometer at this visit, in km; null when nobody read it. */
  odometerKm: number | null;
  /** The VIN or body number given when the order was opened, sealed under the client's key. */
  vehicle?: Sealed | null;
  /** When the order was opened and when its work was done: the dates its order and act carry. */
  openedAt?: string;
  completedAt?: string | null;
  /** What the price was lowered by after payment (absent: nothing, as in states folded before it existed). */
  priceLoweredKopecks?: number;
  /**
   * How many of the order's events made this state: of two reads of one order, the one with more is
   * the newer (a read model a moment behind a command's own answer). Absent in states folded before it
   * was kept, which then count from their next event.
   */
  revision?: number;
};

export type WorkOrder = { status: 'Empty' } | OpenWorkOrder;

export const initialState = (): WorkOrder => ({ status: 'Empty' });

/** Money in, net of refunds. */
export const paidOf = (order: OpenWorkOrder): number =>
  order.payments.reduce((acc, payment) => acc + payment.amountKopecks - payment.refundedKopecks, 0);

export const evolve = (state: WorkOrder, event: WorkOrderEvent): WorkOrder => {
  if (event.type === 'WorkOrderOpened') {
    const { workOrderId, orgId, branchId, bookingId, clientId, number, vatMode, odometerKm, vehicle, openedAt } = event.data;
    return {
      status: 'Draft',
      workOrderId,
      orgId,
      branchId,
      bookingId,
      clientId,
      number,
      vatMode,
      lines: [],
      payments: [],
      refundIds: [],
      pendingOnline: [],
      agreedTotalKopecks: null,
      findings: [],
      approvals: [],
      consentedLineIds: [],
      declined: [],
      odometerKm,
      vehicle,
      openedAt,
      completedAt: null,
      revision: 1,
    };
  }
  if (state.status === 'Empty') return state;
  return { ...evolveOpen(withVisitFields(state), event), revision: (state.revision ?? 0) + 1 };
};

/** States folded before findings and approvals existed (kept in read models) lack their lists. */
const withVisitFields = (state: OpenWorkOrder): OpenWorkOrder => ({
  ...state,
  findings: state.findings ?? [],
  approvals: state.approvals ?? [],
  consentedLineIds: state.consentedLineIds ?? [],
  declined: state.declined ?? [],
  odometerKm: state.odometerKm ?? null,
});

const decided = (state: OpenWorkOrder, data: ClientDecision, approved: boolean): OpenWorkOrder => ({
  ...state,
  approvals: state.approvals.map((approval) =>
    approval.requestId === data.requestId
      ? { ...approval, decision: { approved, channel: data.evidence.channel, at: data.decidedAt } }
      : approval,
  ),
});

/** The order's invoices with the awaited one under `invoiceId` (if any) moved to `status`. */
const invoicesWith = (state: OpenWorkOrder, invoiceId: string, status: InvoiceStatus): Invoice[] =>
  (state.invoices ?? []).map((invoice) =>
    invoice.invoiceId === invoiceId && invoice.status === 'awaiting' ? { ...invoice, status } : invoice,
  );

/** What the order's invoices ask for and is not in yet. */
export const awaitedOf = (order: OpenWorkOrder): number =>
  (order.invoices ?? []).reduce((sum, invoice) => sum + (invoice.status === 'awaiting' ? invoice.amountKopecks : 0), 0);

const evolveOpen = (state: OpenWorkOrder, event: WorkOrderEvent): OpenWorkOrder => {
  switch (event.type) {
    case 'WorkOrderLineAdded':
      return { ...state, lines: [...state.lines, event.data.line] };
    case 'WorkOrderLineRemoved':
      return { ...state, lines: state.lines.filter((line) => line.lineId !== event.data.lineId) };
    case 'WorkOrderAgreed':
      return {
        ...state,
        status: 'Agreed',
        agreedTotalKopecks: event.data.totalKopecks,
        consentedLineIds: [...new Set([...state.consentedLineIds, ...state.lines.map((line) => line.lineId)])],
      };
    case 'FindingAdded': {
      const { findingId, note, photoIds, addedAt } = event.data;
      return { ...state, findings: [...state.findings, { findingId, note, photoIds, addedAt }] };
    }
    case 'ApprovalRequested': {
      const { requestId, scope, lineIds, totalKopecks, findingIds, requestedAt } = event.data;
      return {
        ...state,
        approvals: [...state.approvals, { requestId, scope, lineIds, totalKopecks, findingIds, requestedAt, decision: null }],
      };
    }
    case 'ClientApproved':
      return {
        ...decided(state, event.data, true),
        consentedLineIds: [...new Set([...state.consentedLineIds, ...event.data.lineIds])],
      };
    case 'ClientDeclined': {
      const after = decided(state, event.data, false);
      if (event.data.scope === 'estimate') return after;
      const gone = new Set(event.data.lineIds);
      return {
        ...after,
        lines: state.lines.filter((line) => !gone.has(line.lineId)),
        declined: [...state.declined, ...state.lines.filter((line) => gone.has(line.lineId))],
      };
    }
    case 'WorkOrderOdometerRecorded':
      return { ...state, odometerKm: event.data.odometerKm };
    case 'WorkOrderStarted':
      return { ...state, status: 'InWork' };
    case 'WorkOrderCompleted':
      return { ...state, status: 'Done', completedAt: event.data.completedAt };
    case 'WorkOrderPaid':
      return { ...state, status: 'Paid' };
    case 'WorkOrderClosed':
      return { ...state, status: 'Closed' };
    case 'PaymentRecorded': {
      const { paymentId, method, amountKopecks, reference } = event.data;
      return {
        ...state,
        payments: [...state.payments, { paymentId, method, amountKopecks, refundedKopecks: 0 }],
        pendingOnline: state.pendingOnline.filter(
          (pending) => pending.paymentId !== paymentId && pending.providerPaymentId !== reference,
        ),
        invoices: invoicesWith(state, paymentId, 'paid'),
      };
    }
    case 'PaymentRefunded': {
      const { paymentId, amountKopecks, refundId } = event.data;
      return {
        ...state,
        // Money went back: a paid order owes again, so it is Done until settled anew.
        status: state.status === 'Paid' ? 'Done' : state.status,
        refundIds: [...state.refundIds, refundId],
        refunds: [...(state.refunds ?? []), { refundId, paymentId, amountKopecks }],
        payments: state.payments.map((payment) =>
          payment.paymentId === paymentId ? { ...payment, refundedKopecks: payment.refundedKopecks + amountKopecks } : payment,
        ),
      };
    }
    case 'WorkOrderPriceLowered':
      return { ...state, priceLoweredKopecks: (state.priceLoweredKopecks ?? 0) + event.data.amountKopecks };
    case 'OnlinePaymentRequested': {
      const { paymentId, providerPaymentId, amountKopecks, confirmationUrl } = event.data;
      return {
        ...state,
        pendingOnline: [...state.pendingOnline, { paymentId, providerPaymentId, amountKopecks, confirmationUrl }],
      };
    }
    case 'InvoiceIssued': {
      const { invoiceId, amountKopecks, reference, issuedAt } = event.data;
      return {
        ...state,
        invoices: [...(state.invoices ?? []), { invoiceId, amountKopecks, reference, issuedAt, status: 'awaiting' }],
      };
    }
    case 'InvoiceCancelled':
      return { ...state, invoices: invoicesWith(state, event.data.invoiceId, 'cancelled') };
    default:
      return state;
  }
};

export const workOrderStreamName = (workOrderId: string): string => `workorder-${workOrderId}`;
