import { approvalScopes, invoiceStatuses } from '../domain/work-order/work-order.ts';
import {
  boolean,
  dateTime,
  integer,
  list,
  obj,
  orNull,
  texts,
  isoDate,
  nullableInteger,
  nullableText,
  text,
  uuid,
  type Shape,
} from './shared.ts';
import { lineKinds, vatModes, workPricings, type VatMode } from '../domain/work-order/money.ts';
import {
  paymentMethods,
  REFERENCE_MAX_LENGTH,
  workOrderStatuses,
  type PaymentMethod,
  type WorkOrderStatus,
} from '../domain/work-order/work-order.ts';

// The work order vocabulary is the domain's own lists (pure data): the schemas need their values.
export { lineKinds, paymentMethods, vatModes, workOrderStatuses, type PaymentMethod, type VatMode, type WorkOrderStatus };

const kopecks = { type: 'integer' } as const;
/** Money as requests give it: whole kopecks (the domain refuses what is out of range, with its own words). */
const amountIn = { type: 'integer' } as const;
/** Quantities as people type them (1.5 l); the domain keeps thousandths. */
const quantityIn = { type: 'number' } as const;
const percentIn = { type: 'integer' } as const;

export const workOrderLine = {
  type: 'object',
  additionalProperties: false,
  required: [
    'lineId',
    'kind',
    'name',
    'serviceId',
    'pricing',
    'article',
    'manufacturer',
    'quantityMilli',
    'unitPriceKopecks',
    'discountPercent',
    'amountKopecks',
  ],
  properties: {
    lineId: text,
    kind: { type: 'string', enum: lineKinds },
    name: text,
    serviceId: nullableText,
    pricing: { type: ['string', 'null'], enum: [...workPricings, null] },
    article: nullableText,
    manufacturer: nullableText,
    quantityMilli: integer,
    unitPriceKopecks: kopecks,
    discountPercent: integer,
    amountKopecks: kopecks,
  },
} as const;

/** Findings, the client's approvals in the messenger, and the declined recommendations. */
const visitProperties = {
  unconsentedLineIds: texts,
  /** A finding's note is null when there is none or the client's data was erased. */
  findings: list(obj({ findingId: text, note: nullableText, photoIds: texts, addedAt: dateTime })),
  approvals: list(
    obj({
      requestId: text,
      scope: { type: 'string', enum: approvalScopes },
      lineIds: texts,
      /** The mechanic's findings (their photos) sent with the request. */
      findingIds: texts,
      totalKopecks: kopecks,
      requestedAt: dateTime,
      decision: orNull(obj({ approved: boolean, channel: text, at: dateTime })),
    }),
  ),
  declined: list(workOrderLine),
} as const;

/** A work order as every answer gives it: lines with their sums, totals and what is due, in kopecks. */
export const workOrder = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'bookingId',
    'branchId',
    'number',
    'revision',
    'status',
    'vatMode',
    'agreedTotalKopecks',
    'odometerKm',
    'lines',
    'totals',
    'payments',
    'pendingOnline',
    'invoices',
    'unconsentedLineIds',
    'findings',
    'approvals',
    'declined',
  ],
  properties: {
    id: uuid,
    bookingId: uuid,
    branchId: uuid,
    number: integer,
    /** How many of the order's events made this answer: of two answers about one order, the higher is the newer. */
    revision: integer,
    status: { type: 'string', enum: workOrderStatuses },
    vatMode: { type: 'string', enum: vatModes },
    agreedTotalKopecks: nullableInteger,
    /** The car's odometer at this visit, in km; null when nobody read it. */
    odometerKm: nullableInteger,
    /** Only in reads from the read model: the job was started before the client agreed. */
    startedUnagreed: boolean,
    lines: { type: 'array', items: workOrderLine },
    totals: {
      type: 'object',
      additionalProperties: false,
      required: ['works', 'parts', 'discount', 'lowered', 'total', 'vat', 'paid', 'due'],
      properties: {
        works: kopecks,
        parts: kopecks,
        discount: kopecks,
        /** What refunds lowered the price by after payment; already taken off `total`. */
        lowered: kopecks,
        total: kopecks,
        vat: kopecks,
        paid: kopecks,
        due: kopecks,
      },
    },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['paymentId', 'method', 'amountKopecks', 'refundedKopecks'],
        properties: {
          paymentId: text,
          method: { type: 'string', enum: paymentMethods },
          amountKopecks: kopecks,
          refundedKopecks: kopecks,
        },
      },
    },
    pendingOnline: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['paymentId', 'amountKopecks', 'confirmationUrl'],
        properties: { paymentId: text, amountKopecks: kopecks, confirmationUrl: text },
      },
    },
    /** Invoices to companies paying by bank transfer: awaited until the desk sees the money come in. */
    invoices: list(
      obj({
        invoiceId: text,
        amountKopecks: kopecks,
        reference: nullableText,
        issuedAt: dateTime,
        status: { type: 'string', enum: invoiceStatuses },
      }),
    ),
    ...visitProperties,
  },
} as const;
export type WorkOrder = Shape<typeof workOrder>;

// ---- POST /api/work-orders/:id/online-payment
export const onlinePaymentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['amountKopecks'],
  properties: { amountKopecks: amountIn },
} as const;

// ---- POST /webhooks/yookassa/:token (ЮKassa reads only the status)
export const providerNotificationParams = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', maxLength: 200 } },
} as const;
export const providerNotificationAnswer = {
  type: 'object',
  required: ['ok'],
  additionalProperties: false,
  properties: { ok: boolean },
} as const;

export const workOrderParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;
export const workOrderLineParams = {
  type: 'object',
  required: ['id', 'lineId'],
  properties: { id: uuid, lineId: uuid },
} as const;

// ---- POST /api/bookings/:id/work-order
export const openWorkOrderBody = {
  type: 'object',
  additionalProperties: false,
  properties: { vin: { type: 'string', maxLength: 40 }, odometerKm: integer, withBookedWorks: boolean },
} as const;

// ---- POST /api/work-orders/:id/odometer: the reading taken again during the visit
export const odometerBody = {
  type: 'object',
  additionalProperties: false,
  required: ['odometerKm'],
  properties: { odometerKm: integer },
} as const;

// ---- POST /api/work-orders/:id/works
export const addWorkBody = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceId'],
  properties: { serviceId: uuid, quantity: quantityIn, discountPercent: percentIn },
} as const;

// ---- POST /api/work-orders/:id/parts
export const addPartBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'quantity', 'unitPriceKopecks'],
  properties: {
    name: { type: 'string', maxLength: 400 },
    article: { type: 'string', maxLength: 120 },
    manufacturer: { type: 'string', maxLength: 200 },
    quantity: quantityIn,
    unitPriceKopecks: amountIn,
    discountPercent: percentIn,
  },
} as const;

// ---- POST /api/work-orders/:id/status
export const moveWorkOrderBody = {
  type: 'object',
  additionalProperties: false,
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['Agreed', 'InWork', 'Done', 'Closed'] },
    /** With `Agreed`: the total the client was shown; another total than the lines' is refused. */
    expectedTotalKopecks: amountIn,
  },
} as const;

// ---- POST /api/work-orders/:id/payments
export const recordPaymentBody = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'amountKopecks'],
  properties: {
    /** The client's own id for the payment: a retried request books it once. */
    paymentId: uuid,
    method: { type: 'string', enum: ['cash', 'card', 'sbp', 'invoice'] },
    amountKopecks: amountIn,
    reference: { type: 'string', maxLength: REFERENCE_MAX_LENGTH },
  },
} as const;

// ---- POST /api/work-orders/:id/invoices
export const issueInvoiceBody = {
  type: 'object',
  additionalProperties: false,
  required: ['amountKopecks'],
  properties: {
    /** The client's own id for the invoice: a retried request issues it once. */
    invoiceId: uuid,
    amountKopecks: amountIn,
    /** The invoice's number from the station's accounting. */
    reference: { type: 'string', maxLength: REFERENCE_MAX_LENGTH },
  },
} as const;

// ---- POST /api/work-orders/:id/invoices/:invoiceId/paid and …/cancel
export const invoiceParams = {
  type: 'object',
  required: ['id', 'invoiceId'],
  properties: { id: uuid, invoiceId: uuid },
} as const;

// ---- POST /api/work-orders/:id/refunds
export const refundBody = {
  type: 'object',
  additionalProperties: false,
  required: ['paymentId', 'amountKopecks'],
  properties: {
    refundId: uuid,
    paymentId: { type: 'string', minLength: 1, maxLength: 100 },
    amountKopecks: amountIn,
    /** The refund lowers the order's price by as much (a discount after payment, a part taken back) instead of leaving it owed. */
    lowersPrice: boolean,
  },
} as const;

// ---- GET /api/kpis/money
export const moneyKpiQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { branchId: uuid, from: isoDate, to: isoDate },
} as const;
/** `key` is the branch, user or channel (null: no manager, no mechanic); `name` the branch's or the person's. */
const moneyRowProperties = {
  key: { type: ['string', 'null'] },
  name: nullableText,
  ordersDone: integer,
  billedKopecks: kopecks,
} as const;
const moneyRow = obj(moneyRowProperties);

/**
 * Money of the period in kopecks: revenue net of refunds; average bill and works/parts of orders
 * finished in it; and the maintenance reminders sent in it, with the bookings, finished visits and
 * payments that came of them.
 */
export const moneyKpis = {
  type: 'object',
  additionalProperties: false,
  required: [
    'from',
    'to',
    'revenueKopecks',
    'payments',
    'ordersDone',
    'averageBillKopecks',
    'worksKopecks',
    'partsKopecks',
    'loweredKopecks',
    'reminders',
    'byBranch',
    'byManager',
    'byMechanic',
    'byChannel',
    'byMethod',
    'awaited',
    'cars',
  ],
  properties: {
    /**
     * As of the answer, not of the period: invoices awaiting payment and their sum; finished orders
     * with money due beyond their invoices, and that sum.
     */
    awaited: obj({ invoices: integer, invoicedKopecks: kopecks, unpaidOrders: integer, unpaidKopecks: kopecks }),
    /** By how the money was taken (`method` null: a refund whose payment is not named); refunds on their payment's method. */
    byMethod: list(
      obj({ method: nullableText, paidKopecks: kopecks, refundedKopecks: kopecks, netKopecks: integer, payments: integer }),
    ),
    byBranch: list(obj({ ...moneyRowProperties, revenueKopecks: kopecks })),
    /** By the manager answering for the client (null: nobody). */
    byManager: list(moneyRow),
    /** By the mechanic on the booking (null: none assigned): minutes booked against minutes from start to done. */
    byMechanic: list(obj({ ...moneyRowProperties, bookedMinutes: integer, workedMinutes: integer })),
    byChannel: list(moneyRow),
    /** Finished visits of cars with a plate, and how many were repeat visits of the car. */
    cars: obj({ visits: integer, repeatVisits: integer }),
    reminders: obj({ issued: integer, booked: integer, visitsDone: integer, revenueKopecks: kopecks }),
    from: text,
    to: text,
    revenueKopecks: kopecks,
    payments: integer,
    ordersDone: integer,
    averageBillKopecks: nullableInteger,
    worksKopecks: kopecks,
    partsKopecks: kopecks,
    /** What the finished orders' prices were lowered by after payment (a part taken back, a discount): works + parts − this = their sum. */
    loweredKopecks: kopecks,
  },
} as const;

export type MoneyReport = Shape<typeof moneyKpis>;
