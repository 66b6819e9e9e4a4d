import { CSV_SEPARATOR, csvField } from '../../domain/shared/csv.ts';
import type { KpiReport, TileKey } from './queries.ts';

// The report as tables, the same numbers the API returns, for CSV and XLSX downloads.

export type Cell = string | number | null;
export type ExportTable = { name: string; columns: string[]; rows: Cell[][] };

const tileLabels: Record<TileKey, string> = {
  newBookings: 'Новые записи',
  botShare: 'Доля записей через бота, %',
  confirmed: 'Подтверждено',
  done: 'Выполнено',
  cancelled: 'Отменено',
  noShows: 'Неявки',
  medianConfirmMinutes: 'Время подтверждения, медиана, мин',
  p90ConfirmMinutes: 'Время подтверждения, 90-й перцентиль, мин',
  slaMisses: 'Подтверждены позже нормы',
  repeatClients: 'Повторные клиенты',
  returningRate: 'Доля повторных клиентов, %',
  refusedOverlaps: 'Отказы: время занято',
};

export const exportTables = (report: KpiReport, asOf: string | null): ExportTable[] => {
  const { scope } = report;
  const channels = Object.keys(report.series.bookingsByChannel[0] ?? {}).filter((key) => key !== 'bucket' && key !== 'total');
  return [
    {
      name: 'Период',
      columns: ['Параметр', 'Значение'],
      rows: [
        ['from', scope.from],
        ['to', scope.to],
        ['previousFrom', scope.previous.from],
        ['previousTo', scope.previous.to],
        ['groupBy', scope.groupBy],
        ['branchIds', scope.branchIds === null ? 'all' : scope.branchIds.join(' ')],
        ['managerId', scope.managerId],
        ['asOf', asOf],
        [
          'confirmTargetMinutes',
          scope.confirmTargets.length === 1
            ? scope.confirmTargets[0]!.minutes
            : scope.confirmTargets.map((target) => `${target.branchId}=${target.minutes}`).join(' '),
        ],
      ],
    },
    {
      name: 'Показатели',
      columns: ['key', 'Показатель', 'Значение', 'Прошлый период', 'Изменение', 'Изменение, %'],
      rows: report.tiles.map((tile) => [
        tile.key,
        tileLabels[tile.key],
        tile.value,
        tile.previous,
        tile.change,
        tile.changePercent,
      ]),
    },
    {
      name: 'Разбивки',
      columns: ['Разбивка', 'key', 'Значение', 'Прошлый период'],
      rows: (['newByChannel', 'cancelledByReason', 'refusedByChannel'] as const).flatMap((name) =>
        report.breakdowns[name].map((item): Cell[] => [name, item.key, item.value, item.previous]),
      ),
    },
    {
      name: 'Динамика',
      columns: [
        'bucket',
        'newBookings',
        ...channels,
        'confirmed',
        'done',
        'cancelled',
        'noShows',
        'slaMisses',
        'refusedOverlaps',
        'confirmations',
        'medianConfirmMinutes',
        'p90ConfirmMinutes',
      ],
      rows: report.series.bookingsByChannel.map((point, i): Cell[] => {
        const statuses = report.series.statuses[i]!;
        const confirm = report.series.timeToConfirm[i]!;
        return [
          point.bucket,
          point.total,
          ...channels.map((channel) => Number(point[channel] ?? 0)),
          statuses.confirmed,
          statuses.done,
          statuses.cancelled,
          statuses.noShows,
          statuses.slaMisses,
          statuses.refusedOverlaps,
          confirm.confirmations,
          confirm.medianMinutes,
          confirm.p90Minutes,
        ];
      }),
    },
    { name: 'Воронка', columns: ['stage', 'count'], rows: report.funnel.map((stage) => [stage.stage, stage.count]) },
    {
      name: 'Сотрудники',
      columns: [
        'userId',
        'Имя',
        'Роль',
        'newBookings',
        'confirmed',
        'done',
        'cancelled',
        'slaMisses',
        'refusedOverlaps',
        'medianConfirmMinutes',
        'p90ConfirmMinutes',
      ],
      rows: report.managers.map((person) => [
        person.userId,
        person.name,
        person.role,
        person.newBookings,
        person.confirmed,
        person.done,
        person.cancelled,
        person.slaMisses,
        person.refusedOverlaps,
        person.medianConfirmMinutes,
        person.p90ConfirmMinutes,
      ]),
    },
    { name: 'Проверки', columns: ['check', 'value'], rows: [['calendarOverlaps', report.checks.calendarOverlaps]] },
  ];
};

// ───────────────────────────── CSV ─────────────────────────────

/** A number in Russian Excel's own way (decimal comma); a text cell can never run as a formula. */
const csvCell = (cell: Cell): string => {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  return csvField(cell);
};

/** One file: each table under its name, separated by an empty line; UTF-8 with BOM so Excel reads Cyrillic. */
export const toCsv = (tables: readonly ExportTable[]): string =>
  '\uFEFF' +
  tables
    .map((table) => [[table.name], table.columns, ...table.rows].map((row) => row.map(csvCell).join(CSV_SEPARATOR)).join('\r\n'))
    .join('\r\n\r\n') +
  '\r\n';

// ───────────────────────────── XLSX ─────────────────────────────

/** One sheet per table; text cells are typed as text (never formulas), numbers as numbers. */
export const toXlsx = async (tables: readonly ExportTable[]): Promise<Buffer> => {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Zero-CRM';
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name);
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((cell) => (cell === null ? null : cell)));
    sheet.columns.forEach((column) => {
      column.width = Math.min(40, Math.max(12, ...table.rows.map((row) => String(row[(column.number ?? 1) - 1] ?? '').length)));
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
};
