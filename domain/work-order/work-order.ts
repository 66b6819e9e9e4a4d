import type { Sealed } from '../shared/sealed.ts';
import type { OrderLine, VatMode } from './money.ts';

// ───────────────────────────── Events ─────────────────────────────

export const workOrderStatuses = ['Draft', 'Agreed', 'InWork', 'Done', 'Paid', 'Closed'] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

/** How the station took the money; `online` is the payment provider's link. */
export const paymentMethods = ['cash', 'card', 'sbp', 'invoice', 'online'] as const;
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
  | OnlinePaymentRequested;

// ───────────────────────────── State ─────────────────────────────

export type RecordedPayment = { paymentId: string; method: PaymentMethod; amountKopecks: number; refundedKopecks: number };
export type PendingOnline = { paymentId: string; providerPaymentId: string; amountKopecks: number; confirmationUrl: string };

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
  pendingOnline: PendingOnline[];
  agreedTotalKopecks: number | null;
};

export type WorkOrder = { status: 'Empty' } | OpenWorkOrder;

export const initialState = (): WorkOrder => ({ status: 'Empty' });

/** Money in, net of refunds. */
export const paidOf = (order: OpenWorkOrder): number =>
  order.payments.reduce((acc, payment) => acc + payment.amountKopecks - payment.refundedKopecks, 0);

export const evolve = (state: WorkOrder, event: WorkOrderEvent): WorkOrder => {
  if (event.type === 'WorkOrderOpened') {
    const { workOrderId, orgId, branchId, bookingId, clientId, number, vatMode } = event.data;
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
    };
  }
  if (state.status === 'Empty') return state;
  switch (event.type) {
    case 'WorkOrderLineAdded':
      return { ...state, lines: [...state.lines, event.data.line] };
    case 'WorkOrderLineRemoved':
      return { ...state, lines: state.lines.filter((line) => line.lineId !== event.data.lineId) };
    case 'WorkOrderAgreed':
      return { ...state, status: 'Agreed', agreedTotalKopecks: event.data.totalKopecks };
    case 'WorkOrderStarted':
      return { ...state, status: 'InWork' };
    case 'WorkOrderCompleted':
      return { ...state, status: 'Done' };
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
      };
    }
    case 'PaymentRefunded': {
      const { paymentId, amountKopecks, refundId } = event.data;
      return {
        ...state,
        // Money went back: a paid order owes again, so it is Done until settled anew.
        status: state.status === 'Paid' ? 'Done' : state.status,
        refundIds: [...state.refundIds, refundId],
        payments: state.payments.map((payment) =>
          payment.paymentId === paymentId ? { ...payment, refundedKopecks: payment.refundedKopecks + amountKopecks } : payment,
        ),
      };
    }
    case 'OnlinePaymentRequested': {
      const { paymentId, providerPaymentId, amountKopecks, confirmationUrl } = event.data;
      return {
        ...state,
        pendingOnline: [...state.pendingOnline, { paymentId, providerPaymentId, amountKopecks, confirmationUrl }],
      };
    }
    default:
      return state;
  }
};

export const workOrderStreamName = (workOrderId: string): string => `workorder-${workOrderId}`;
