// The KPI read models: tables (schema.ts), the projection (apply.ts over the pure fold in facts.ts and
// working-time.ts), queries (queries.ts) and downloads (export.ts).
export { applyKpiEvents } from './apply.ts';
export { channelWords, exportTables, tileLabels, toCsv, toXlsx, type ExportNames, type ExportTable } from './export.ts';
export { createKpiTables, KPI_TABLES } from './schema.ts';
export {
  bucketOf,
  daysBetween,
  getKpiReport,
  groupings,
  shiftDate,
  type GroupBy,
  type KpiFilter,
  type KpiReport,
  type KpiTile,
  type StaffMember,
} from './queries.ts';
