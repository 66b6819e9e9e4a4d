import type { Breakdown, KpiTile } from '../../../../projections/kpi/queries.ts';
import type { Channel, Status } from '../../i18n';

// The JSON of GET /api/kpis and /api/history/* (projections/kpi/queries.ts KpiReport), as the page reads it.
// Tiles and breakdowns are the projection's own types: a type import, so no server code reaches the bundle.
export type { Breakdown, KpiTile, TileKey } from '../../../../projections/kpi/queries.ts';

export type FunnelStage = 'requested' | 'confirmed' | 'started' | 'done' | 'cancelled' | 'stillNew';

export type KpiReport = {
  asOf: string | null;
  scope: {
    branchIds: string[] | null;
    managerId: string | null;
    from: string;
    to: string;
    days: number;
    previous: { from: string; to: string };
    now: string;
    confirmTargets: { branchId: string; minutes: number }[];
  };
  tiles: KpiTile[];
  breakdowns: { newByChannel: Breakdown[]; cancelledByReason: Breakdown[]; refusedByChannel: Breakdown[] };
  series: {
    bookingsByChannel: ({ bucket: string; total: number } & Partial<Record<Channel, number>>)[];
    timeToConfirm: { bucket: string; confirmations: number; medianMinutes: number | null; p90Minutes: number | null }[];
  };
  funnel: { stage: FunnelStage; count: number }[];
  managers: {
    userId: string;
    name: string | null;
    newBookings: number;
    confirmed: number;
    done: number;
    cancelled: number;
    slaMisses: number;
    medianConfirmMinutes: number | null;
  }[];
  staff: { userId: string; name: string; role: string }[];
  checks: { calendarOverlaps: number };
};

export type HistoryEntry = { schema: string; asOf: string; builtAt: string; events: number };

export type HistoryBoard = {
  asOf: string;
  branchId: string;
  date: string;
  timeZone: string;
  columns: {
    status: Status;
    count: number;
    cards: { id: string; start: string; end: string; channel: Channel; serviceIds: string[]; clientName: string | null }[];
  }[];
};
