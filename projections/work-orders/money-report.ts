import type { Pool } from 'pg';
import { daysSpan } from '../../domain/shared/time.ts';
import { channelWords, type ExportTable } from '../kpi/index.ts';
import { getReminderFigures } from '../maintenance/queries.ts';
import { getMoneyBreakdowns, getMoneyKpis } from './queries.ts';

/**
 * The owner's money of a period of branch-local days: what came in, the orders finished and their
 * split, by branch, manager, mechanic and channel (each row named), repeat visits of cars, and what
 * the maintenance reminders brought.
 */
export const getMoneyReport = async (
  pool: Pool,
  orgId: string,
  branchIds: readonly string[] | null,
  period: { from: string; to: string; timeZone: string },
) => {
  const { from, to } = daysSpan(period);
  const [figures, reminders, breakdowns, names] = await Promise.all([
    getMoneyKpis(pool, orgId, branchIds, from, to),
    getReminderFigures(pool, orgId, branchIds, from, to),
    getMoneyBreakdowns(pool, orgId, branchIds, from, to),
    pool.query<{ id: string; name: string }>(
      `SELECT id::text, name FROM users WHERE org_id = $1 UNION ALL SELECT id::text, name FROM branches WHERE org_id = $1`,
      [orgId],
    ),
  ]);
  const nameOf = new Map(names.rows.map((row) => [row.id, row.name]));
  const named = <R extends { key: string | null }>(rows: R[]) =>
    rows.map((row) => ({ ...row, name: row.key === null ? null : (nameOf.get(row.key) ?? null) }));
  return {
    from: period.from,
    to: period.to,
    ...figures,
    reminders,
    byBranch: named(breakdowns.byBranch),
    byManager: named(breakdowns.byManager),
    byMechanic: named(breakdowns.byMechanic),
    byChannel: breakdowns.byChannel.map((row) => ({ ...row, name: null })),
    cars: breakdowns.cars,
  };
};

export type MoneyReport = Awaited<ReturnType<typeof getMoneyReport>>;

const rub = (kopecks: number) => kopecks / 100;

/** The money report as tables for the CSV and Excel downloads: roubles, names, no ids. */
export const moneyExportTables = (report: MoneyReport): ExportTable[] => [
  {
    name: 'Деньги',
    columns: ['Показатель', 'Значение'],
    rows: [
      ['Период с', report.from],
      ['Период по', report.to],
      ['Поступило, ₽ (за вычетом возвратов)', rub(report.revenueKopecks)],
      ['Платежей', report.payments],
      ['Заказ-нарядов выполнено', report.ordersDone],
      ['Средний чек, ₽', report.averageBillKopecks === null ? null : rub(report.averageBillKopecks)],
      ['Работы, ₽', rub(report.worksKopecks)],
      ['Запчасти, ₽', rub(report.partsKopecks)],
      ['Визитов автомобилей', report.cars.visits],
      ['Из них повторных', report.cars.repeatVisits],
      ['Напоминаний о ТО отправлено', report.reminders.issued],
      ['Записались по напоминаниям', report.reminders.booked],
      ['Визитов по напоминаниям выполнено', report.reminders.visitsDone],
      ['Оплачено по этим визитам, ₽', rub(report.reminders.revenueKopecks)],
    ],
  },
  {
    name: 'Деньги по разрезам',
    columns: [
      'Разрез',
      'Кто или что',
      'Заказ-нарядов',
      'Сумма заказ-нарядов, ₽',
      'Поступило, ₽',
      'Часов по записи',
      'Часов в работе',
    ],
    rows: [
      ...report.byBranch.map((row) => [
        'Филиал',
        row.name,
        row.ordersDone,
        rub(row.billedKopecks),
        rub(row.revenueKopecks),
        null,
        null,
      ]),
      ...report.byManager.map((row) => [
        'Менеджер',
        row.name ?? 'Без ответственного',
        row.ordersDone,
        rub(row.billedKopecks),
        null,
        null,
        null,
      ]),
      ...report.byMechanic.map((row) => [
        'Механик',
        row.name ?? 'Не назначен',
        row.ordersDone,
        rub(row.billedKopecks),
        null,
        Math.round(row.bookedMinutes / 6) / 10,
        Math.round(row.workedMinutes / 6) / 10,
      ]),
      ...report.byChannel.map((row) => [
        'Канал',
        channelWords[row.key ?? ''] ?? row.key,
        row.ordersDone,
        rub(row.billedKopecks),
        null,
        null,
        null,
      ]),
    ],
  },
];
