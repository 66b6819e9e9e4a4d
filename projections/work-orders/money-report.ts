import type { Pool } from 'pg';
import { daysSpan, wallDate } from '../../domain/shared/time.ts';
import { channelWords, type ExportTable } from '../kpi/index.ts';
import { getReminderFigures } from '../maintenance/queries.ts';
import { getAwaitedMoney, getMoneyBreakdowns, getMoneyByMethod, getMoneyKpis } from './queries.ts';

/**
 * The owner's money of a period of branch-local days: what came in and how it was paid, the orders
 * finished and their split, by branch, manager, mechanic and channel (each row named), repeat
 * visits of cars, and what the maintenance reminders brought; and, as of now, the money awaited.
 */
export const getMoneyReport = async (
  pool: Pool,
  orgId: string,
  branchIds: readonly string[] | null,
  period: { from: string; to: string; timeZone: string },
) => {
  const { from, to } = daysSpan(period);
  const [figures, reminders, breakdowns, byMethod, awaited, names] = await Promise.all([
    getMoneyKpis(pool, orgId, branchIds, from, to),
    getReminderFigures(pool, orgId, branchIds, from, to),
    getMoneyBreakdowns(pool, orgId, branchIds, from, to),
    getMoneyByMethod(pool, orgId, branchIds, from, to),
    getAwaitedMoney(pool, orgId, branchIds),
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
    byMethod,
    awaited,
    cars: breakdowns.cars,
  };
};

export type MoneyReport = Awaited<ReturnType<typeof getMoneyReport>>;

const rub = (kopecks: number) => kopecks / 100;

/** How a payment was taken, as the till and the bank statement name it. */
export const methodWords: Record<string, string> = {
  cash: 'Наличные',
  card: 'Карта',
  sbp: 'СБП',
  invoice: 'По счёту',
  online: 'Онлайн по ссылке',
};

/** The money report as tables for the CSV and Excel downloads: roubles, names, no ids. */
export const moneyExportTables = (report: MoneyReport): ExportTable[] => [
  {
    name: 'Деньги',
    columns: ['Показатель', 'Значение'],
    rows: [
      ['Период с', wallDate(report.from)],
      ['Период по', wallDate(report.to)],
      ['Поступило, ₽ (за вычетом возвратов)', rub(report.revenueKopecks)],
      ['Платежей', report.payments],
      ['Заказ-нарядов выполнено', report.ordersDone],
      ['Средний чек, ₽', report.averageBillKopecks === null ? null : rub(report.averageBillKopecks)],
      ['Работы, ₽', rub(report.worksKopecks)],
      ['Запчасти, ₽', rub(report.partsKopecks)],
      ['Снижено после оплаты, ₽', rub(report.loweredKopecks)],
      ['Визитов автомобилей', report.cars.visits],
      ['Из них повторных', report.cars.repeatVisits],
      ['Напоминаний о ТО отправлено', report.reminders.issued],
      ['Записались по напоминаниям', report.reminders.booked],
      ['Визитов по напоминаниям выполнено', report.reminders.visitsDone],
      ['Оплачено по этим визитам, ₽', rub(report.reminders.revenueKopecks)],
      ['Ждём по выставленным счетам на момент выгрузки, ₽', rub(report.awaited.invoicedKopecks)],
      ['Счетов ждут оплаты', report.awaited.invoices],
      ['Выполнено, не оплачено и без счёта на момент выгрузки, ₽', rub(report.awaited.unpaidKopecks)],
      ['Таких заказ-нарядов', report.awaited.unpaidOrders],
    ],
  },
  {
    name: 'По способам оплаты',
    columns: ['Способ оплаты', 'Платежей', 'Принято, ₽', 'Возвращено, ₽', 'Итого, ₽'],
    rows: report.byMethod.map((row) => [
      methodWords[row.method ?? ''] ?? 'Не указан',
      row.payments,
      rub(row.paidKopecks),
      rub(row.refundedKopecks),
      rub(row.netKopecks),
    ]),
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
