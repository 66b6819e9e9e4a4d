import { CSV_SEPARATOR, csvField } from '../../domain/shared/csv.ts';
import { roleWords } from '../../domain/staff/role-words.ts';
import { wallDate, wallTime } from '../../domain/shared/time.ts';
import type { GroupBy, KpiReport, TileKey } from './queries.ts';

export type Cell = string | number | null;
export type ExportTable = { name: string; columns: string[]; rows: Cell[][] };

export const tileLabels: Record<TileKey, string> = {
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

/** Where a booking came from, as the owner's downloads name it. */
export const channelWords: Readonly<Record<string, string>> = {
  telegram: 'Telegram',
  max: 'MAX',
  phone: 'Телефон',
  panel: 'Панель',
  web: 'Сайт',
  import: 'Импорт',
};

const reasonWords: Readonly<Record<string, string>> = {
  client_request: 'по просьбе клиента',
  no_show: 'неявка',
  station: 'по решению станции',
  duplicate: 'дубль',
  other: 'другое',
};

const breakdownWords = {
  newByChannel: { name: 'Новые записи по каналам', words: channelWords },
  cancelledByReason: { name: 'Отмены по причинам', words: reasonWords },
  refusedByChannel: { name: 'Отказы «время занято» по каналам', words: channelWords },
} as const;

const stageWords: Record<KpiReport['funnel'][number]['stage'], string> = {
  requested: 'Записались',
  confirmed: 'Подтверждено',
  started: 'Начата работа',
  done: 'Выполнено',
  cancelled: 'Отменено',
  stillNew: 'Ещё ждут подтверждения',
};

const groupWords: Record<GroupBy, string> = { day: 'по дням', week: 'по неделям', month: 'по месяцам' };

const word = (words: Readonly<Record<string, string>>, key: string) => words[key] ?? key;

/** What the export needs to name things: the branches' names and zones, the staff's names. */
export type ExportNames = { branches: ReadonlyMap<string, { name: string; timeZone: string }> };

/**
 * The report as tables for the CSV and XLSX downloads: the page's numbers with Russian headings,
 * branches, staff, channels and reasons by name, dates as a Russian reader writes them; no ids.
 */
export const exportTables = (report: KpiReport, asOf: string | null, names: ExportNames): ExportTable[] => {
  const { scope } = report;
  const branchName = (id: string) => names.branches.get(id)?.name ?? 'филиал удалён';
  const channels = Object.keys(report.series.bookingsByChannel[0] ?? {}).filter((key) => key !== 'bucket' && key !== 'total');
  const manager = scope.managerId ? (report.staff.find((person) => person.userId === scope.managerId)?.name ?? '—') : 'все';
  const zone =
    names.branches.get(scope.branchIds?.[0] ?? '')?.timeZone ?? [...names.branches.values()][0]?.timeZone ?? 'Europe/Moscow';
  const asOfText = asOf ? wallTime(asOf, zone) : 'сейчас';
  return [
    {
      name: 'Период',
      columns: ['Параметр', 'Значение'],
      rows: [
        ['Период', `${wallDate(scope.from)} – ${wallDate(scope.to)}`],
        ['Сравнение с периодом', `${wallDate(scope.previous.from)} – ${wallDate(scope.previous.to)}`],
        ['Группировка', groupWords[scope.groupBy]],
        ['Филиалы', scope.branchIds === null ? 'вся сеть' : scope.branchIds.map(branchName).join(', ')],
        ['Сотрудник', manager],
        ['Данные на момент', asOfText],
        [
          'Норма подтверждения, мин',
          scope.confirmTargets.length === 1
            ? scope.confirmTargets[0]!.minutes
            : scope.confirmTargets.map((target) => `${branchName(target.branchId)}: ${target.minutes}`).join('; '),
        ],
      ],
    },
    {
      name: 'Показатели',
      columns: ['Показатель', 'Значение', 'Прошлый период', 'Изменение', 'Изменение, %'],
      rows: report.tiles.map((tile) => [tileLabels[tile.key], tile.value, tile.previous, tile.change, tile.changePercent]),
    },
    {
      name: 'Разбивки',
      columns: ['Разбивка', 'Что', 'Значение', 'Прошлый период'],
      rows: (['newByChannel', 'cancelledByReason', 'refusedByChannel'] as const).flatMap((name) =>
        report.breakdowns[name].map((item): Cell[] => [
          breakdownWords[name].name,
          word(breakdownWords[name].words, item.key),
          item.value,
          item.previous,
        ]),
      ),
    },
    {
      name: 'Динамика',
      columns: [
        'Начало',
        'Новые записи',
        ...channels.map((channel) => `Новые: ${word(channelWords, channel)}`),
        'Подтверждено',
        'Выполнено',
        'Отменено',
        'Неявки',
        'Подтверждены позже нормы',
        'Отказы: время занято',
        'Подтверждений',
        'Время подтверждения, медиана, мин',
        'Время подтверждения, 90-й перцентиль, мин',
      ],
      rows: report.series.bookingsByChannel.map((point, i): Cell[] => {
        const statuses = report.series.statuses[i]!;
        const confirm = report.series.timeToConfirm[i]!;
        return [
          wallDate(point.bucket),
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
    {
      name: 'Воронка',
      columns: ['Этап', 'Записей'],
      rows: report.funnel.map((stage) => [stageWords[stage.stage], stage.count]),
    },
    {
      name: 'Сотрудники',
      columns: [
        'Имя',
        'Роль',
        'Новые записи',
        'Подтверждено',
        'Выполнено',
        'Отменено',
        'Подтверждены позже нормы',
        'Отказы: время занято',
        'Время подтверждения, медиана, мин',
        'Время подтверждения, 90-й перцентиль, мин',
      ],
      rows: report.managers.map((person) => [
        person.name ?? 'сотрудник удалён',
        person.role ? word(roleWords, person.role) : '—',
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
    {
      name: 'Проверки',
      columns: ['Проверка', 'Значение'],
      rows: [['Записи, пересекающиеся на одном посту (должно быть 0)', report.checks.calendarOverlaps]],
    },
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
