import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { complianceTexts } from '../texts/compliance';
import { ClientChip, dayText, ListStatus, loadList, say, sayFailure, stamp, useCompliance } from './compliance-shared';
import type { ActSummary, Retention } from '../../../contract/compliance.ts';
import { TableHead } from './table-head';

type Act = ActSummary;
type Rule = Retention['rules'][number];
type Run = Retention['runs'][number];

type ActsState = { acts: Act[]; rules: Rule[]; runs: Run[]; loaded: boolean; error: string; busy: boolean };

const SHOWN_RUNS = 10;

/** Destruction acts (kept 3 years) with their documents; retention rules and their last runs. */
export const ActsTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore<ActsState>({ acts: [], rules: [], runs: [], loaded: false, error: '', busy: false });

  const load = $(() =>
    loadList(page, state, lang, async () => {
      const [acts, retention] = await Promise.all([
        api<{ acts: Act[] }>('/api/compliance/acts'),
        api<{ rules: Rule[]; runs: Run[] }>('/api/compliance/retention'),
      ]);
      state.acts = acts.acts;
      state.rules = retention.rules;
      state.runs = retention.runs;
    }),
  );

  useVisibleTask$(() => load(), { strategy: 'document-ready' });

  const run = $(async (work: () => Promise<unknown>, done: string) => {
    state.busy = true;
    try {
      await work();
      say(page, done, 'ok');
      await load();
    } catch (error) {
      sayFailure(page, error, lang.value);
    } finally {
      state.busy = false;
    }
  });

  const locale = TEXTS[lang.value].locale;
  const zone = page.timeZone;
  return (
    <div class="cp-tab-body" data-acts-tab data-ready={state.loaded ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <h2>{tx.acts.heading}</h2>
      </div>
      <ListStatus state={state} loading={tx.loading} rows={state.acts.length} empty={tx.acts.empty} />
      {state.acts.length > 0 && (
        <table class="cp-table" data-act-list>
          <TableHead labels={[tx.acts.number, tx.acts.destroyedAt, tx.acts.client, tx.acts.keepUntil, tx.acts.documents]} />
          <tbody>
            {state.acts.map((act) => (
              <tr key={act.id} data-act-id={act.id} data-act-client={act.clientId}>
                <td data-label={tx.acts.number} data-act-number>
                  {act.number ?? tx.none}
                </td>
                <td data-label={tx.acts.destroyedAt}>{stamp(act.destroyedAt, zone, locale)}</td>
                <td data-label={tx.acts.client}>
                  <ClientChip id={act.clientId} />
                </td>
                <td data-label={tx.acts.keepUntil}>{dayText(act.retentionUntil, locale)}</td>
                <td data-label={tx.acts.documents} class="cp-links">
                  <a class="btn" href={`/api/compliance/acts/${act.id}?format=html`} target="_blank" rel="noopener" data-act-html>
                    {tx.acts.act}
                  </a>
                  <a
                    class="btn"
                    href={`/api/compliance/acts/${act.id}/log-export?format=html`}
                    target="_blank"
                    rel="noopener"
                    data-log-export-html
                  >
                    {tx.acts.logExport}
                  </a>
                  <a class="btn" href={`/api/compliance/acts/${act.id}?format=pdf`} target="_blank" rel="noopener" data-act-pdf>
                    {tx.acts.actPdf}
                  </a>
                  <a
                    class="btn"
                    href={`/api/compliance/acts/${act.id}/log-export?format=pdf`}
                    target="_blank"
                    rel="noopener"
                    data-log-export-pdf
                  >
                    {tx.acts.logExportPdf}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div class="cp-toolbar">
        <h2>{tx.acts.retention}</h2>
        <button
          type="button"
          class="btn"
          disabled={state.busy}
          data-retention-run
          onClick$={() =>
            run(() => api('/api/compliance/retention/run', { method: 'POST' }), complianceTexts[lang.value].acts.ran)
          }
        >
          {tx.acts.runNow}
        </button>
      </div>
      <ul class="cp-cards" data-retention-rules>
        {state.rules.map((rule) => (
          <li key={rule.rule} class="cp-box" data-rule={rule.rule}>
            <form
              class="cp-rule"
              preventdefault:submit
              onSubmit$={(_, form) => {
                const data = new FormData(form);
                return run(
                  () =>
                    api(`/api/compliance/retention/${rule.rule}`, {
                      method: 'PUT',
                      body: { days: Number(data.get('days')), enabled: data.get('enabled') === 'on' },
                    }),
                  complianceTexts[lang.value].saved,
                );
              }}
            >
              <div class="cp-rule-text">
                <strong>{tx.acts.rules[rule.rule] ?? rule.rule}</strong>
                <small class="muted cp-block">{rule.description}</small>
              </div>
              <label class="field cp-days">
                <span>{tx.acts.days}</span>
                <input name="days" type="number" min={0} max={36500} required value={rule.days} />
              </label>
              <label class="cp-check">
                <input name="enabled" type="checkbox" checked={rule.enabled} />
                {tx.acts.enabled}
              </label>
              <button type="submit" class="btn" disabled={state.busy}>
                {tx.save}
              </button>
            </form>
          </li>
        ))}
      </ul>

      <h3>{tx.acts.runs}</h3>
      {state.loaded && state.runs.length === 0 && <p class="muted">{tx.acts.noRuns}</p>}
      {state.runs.length > 0 && (
        <table class="cp-table" data-retention-runs>
          <TableHead labels={[tx.acts.started, tx.acts.trigger, tx.acts.results]} />
          <tbody>
            {state.runs.slice(0, SHOWN_RUNS).map((entry) => (
              <tr key={entry.id} class={{ 'is-overdue': !!entry.error }}>
                <td data-label={tx.acts.started}>{stamp(entry.startedAt, zone, locale)}</td>
                <td data-label={tx.acts.trigger}>{tx.acts.triggers[entry.trigger]}</td>
                <td data-label={tx.acts.results}>
                  {Object.entries(entry.results)
                    .map(([rule, count]) => `${tx.acts.rules[rule] ?? rule}: ${count}`)
                    .join('; ') || tx.none}
                  {entry.error && <small class="cp-block">{fill(tx.acts.failed, { error: entry.error })}</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});
