import { component$ } from '@builder.io/qwik';
import type { MoneyReport } from '../../../../contract/work-orders.ts';
import { TableHead } from '../../components/table-head';
import { fill, usePageTexts, useT, type Channel } from '../../i18n';
import { roublesText } from '../../lib/roubles';
import { moneyTexts } from '../../texts/money';
import { useSectionReport } from './use-section-report';

type MoneyRow = MoneyReport['byManager'][number];

const hoursText = (minutes: number, locale: string) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(minutes / 60);

/**
 * The money of the report's period and branch (GET /api/kpis/money): what came in, the orders
 * finished, the average bill, works against parts, repeat visits of cars and the maintenance
 * reminders' outcome as tiles; the money by payment method (the till at closing) and the split by
 * branch, manager, mechanic and channel as tables; the same in the downloads.
 */
export const MoneySection = component$((props: { query: string }) => {
  const texts = useT();
  const t = usePageTexts(moneyTexts);
  const state = useSectionReport<MoneyReport>('/api/kpis/money', props);

  const locale = texts.locale;
  // A no-break space: «7 900 ₽» must not leave the sign alone on the next line of a narrow tile.
  const rub = (kopecks: number) => `${roublesText(kopecks, locale)}\u00a0${t.rub}`;
  const report = state.report;
  const rows = (
    title: string,
    kind: string,
    list: readonly (MoneyRow & { revenueKopecks?: number; bookedMinutes?: number; workedMinutes?: number })[],
    nameOf: (row: MoneyRow) => string,
    extra: 'revenue' | 'hours' | null,
  ) =>
    list.length > 0 && (
      <section class="chart-card" data-money-table={kind}>
        <h2>{title}</h2>
        <div class="table-scroll">
          <table class="staff-table">
            <TableHead
              labels={[
                t.name,
                t.orders,
                t.billed,
                ...(extra === 'revenue' ? [t.paidIn] : extra === 'hours' ? [t.bookedHours, t.workedHours] : []),
              ]}
            />
            <tbody>
              {list.map((row) => (
                <tr key={row.key ?? 'none'} data-money-row={row.key ?? 'none'}>
                  <td>{nameOf(row)}</td>
                  <td>{row.ordersDone}</td>
                  <td>{rub(row.billedKopecks)}</td>
                  {extra === 'revenue' && <td>{rub(row.revenueKopecks ?? 0)}</td>}
                  {extra === 'hours' && <td>{hoursText(row.bookedMinutes ?? 0, locale)}</td>}
                  {extra === 'hours' && <td>{hoursText(row.workedMinutes ?? 0, locale)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    );

  return (
    <section class="money-section" data-money={report ? 'ready' : state.error ? 'failed' : 'loading'}>
      <div class="reports-head">
        <h2 class="money-title">{t.title}</h2>
        <div class="reports-export">
          <a class="btn" href={`/api/kpis/money/export.csv?${props.query}`} download data-export="money-csv">
            {t.exportCsv}
          </a>
          <a class="btn" href={`/api/kpis/money/export.xlsx?${props.query}`} download data-export="money-xlsx">
            {t.exportXlsx}
          </a>
        </div>
      </div>
      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      {!report && state.loading && <p class="muted">{t.loading}</p>}
      {report && (
        <>
          <div class="kpi-grid">
            <article class="kpi-tile" data-money-tile="revenue" data-value={report.revenueKopecks}>
              <h3>{t.revenue}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{roublesText(report.revenueKopecks, locale)}</span>
                <span class="kpi-unit">{t.rub}</span>
              </p>
              <p class="kpi-note">
                {t.revenueNote}, {fill(t.payments, { n: report.payments })}
              </p>
            </article>
            <article class="kpi-tile" data-money-tile="ordersDone" data-value={report.ordersDone}>
              <h3>{t.ordersDone}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{report.ordersDone}</span>
              </p>
            </article>
            <article class="kpi-tile" data-money-tile="averageBill" data-value={report.averageBillKopecks ?? ''}>
              <h3>{t.averageBill}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">
                  {report.averageBillKopecks === null ? '—' : roublesText(report.averageBillKopecks, locale)}
                </span>
                {report.averageBillKopecks !== null && <span class="kpi-unit">{t.rub}</span>}
              </p>
            </article>
            <article class="kpi-tile" data-money-tile="worksParts">
              <h3>{t.worksParts}</h3>
              <p class="kpi-note kpi-pair">
                <strong>{rub(report.worksKopecks)}</strong> / <strong>{rub(report.partsKopecks)}</strong>
              </p>
              {report.loweredKopecks > 0 && (
                <p class="kpi-note" data-money-lowered>
                  {fill(t.lowered, { sum: rub(report.loweredKopecks) })}
                </p>
              )}
            </article>
            <article
              class="kpi-tile"
              data-money-tile="awaited"
              data-value={report.awaited.invoicedKopecks + report.awaited.unpaidKopecks}
            >
              <h3>{t.awaited}</h3>
              <ul class="kpi-details">
                <li data-money-awaited="invoices">
                  <span>{fill(t.awaitedInvoices, { n: report.awaited.invoices })}</span>{' '}
                  <strong>{rub(report.awaited.invoicedKopecks)}</strong>
                </li>
                <li data-money-awaited="unpaid">
                  <span>{fill(t.awaitedUnpaid, { n: report.awaited.unpaidOrders })}</span>{' '}
                  <strong>{rub(report.awaited.unpaidKopecks)}</strong>
                </li>
              </ul>
              <p class="kpi-note">{t.awaitedNote}</p>
            </article>
            <article class="kpi-tile" data-money-tile="repeatCars" data-value={report.cars.repeatVisits}>
              <h3>{t.repeatCars}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{report.cars.repeatVisits}</span>
              </p>
              <p class="kpi-note">{fill(t.repeatOf, { n: report.cars.visits })}</p>
            </article>
            <article class="kpi-tile" data-money-tile="reminders" data-value={report.reminders.booked}>
              <h3>{t.reminders}</h3>
              <ul class="kpi-details">
                <li>
                  <span>{t.remindersSent}</span> <strong>{report.reminders.issued}</strong>
                </li>
                <li>
                  <span>{t.remindersBooked}</span> <strong>{report.reminders.booked}</strong>
                </li>
                <li>
                  <span>{t.remindersDone}</span> <strong>{report.reminders.visitsDone}</strong>
                </li>
                <li>
                  <span>{t.remindersPaid}</span> <strong>{rub(report.reminders.revenueKopecks)}</strong>
                </li>
              </ul>
            </article>
          </div>
          {report.byMethod.length > 0 && (
            <section class="chart-card" data-money-table="method">
              <h2>{t.byMethod}</h2>
              <div class="table-scroll">
                <table class="staff-table">
                  <TableHead labels={[t.method, t.paymentsCount, t.paid, t.refunded, t.net]} />
                  <tbody>
                    {report.byMethod.map((row) => (
                      <tr key={row.method ?? 'none'} data-money-row={row.method ?? 'none'}>
                        <td>{t.methods[row.method ?? ''] ?? t.unknownMethod}</td>
                        <td>{row.payments}</td>
                        <td>{rub(row.paidKopecks)}</td>
                        <td>{rub(row.refundedKopecks)}</td>
                        <td>{rub(row.netKopecks)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {report.ordersDone === 0 && <p class="muted">{t.none}</p>}
          {rows(t.byBranch, 'branch', report.byBranch, (row) => row.name ?? '—', 'revenue')}
          {rows(t.byManager, 'manager', report.byManager, (row) => row.name ?? t.nobody, null)}
          {rows(t.byMechanic, 'mechanic', report.byMechanic, (row) => row.name ?? t.unassigned, 'hours')}
          {rows(t.byChannel, 'channel', report.byChannel, (row) => texts.channels[row.key as Channel] ?? '—', null)}
        </>
      )}
    </section>
  );
});
