import { dateTime, isoDate, nullableNumber, nullableText, text, uuid, type Shape } from './shared.ts';

export const groupings = ['day', 'week', 'month'] as const;
export type GroupBy = (typeof groupings)[number];
export const tileKeys = [
  'newBookings',
  'botShare',
  'confirmed',
  'done',
  'cancelled',
  'noShows',
  'medianConfirmMinutes',
  'p90ConfirmMinutes',
  'slaMisses',
  'repeatClients',
  'returningRate',
  'refusedOverlaps',
] as const;
export type TileKey = (typeof tileKeys)[number];
export const funnelStages = ['requested', 'confirmed', 'started', 'done', 'cancelled', 'stillNew'] as const;
export type FunnelStage = (typeof funnelStages)[number];

// ---- GET /api/kpis, /api/kpis/export.csv|xlsx, /api/history/kpis
export const kpiQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    branchId: uuid,
    from: isoDate,
    to: isoDate,
    groupBy: { type: 'string', enum: groupings },
    managerId: uuid,
    asOf: dateTime,
  },
} as const;
export type KpiQuery = Shape<typeof kpiQuery>;
export const historyKpiQuery = { ...kpiQuery, required: ['asOf'] } as const;

const number = { type: 'number' } as const;
const count = { type: 'integer' } as const;
const obj = <const P extends Record<string, unknown>>(properties: P) =>
  ({
    type: 'object',
    required: Object.keys(properties) as (keyof P & string)[],
    additionalProperties: false,
    properties,
  }) as const;

export const kpiTile = {
  type: 'object',
  required: ['key', 'unit', 'value', 'previous', 'change', 'changePercent'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', enum: tileKeys },
    unit: { type: 'string', enum: ['count', 'minutes', 'percent'] },
    value: nullableNumber,
    previous: nullableNumber,
    /** value - previous, in the tile's unit (percentage points for percents). */
    change: nullableNumber,
    changePercent: nullableNumber,
  },
} as const;
export type KpiTile = Shape<typeof kpiTile>;

export const breakdown = {
  type: 'object',
  required: ['key', 'value', 'previous'],
  additionalProperties: false,
  properties: { key: text, value: number, previous: number },
} as const;
export type Breakdown = Shape<typeof breakdown>;
const breakdowns = { type: 'array', items: breakdown } as const;

export const kpiReport = {
  type: 'object',
  required: ['asOf', 'scope', 'tiles', 'breakdowns', 'series', 'funnel', 'managers', 'staff', 'checks'],
  additionalProperties: false,
  properties: {
    /** The instant of the history the report was read from; null when live. */
    asOf: nullableText,
    scope: {
      type: 'object',
      required: ['branchIds', 'managerId', 'from', 'to', 'days', 'groupBy', 'previous', 'now', 'confirmTargets'],
      additionalProperties: false,
      properties: {
        branchIds: { type: ['array', 'null'], items: uuid },
        managerId: { type: ['string', 'null'] },
        from: text,
        to: text,
        days: count,
        groupBy: { type: 'string', enum: groupings },
        previous: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: text, to: text } },
        now: text,
        /** Each branch's target for leaving New (working minutes), which the SLA misses are counted against. */
        confirmTargets: { type: 'array', items: obj({ branchId: uuid, minutes: count }) },
      },
    },
    tiles: { type: 'array', items: kpiTile },
    breakdowns: obj({ newByChannel: breakdowns, cancelledByReason: breakdowns, refusedByChannel: breakdowns }),
    series: {
      type: 'object',
      required: ['bookingsByChannel', 'timeToConfirm', 'statuses'],
      additionalProperties: false,
      properties: {
        bookingsByChannel: {
          type: 'array',
          items: {
            type: 'object',
            required: ['bucket', 'total'],
            additionalProperties: false,
            // One count per channel (bookingChannels), besides the total.
            properties: {
              bucket: text,
              total: count,
              telegram: count,
              panel: count,
              phone: count,
              web: count,
              import: count,
              max: count,
            },
          },
        },
        timeToConfirm: {
          type: 'array',
          items: obj({ bucket: text, confirmations: count, medianMinutes: nullableNumber, p90Minutes: nullableNumber }),
        },
        statuses: {
          type: 'array',
          items: obj({
            bucket: text,
            newBookings: count,
            confirmed: count,
            done: count,
            cancelled: count,
            noShows: count,
            slaMisses: count,
            refusedOverlaps: count,
          }),
        },
      },
    },
    funnel: { type: 'array', items: obj({ stage: { type: 'string', enum: funnelStages }, count }) },
    managers: {
      type: 'array',
      items: obj({
        userId: text,
        name: nullableText,
        role: nullableText,
        newBookings: count,
        confirmed: count,
        done: count,
        cancelled: count,
        slaMisses: count,
        refusedOverlaps: count,
        medianConfirmMinutes: nullableNumber,
        p90ConfirmMinutes: nullableNumber,
      }),
    },
    staff: { type: 'array', items: obj({ userId: text, name: text, role: text }) },
    checks: obj({ calendarOverlaps: count }),
  },
} as const;
export type KpiReport = Shape<typeof kpiReport>;

// ---- GET /api/history: the histories built as of an instant (`npm run replay -- --as-of …`).
export const historyEntry = obj({ schema: text, asOf: text, builtAt: text, events: count });
export type HistoryEntry = Shape<typeof historyEntry>;
export const historyList = obj({ history: { type: 'array', items: historyEntry } });
