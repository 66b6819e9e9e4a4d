import { component$ } from '@builder.io/qwik';
import type { DeliveryRatesReport } from '../../../../contract/deliveries.ts';
import { TableHead } from '../../components/table-head';
import { fill, usePageTexts, useT } from '../../i18n';
import { deliveryTexts } from '../../texts/delivery';
import { useSectionReport } from './use-section-report';

const percentText = (share: number | null, locale: string) =>
  share === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/**
 * How the clients' status messages of the report's period and branch went (GET /api/kpis/deliveries):
 * each message once as tiles (reached the client, failed everywhere, no way to reach them), and every
 * attempt per channel of the cascade as a table, channels named in words.
 */
export const DeliverySection = component$((props: { query: string }) => {
  const texts = useT();
  const t = usePageTexts(deliveryTexts);
  const state = useSectionReport<DeliveryRatesReport>('/api/kpis/deliveries', props);

  const locale = texts.locale;
  const report = state.report;
  const messages = report?.messages;

  return (
    <section class="delivery-section" data-delivery={report ? 'ready' : state.error ? 'failed' : 'loading'}>
      <div class="reports-head">
        <h2 class="money-title">{t.title}</h2>
      </div>
      <p class="muted delivery-intro">{t.intro}</p>
      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      {!report && state.loading && <p class="muted">{t.loading}</p>}
      {report && messages && (
        <>
          <div class="kpi-grid">
            <article class="kpi-tile" data-delivery-tile="total" data-value={messages.total}>
              <h3>{t.total}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{messages.total}</span>
              </p>
            </article>
            <article class="kpi-tile" data-delivery-tile="reached" data-value={messages.reached}>
              <h3>{t.reached}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{messages.reached}</span>
              </p>
              <p class="kpi-note" data-delivery-share>
                {fill(t.reachedOf, { share: percentText(messages.reachedShare, locale) })}
              </p>
            </article>
            <article class="kpi-tile" data-delivery-tile="failed" data-value={messages.failed}>
              <h3>{t.failed}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{messages.failed}</span>
              </p>
            </article>
            <article class="kpi-tile" data-delivery-tile="noWayIn" data-value={messages.noWayIn}>
              <h3>{t.noWayIn}</h3>
              <p class="kpi-figure">
                <span class="kpi-value">{messages.noWayIn}</span>
              </p>
              <p class="kpi-note">{t.noWayInNote}</p>
            </article>
          </div>
          {messages.total === 0 && <p class="muted">{t.none}</p>}
          <section class="chart-card" data-delivery-table>
            <h2>{t.byChannel}</h2>
            <div class="table-scroll">
              <table class="staff-table">
                <TableHead labels={[t.channel, t.attempts, t.sent, t.failedTries, t.share]} />
                <tbody>
                  {report.channels.map((row) => (
                    <tr key={row.channel} data-delivery-row={row.channel}>
                      <td>{t.channels[row.channel]}</td>
                      <td>{row.attempts}</td>
                      <td>{row.sent}</td>
                      <td>{row.failed}</td>
                      <td>{percentText(row.sentShare, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="kpi-note">{t.triesNote}</p>
          </section>
        </>
      )}
    </section>
  );
});
