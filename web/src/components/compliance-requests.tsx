import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { InWords } from './in-words';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api } from '../lib/api';
import { complianceTexts, type ComplianceTexts } from '../texts/compliance';
import { ClientPicker, type PickedClient } from './compliance-picker';
import { TrailAnswer } from './compliance-trail';
import {
  ClientChip,
  clockText,
  dayText,
  endOfDay,
  EXTENDABLE,
  IDENTITY_EVIDENCE,
  instantOfInput,
  isOpen,
  ListStatus,
  loadList,
  problem,
  REQUEST_CHANNELS,
  REQUEST_KINDS,
  REQUEST_OUTCOMES,
  rowKey,
  say,
  sayFailure,
  stamp,
  useCompliance,
  wallInput,
  type IdentityEvidence,
  type RequestChannel,
  type RequestKind,
  type RequestOutcome,
  type SubjectRequest,
} from './compliance-shared';
import { TableHead } from './table-head';

type Form = {
  show: boolean;
  client: PickedClient | null;
  kind: RequestKind;
  channel: RequestChannel;
  evidence: IdentityEvidence;
  receivedAt: string;
  note: string;
  busy: boolean;
  error: string;
};

type RequestsState = {
  loaded: boolean;
  error: string;
  only: 'open' | 'all';
  requests: SubjectRequest[];
  form: Form;
  /** The request whose extension or closing form is open, and which of the two. */
  acting: { id: string; what: 'extend' | 'close' } | null;
  reason: string;
  outcome: RequestOutcome;
  /** Drafts the officer opened for review in this visit: only those can be released. */
  reviewed: Record<string, boolean>;
  /** Counts the loads, for row keys (see rowKey). */
  load: number;
};

const THREE_DAYS = 3 * 86_400_000;

/** Days (in the rule's unit) and, near the end, hours to the end of the due date; red once past it. */
const Countdown = component$((props: { request: SubjectRequest; now: number; tx: ComplianceTexts }) => {
  const { request, now, tx } = props;
  const left = endOfDay(request.dueDate, request.timeZone) - now;
  const unit = request.daysUnit === 'working' ? tx.requests.working : tx.requests.calendar;
  if (request.overdue || left < 0) {
    const by = request.daysLeft < 0 ? fill(unit, { n: -request.daysLeft }) : clockText(left, tx);
    return (
      <span class="cp-overdue" data-countdown="overdue">
        {fill(tx.requests.overdueBy, { n: by })}
      </span>
    );
  }
  return (
    <span data-countdown="running">
      {request.daysLeft > 0 ? fill(unit, { n: request.daysLeft }) : tx.requests.lastDay}
      {left < THREE_DAYS && <span class="cp-clock"> · {clockText(left, tx)}</span>}
    </span>
  );
});

/** The subject-request registry: deadlines counting down, registering, extending once, closing. */
export const RequestsTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const state = useStore<RequestsState>({
    loaded: false,
    error: '',
    only: 'open',
    requests: [],
    form: {
      show: false,
      client: null,
      kind: 'access',
      channel: 'phone',
      evidence: 'phone-callback',
      receivedAt: '',
      note: '',
      busy: false,
      error: '',
    },
    acting: null,
    reason: '',
    outcome: 'answered',
    reviewed: {},
    load: 0,
  });

  const load = $(() =>
    loadList(page, state, lang, async () => {
      const query = state.only === 'open' ? '?status=open' : '';
      state.requests = (await api<{ requests: SubjectRequest[] }>(`/api/compliance/requests${query}`)).requests;
    }),
  );

  useVisibleTask$(
    async ({ track }) => {
      track(() => state.only);
      await load();
    },
    { strategy: 'document-ready' },
  );

  const register = $(async () => {
    const form = state.form;
    const words = complianceTexts[lang.value];
    if (form.note.trim() && !form.client) {
      form.error = words.requests.noteNeedsClient;
      return;
    }
    form.busy = true;
    form.error = '';
    try {
      const receivedAt = instantOfInput(form.receivedAt, page.timeZone);
      const created = await api<SubjectRequest>('/api/compliance/requests', {
        body: {
          ...(form.client ? { clientId: form.client.id } : {}),
          kind: form.kind,
          channel: form.channel,
          evidence: form.evidence,
          ...(form.note.trim() ? { note: form.note.trim() } : {}),
          ...(receivedAt ? { receivedAt } : {}),
        },
      });
      say(page, fill(words.requests.registered, { date: dayText(created.dueDate, TEXTS[lang.value].locale) }), 'ok');
      Object.assign(form, { show: false, client: null, note: '' });
      await load();
    } catch (error) {
      form.error = problem(error, lang.value);
    } finally {
      form.busy = false;
    }
  });

  const act = $(async (request: SubjectRequest) => {
    const words = complianceTexts[lang.value];
    const acting = state.acting;
    if (!acting) return;
    try {
      if (acting.what === 'extend') {
        const updated = await api<SubjectRequest>(`/api/compliance/requests/${request.id}/extend`, {
          body: { reason: state.reason.trim() },
        });
        say(page, fill(words.requests.extended, { date: dayText(updated.dueDate, TEXTS[lang.value].locale) }), 'ok');
      } else {
        await api(`/api/compliance/requests/${request.id}/close`, { body: { outcome: state.outcome } });
        say(page, words.requests.closed, 'ok');
      }
      state.acting = null;
      state.reason = '';
      await load();
    } catch (error) {
      sayFailure(page, error, lang.value);
    }
  });

  const locale = TEXTS[lang.value].locale;
  const form = state.form;
  return (
    <div class="cp-tab-body" data-requests data-ready={state.loaded ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <h2>{tx.requests.heading}</h2>
        <div class="cp-seg" role="group">
          {(['open', 'all'] as const).map((only) => (
            <button
              key={only}
              type="button"
              class={{ btn: true, 'btn-primary': state.only === only }}
              aria-pressed={state.only === only}
              onClick$={() => (state.only = only)}
              data-requests-filter={only}
            >
              {only === 'open' ? tx.requests.open : tx.requests.all}
            </button>
          ))}
        </div>
        <button
          type="button"
          class="btn btn-primary"
          data-register-request
          onClick$={() => {
            form.show = !form.show;
            form.receivedAt = wallInput(Date.now(), page.timeZone);
            form.error = '';
          }}
        >
          {tx.requests.register}
        </button>
      </div>

      {form.show && (
        <div class="cp-box cp-form" data-request-form>
          {/* The picker is a form of its own, so it sits beside the request's form, never inside it. */}
          <div class="field cp-span">
            <span>{tx.picker.label}</span>
            {form.client ? (
              <div class="cp-picked" data-picked={form.client.id}>
                <strong>{form.client.name ?? '—'}</strong>
                <span class="muted">{form.client.phone}</span>
                <button type="button" class="btn btn-quiet" onClick$={() => (form.client = null)}>
                  {tx.picker.change}
                </button>
              </div>
            ) : (
              <ClientPicker name="request" onPick$={(client) => (form.client = client)} />
            )}
          </div>
          <form class="cp-form cp-span" preventdefault:submit onSubmit$={register}>
            <label class="field">
              <span>{tx.requests.kind}</span>
              <select value={form.kind} onChange$={(_, el) => (form.kind = el.value as RequestKind)} data-field="kind">
                {REQUEST_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {tx.kinds[kind]}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{tx.requests.channel}</span>
              <select
                value={form.channel}
                onChange$={(_, el) => (form.channel = el.value as RequestChannel)}
                data-field="channel"
              >
                {REQUEST_CHANNELS.map((channel) => (
                  <option key={channel} value={channel}>
                    {tx.channels[channel]}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{tx.requests.evidence}</span>
              <select
                value={form.evidence}
                onChange$={(_, el) => (form.evidence = el.value as IdentityEvidence)}
                data-field="evidence"
              >
                {IDENTITY_EVIDENCE.map((evidence) => (
                  <option key={evidence} value={evidence}>
                    {tx.evidence[evidence]}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{tx.requests.receivedAt}</span>
              <InWords kind="datetime-local" value={form.receivedAt}>
                <input
                  type="datetime-local"
                  value={form.receivedAt}
                  onInput$={(_, el) => (form.receivedAt = el.value)}
                  data-field="receivedAt"
                />
              </InWords>
            </label>
            <label class="field cp-span">
              <span>{tx.requests.note}</span>
              <textarea
                rows={2}
                maxLength={2000}
                value={form.note}
                onInput$={(_, el) => (form.note = el.value)}
                data-field="note"
              />
            </label>
            {form.error && (
              <p class="form-error cp-span" role="alert">
                {form.error}
              </p>
            )}
            <div class="form-actions cp-span">
              <button type="button" class="btn" onClick$={() => (form.show = false)}>
                {tx.cancel}
              </button>
              <button type="submit" class="btn btn-primary" disabled={form.busy} data-submit-request>
                {tx.requests.submit}
              </button>
            </div>
          </form>
        </div>
      )}

      <ListStatus state={state} loading={tx.loading} rows={state.requests.length} empty={tx.requests.empty} />
      {state.requests.length > 0 && (
        <table class="cp-table" data-request-list>
          <TableHead
            labels={[
              tx.requests.kind,
              tx.requests.client,
              tx.requests.channel,
              tx.requests.received,
              tx.requests.due,
              tx.requests.left,
              tx.requests.status,
            ]}
          />
          {state.requests.map((request) => {
            const open = isOpen(request);
            const late = open && (request.overdue || endOfDay(request.dueDate, request.timeZone) < page.now);
            const acting = state.acting?.id === request.id ? state.acting.what : null;
            return (
              <tbody key={rowKey(state.load, request.id)} class={{ 'is-overdue': late }} data-request-id={request.id}>
                <tr>
                  <td data-label={tx.requests.kind}>
                    <strong>{tx.kinds[request.kind]}</strong>
                    <small class="muted cp-block">{request.basis}</small>
                  </td>
                  <td data-label={tx.requests.client}>
                    {request.clientId ? <ClientChip id={request.clientId} /> : <span class="muted">{tx.requests.noClient}</span>}
                  </td>
                  <td data-label={tx.requests.channel}>
                    {tx.channels[request.channel]}
                    <small class="muted cp-block">{tx.evidence[request.evidence]}</small>
                  </td>
                  <td data-label={tx.requests.received}>{stamp(request.receivedAt, request.timeZone, locale)}</td>
                  <td data-label={tx.requests.due} data-due={request.dueDate}>
                    {dayText(request.dueDate, locale)}
                    {request.dueDateEstimated && (
                      <small class="muted cp-block" title={tx.requests.estimated}>
                        {tx.requests.estimated}
                      </small>
                    )}
                  </td>
                  <td data-label={tx.requests.left}>
                    {open ? <Countdown request={request} now={page.now} tx={tx} /> : <span class="muted">{tx.none}</span>}
                  </td>
                  <td data-label={tx.requests.status}>
                    <span class={`cp-pill cp-${request.status}`} data-status={request.status}>
                      {tx.statuses[request.status]}
                    </span>
                    {request.outcome && <small class="muted cp-block">{tx.outcomes[request.outcome]}</small>}
                    {request.closedAt && (
                      <small class="muted cp-block" data-closed-at>
                        {fill(tx.requests.closedOn, { at: stamp(request.closedAt, request.timeZone, locale) })}
                      </small>
                    )}
                    {request.extensionReason && (
                      <small class="muted cp-block">{fill(tx.requests.extendedWhy, { reason: request.extensionReason })}</small>
                    )}
                  </td>
                </tr>
                <tr class="cp-actions-row">
                  <td colSpan={7}>
                    <div class="cp-actions">
                      {request.kind === 'access' && request.clientId && (open || request.trail) && (
                        <TrailAnswer request={request} reviewed={state.reviewed} onChange$={load} />
                      )}
                      {open && EXTENDABLE.includes(request.kind) && request.status === 'open' && (
                        <button
                          type="button"
                          class="btn"
                          data-extend={request.id}
                          onClick$={() => {
                            state.acting = acting === 'extend' ? null : { id: request.id, what: 'extend' };
                            state.reason = '';
                          }}
                        >
                          {tx.requests.extend}
                        </button>
                      )}
                      {open && (
                        <button
                          type="button"
                          class="btn"
                          data-close={request.id}
                          onClick$={() => (state.acting = acting === 'close' ? null : { id: request.id, what: 'close' })}
                        >
                          {tx.requests.close}
                        </button>
                      )}
                      {acting && (
                        <form class="cp-inline" preventdefault:submit onSubmit$={() => act(request)} data-act-form={acting}>
                          {acting === 'extend' ? (
                            <label class="field">
                              <span>{tx.requests.extendReason}</span>
                              <input
                                value={state.reason}
                                required
                                minLength={10}
                                maxLength={1000}
                                onInput$={(_, el) => (state.reason = el.value)}
                                data-field="reason"
                              />
                            </label>
                          ) : (
                            <label class="field">
                              <span>{tx.requests.outcome}</span>
                              <select
                                value={state.outcome}
                                onChange$={(_, el) => (state.outcome = el.value as RequestOutcome)}
                                data-field="outcome"
                              >
                                {REQUEST_OUTCOMES.map((outcome) => (
                                  <option key={outcome} value={outcome}>
                                    {tx.outcomes[outcome]}
                                  </option>
                                ))}
                              </select>
                            </label>
                          )}
                          <button type="submit" class="btn btn-primary">
                            {acting === 'extend' ? tx.requests.extendSubmit : tx.requests.closeSubmit}
                          </button>
                        </form>
                      )}
                    </div>
                  </td>
                </tr>
              </tbody>
            );
          })}
        </table>
      )}
    </div>
  );
});
