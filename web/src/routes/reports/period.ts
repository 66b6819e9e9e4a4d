import { addDays } from '../../lib/tz';

export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

const monthStart = (date: string, shift = 0) => {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + shift, 1)).toISOString().slice(0, 10);
};

/** The branch-local days a period around `date` covers: the day, its Monday–Sunday week, or its calendar month. */
export const rangeOf = (period: Period, date: string): { from: string; to: string } => {
  if (period === 'day') return { from: date, to: date };
  if (period === 'week') {
    const from = addDays(date, -weekday(date));
    return { from, to: addDays(from, 6) };
  }
  return { from: monthStart(date), to: addDays(monthStart(date, 1), -1) };
};

/** The same kind of period before (-1) or after (+1) the one `date` is in. */
export const stepPeriod = (period: Period, date: string, direction: -1 | 1): string => {
  if (period === 'day') return addDays(date, direction);
  if (period === 'week') return addDays(rangeOf('week', date).from, 7 * direction);
  return monthStart(date, direction);
};

export type ReportFilter = { branchId: string; managerId: string; period: Period; date: string; asOf: string };

/** The query string the KPI routes and the downloads share: one place, so the files hold what the page shows. */
export const kpiQuery = (filter: ReportFilter): string => {
  const { from, to } = rangeOf(filter.period, filter.date);
  const params = new URLSearchParams({ from, to, groupBy: 'day' });
  if (filter.branchId) params.set('branchId', filter.branchId);
  if (filter.managerId) params.set('managerId', filter.managerId);
  if (filter.asOf) params.set('asOf', filter.asOf);
  return params.toString();
};

/** The query of the money report (GET /api/kpis/money): the same days and branch, live only. */
export const moneyQuery = (filter: ReportFilter): string => {
  const { from, to } = rangeOf(filter.period, filter.date);
  const params = new URLSearchParams({ from, to });
  if (filter.branchId) params.set('branchId', filter.branchId);
  return params.toString();
};
