import { component$ } from '@builder.io/qwik';
import type { LeadSourcesReport } from '../../../../contract/lead-sources.ts';
import { TableHead } from '../../components/table-head';
import { usePageTexts, useT } from '../../i18n';
import { sourcesTexts } from '../../texts/sources';
import { useSectionReport } from './use-section-report';

/**
 * Where the period's bookings came from (GET /api/kpis/sources): a row per channel and lead source,
 * channels in words, the source as the station tagged its adverts and QR codes.
 */
export const SourcesSection = component$((props: { query: string }) => {
  const texts = useT();
  const t = usePageTexts(sourcesTexts);
  const state = useSectionReport<LeadSourcesReport>('/api/kpis/sources', props);

  const report = state.report;
  return (
    <section class="delivery-section" data-sources={report ? 'ready' : state.error ? 'failed' : 'loading'}>
      <div class="reports-head">
        <h2 class="money-title">{t.title}</h2>
      </div>
      <p class="muted delivery-intro">{t.intro}</p>
      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      {!report && !state.error && <p class="muted">{t.loading}</p>}
      {report && report.rows.length === 0 && <p class="muted">{t.none}</p>}
      {report && report.rows.length > 0 && (
        <section class="chart-card">
          <div class="table-scroll">
            <table class="staff-table" data-sources-table>
              <TableHead labels={[t.channel, t.source, t.bookings, t.done, t.cancelled]} />
              <tbody>
                {report.rows.map((row) => (
                  <tr key={`${row.channel}:${row.source ?? ''}`} data-source-row={row.source ?? ''}>
                    <td>{texts.channels[row.channel]}</td>
                    <td>{row.source ?? <span class="muted">{t.noSource}</span>}</td>
                    <td>{row.bookings}</td>
                    <td>{row.done}</td>
                    <td>{row.cancelled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
});
