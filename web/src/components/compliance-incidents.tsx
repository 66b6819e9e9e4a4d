import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { InWords } from './in-words';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { complianceTexts, type ComplianceTexts } from '../texts/compliance';
import {
  ClientChip,
  clockText,
  instantOfInput,
  ListStatus,
  loadList,
  problem,
  rowKey,
  say,
  sayFailure,
  stamp,
  useCompliance,
  wallInput,
} from './compliance-shared';
import type { Affected, Incident } from '../../../contract/compliance.ts';

type Kind = keyof ComplianceTexts['incidents']['kinds'];

const KINDS: Kind[] = ['leak', 'unauthorized-access', 'loss', 'other'];
const CATEGORIES = ['name', 'phone', 'email', 'comment', 'make', 'model', 'plate', 'telegram', 'evidence'];
const SHOWN_CLIENTS = 20;

type IncidentsState = {
  incidents: Incident[];
  /** Counts the loads, for row keys (see rowKey). */
  load: number;
  affected: Record<string, Affected>;
  loaded: boolean;
  error: string;
  form: {
    show: boolean;
    kind: Kind;
    summary: string;
    detectedAt: string;
    branchIds: string[];
    from: string;
    to: string;
    categories: string[];
    busy: boolean;
    error: string;
  };
};

/** One deadline to Roskomnadzor: the time left or overdue, counting down, or when the notice went. */
const DeadlineView = component$(
  (props: {
    label: string;
    deadline: Incident['deadlines']['initial'];
    sentAt: string | null;
    now: number;
    zone: string;
    locale: string;
    stage: string;
  }) => {
    const tx = usePageTexts(complianceTexts);
    const { deadline, sentAt } = props;
    const left = Date.parse(deadline.dueAt) - props.now;
    const state = sentAt ? (deadline.overdue ? 'late' : 'sent') : left < 0 ? 'overdue' : 'running';
    return (
      <div class={`cp-deadline cp-deadline-${state}`} data-deadline={props.stage} data-deadline-state={state}>
        <span class="cp-deadline-label">{props.label}</span>
        <span>{fill(tx.incidents.dueAt, { time: stamp(deadline.dueAt, props.zone, props.locale) })}</span>
        <strong>
          {sentAt
            ? fill(deadline.overdue ? tx.incidents.sentLate : tx.incidents.sentAt, {
                time: stamp(sentAt, props.zone, props.locale),
              })
            : fill(left < 0 ? tx.incidents.overdueBy : tx.incidents.left, { clock: clockText(left, tx) })}
        </strong>
      </div>
    );
  },
);

/** The incident register: the 24 h and 72 h notices to Roskomnadzor counting down, and who is touched. */
export const IncidentsTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore<IncidentsState>({
    incidents: [],
    load: 0,
    affected: {},
    loaded: false,
    error: '',
    form: {
      show: false,
      kind: 'leak',
      summary: '',
      detectedAt: '',
      branchIds: [],
      from: '',
      to: '',
      categories: ['name', 'phone'],
      busy: false,
      error: '',
    },
  });

  const load = $(() =>
    loadList(page, state, lang, async () => {
      state.incidents = (await api<{ incidents: Incident[] }>('/api/compliance/incidents')).incidents;
    }),
  );

  useVisibleTask$(() => load(), { strategy: 'document-ready' });

  const register = $(async () => {
    const form = state.form;
    form.busy = true;
    form.error = '';
    const zone = page.timeZone;
    const detectedAt = instantOfInput(form.detectedAt, zone);
    const from = instantOfInput(form.from, zone);
    const to = instantOfInput(form.to, zone);
    try {
      await api('/api/compliance/incidents', {
        body: {
          kind: form.kind,
          summary: form.summary.trim(),
          ...(detectedAt ? { detectedAt } : {}),
          scope: {
            ...(form.branchIds.length ? { branchIds: form.branchIds } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
          },
          categories: form.categories,
        },
      });
      say(page, complianceTexts[lang.value].incidents.registered, 'ok');
      Object.assign(form, { show: false, summary: '', branchIds: [], from: '', to: '' });
      await load();
    } catch (error) {
      form.error = problem(error, lang.value);
    } finally {
      form.busy = false;
    }
  });

  const act = $(async (path: string, body?: unknown) => {
    try {
      await api(path, { method: 'POST', body });
      say(page, complianceTexts[lang.value].saved, 'ok');
      await load();
    } catch (error) {
      sayFailure(page, error, lang.value);
    }
  });

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const locale = TEXTS[lang.value].locale;
  const zone = page.timeZone;
  const form = state.form;
  return (
    <div class="cp-tab-body" data-incidents data-ready={state.loaded ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <h2>{tx.incidents.heading}</h2>
        <button
          type="button"
          class="btn btn-primary"
          data-register-incident
          onClick$={() => {
            form.show = !form.show;
            form.detectedAt = wallInput(Date.now(), page.timeZone);
          }}
        >
          {tx.incidents.register}
        </button>
      </div>
      <p class="muted">{tx.incidents.intro}</p>

      {form.show && (
        <form class="cp-box cp-form" preventdefault:submit onSubmit$={register} data-incident-form>
          <label class="field">
            <span>{tx.incidents.kind}</span>
            <select value={form.kind} onChange$={(_, el) => (form.kind = el.value as Kind)}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind} selected={kind === form.kind}>
                  {tx.incidents.kinds[kind]}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{tx.incidents.detectedAt}</span>
            <InWords kind="datetime-local" value={form.detectedAt}>
              <input
                type="datetime-local"
                value={form.detectedAt}
                onInput$={(_, el) => (form.detectedAt = el.value)}
                data-field="detectedAt"
              />
            </InWords>
          </label>
          <label class="field cp-span">
            <span>{tx.incidents.summary}</span>
            <textarea
              rows={3}
              required
              minLength={5}
              maxLength={4000}
              value={form.summary}
              onInput$={(_, el) => (form.summary = el.value)}
              data-field="summary"
            />
          </label>
          {page.branches.length > 0 && (
            <fieldset class="cp-checks cp-span">
              <legend>{tx.incidents.branches}</legend>
              {page.branches.map((branch) => (
                <label key={branch.id} class="cp-check">
                  <input
                    type="checkbox"
                    data-branch={branch.id}
                    checked={form.branchIds.includes(branch.id)}
                    onChange$={(_, el) => (form.branchIds = toggle(form.branchIds, branch.id, el.checked))}
                  />
                  {branch.name}
                </label>
              ))}
            </fieldset>
          )}
          <label class="field">
            <span>{tx.incidents.from}</span>
            <InWords kind="datetime-local" value={form.from}>
              <input type="datetime-local" value={form.from} onInput$={(_, el) => (form.from = el.value)} />
            </InWords>
          </label>
          <label class="field">
            <span>{tx.incidents.to}</span>
            <InWords kind="datetime-local" value={form.to}>
              <input type="datetime-local" value={form.to} onInput$={(_, el) => (form.to = el.value)} />
            </InWords>
          </label>
          <p class="muted cp-span">{tx.incidents.scopeHint}</p>
          <fieldset class="cp-checks cp-span">
            <legend>{tx.incidents.categories}</legend>
            {CATEGORIES.map((field) => (
              <label key={field} class="cp-check">
                <input
                  type="checkbox"
                  checked={form.categories.includes(field)}
                  onChange$={(_, el) => (form.categories = toggle(form.categories, field, el.checked))}
                />
                {tx.incidents.categoryNames[field]}
              </label>
            ))}
          </fieldset>
          {form.error && (
            <p class="form-error cp-span" role="alert">
              {form.error}
            </p>
          )}
          <div class="form-actions cp-span">
            <button type="button" class="btn" onClick$={() => (form.show = false)}>
              {tx.cancel}
            </button>
            <button type="submit" class="btn btn-primary" disabled={form.busy || form.categories.length === 0}>
              {tx.incidents.submit}
            </button>
          </div>
        </form>
      )}

      <ListStatus state={state} loading={tx.loading} rows={state.incidents.length} empty={tx.incidents.empty} />
      <ul class="cp-cards" data-incident-list>
        {state.incidents.map((incident) => {
          const open = incident.status === 'open';
          const affected = state.affected[incident.id];
          return (
            <li
              key={rowKey(state.load, incident.id)}
              class={{ 'cp-box': true, 'is-muted': !open }}
              data-incident-id={incident.id}
            >
              <header class="cp-head">
                <h3>{tx.incidents.kinds[incident.kind]}</h3>
                <span class={{ 'cp-pill': true, 'cp-open': open, 'cp-done': !open }}>
                  {tx.incidents.statuses[incident.status]}
                </span>
                <span class="muted">{stamp(incident.detectedAt, zone, locale)}</span>
              </header>
              <p class="cp-summary">{incident.summary}</p>
              <p class="muted">
                {incident.categories.map((category) => tx.incidents.categoryNames[category.field] ?? category.name).join(', ')}
              </p>
              <div class="cp-deadlines">
                <DeadlineView
                  label={tx.incidents.initial}
                  stage="initial"
                  deadline={incident.deadlines.initial}
                  sentAt={incident.notices.initialAt}
                  now={page.now}
                  zone={zone}
                  locale={locale}
                />
                <DeadlineView
                  label={tx.incidents.followUp}
                  stage="follow-up"
                  deadline={incident.deadlines.followUp}
                  sentAt={incident.notices.followUpAt}
                  now={page.now}
                  zone={zone}
                  locale={locale}
                />
              </div>
              <div class="cp-links">
                {open && !incident.notices.initialAt && (
                  <button
                    type="button"
                    class="btn btn-primary"
                    data-notice="initial"
                    onClick$={() => act(`/api/compliance/incidents/${incident.id}/notices`, { stage: 'initial' })}
                  >
                    {tx.incidents.markInitial}
                  </button>
                )}
                {open && incident.notices.initialAt && !incident.notices.followUpAt && (
                  <button
                    type="button"
                    class="btn btn-primary"
                    data-notice="follow-up"
                    onClick$={() => act(`/api/compliance/incidents/${incident.id}/notices`, { stage: 'follow-up' })}
                  >
                    {tx.incidents.markFollowUp}
                  </button>
                )}
                <button
                  type="button"
                  class="btn"
                  data-affected={incident.id}
                  onClick$={async () => {
                    try {
                      state.affected = {
                        ...state.affected,
                        [incident.id]: await api<Affected>(`/api/compliance/incidents/${incident.id}/affected`),
                      };
                    } catch (error) {
                      sayFailure(page, error, lang.value);
                    }
                  }}
                >
                  {tx.incidents.affected}
                </button>
                {open && (
                  <button
                    type="button"
                    class="btn"
                    data-close-incident
                    onClick$={() => act(`/api/compliance/incidents/${incident.id}/close`)}
                  >
                    {tx.incidents.close}
                  </button>
                )}
              </div>
              {affected && (
                <div class="cp-affected" data-affected-result>
                  <p>
                    {fill(tx.incidents.affectedCount, {
                      n: affected.clients,
                      categories: affected.categories
                        .map((category) => tx.incidents.categoryNames[category.field] ?? category.name)
                        .join(', '),
                    })}
                  </p>
                  <div class="cp-chips">
                    {affected.clientIds.slice(0, SHOWN_CLIENTS).map((id) => (
                      <ClientChip key={id} id={id} />
                    ))}
                    {affected.clientIds.length > SHOWN_CLIENTS && (
                      <span class="muted">+{affected.clientIds.length - SHOWN_CLIENTS}</span>
                    )}
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
});
