import { dateTime, integer, isoDate, list, nullableNumber, nullableText, obj, text, uuid, type Shape } from './shared.ts';

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
const groupBy = { type: 'string', enum: groupings } as const;
export const kpiQuery = obj({ branchId: uuid, from: isoDate, to: isoDate, groupBy, managerId: uuid, asOf: dateTime }, []);
export type KpiQuery = Shape<typeof kpiQuery>;
export const historyKpiQuery = { ...kpiQuery, required: ['asOf'] } as const;

const number = { type: 'number' } as const;
const count = integer;

export const kpiTile = obj({
  key: { type: 'string', enum: tileKeys },
  unit: { type: 'string', enum: ['count', 'minutes', 'percent'] },
  value: nullableNumber,
  previous: nullableNumber,
  /** value - previous, in the tile's unit (percentage points for percents). */
  change: nullableNumber,
  changePercent: nullableNumber,
});
export type KpiTile = Shape<typeof kpiTile>;

export const breakdown = obj({ key: text, value: number, previous: number });
export type Breakdown = Shape<typeof breakdown>;
const breakdowns = list(breakdown);

export const kpiReport = obj({
  /** The instant of the history the report was read from; null when live. */
  asOf: nullableText,
  scope: obj({
    branchIds: { type: ['array', 'null'], items: uuid },
    managerId: { type: ['string', 'null'] },
    from: text,
    to: text,
    days: count,
    groupBy,
    previous: obj({ from: text, to: text }),
    now: text,
    /** Each branch's target for leaving New (working minutes), which the SLA misses are counted against. */
    confirmTargets: list(obj({ branchId: uuid, minutes: count })),
  }),
  tiles: list(kpiTile),
  breakdowns: obj({ newByChannel: breakdowns, cancelledByReason: breakdowns, refusedByChannel: breakdowns }),
  series: obj({
    bookingsByChannel: list(
      obj(
        // One count per channel (bookingChannels), besides the total.
        { bucket: text, total: count, telegram: count, panel: count, phone: count, web: count, import: count, max: count },
        ['bucket', 'total'],
      ),
    ),
    timeToConfirm: list(obj({ bucket: text, confirmations: count, medianMinutes: nullableNumber, p90Minutes: nullableNumber })),
    statuses: list(
      obj({
        bucket: text,
        newBookings: count,
        confirmed: count,
        done: count,
        cancelled: count,
        noShows: count,
        slaMisses: count,
        refusedOverlaps: count,
      }),
    ),
  }),
  funnel: list(obj({ stage: { type: 'string', enum: funnelStages }, count })),
  managers: list(
    obj({
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
  ),
  staff: list(obj({ userId: text, name: text, role: text })),
  checks: obj({ calendarOverlaps: count }),
});
export type KpiReport = Shape<typeof kpiReport>;

// ---- GET /api/history: the histories built as of an instant (`npm run replay -- --as-of …`).
export const historyEntry = obj({ schema: text, asOf: text, builtAt: text, events: count });
export type HistoryEntry = Shape<typeof historyEntry>;
export const historyList = obj({ history: list(historyEntry) });
