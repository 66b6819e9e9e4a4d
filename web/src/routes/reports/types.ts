// The JSON of GET /api/kpis and /api/history/* as contract/kpis.ts and contract/board.ts state it: a
// type import, so no server code reaches the bundle.
export type { HistoryBoard } from '../../../../contract/board.ts';
export type { Breakdown, FunnelStage, HistoryEntry, KpiReport, KpiTile, TileKey } from '../../../../contract/kpis.ts';
