import { $, component$, useContext, useSignal, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { InWords } from './in-words';
import { Modal } from '@qwik-ui/headless';
import { fill, LangContext, TEXTS, usePageTexts } from '../i18n';
import { api, ApiError } from '../lib/api';
import { complianceTexts, type ComplianceTexts } from '../texts/compliance';
import { ClientPicker } from './compliance-picker';
import type { StationText } from './compliance-texts';
import {
  dayText,
  failure,
  instantOfInput,
  isOpen,
  openClient,
  problem,
  rowKey,
  say,
  sayFailure,
  shortId,
  stamp,
  useCompliance,
  type SubjectRequest,
} from './compliance-shared';
import type { ActSummary, ConsentStatus, Erased } from '../../../contract/compliance.ts';

type BlockReason = keyof ComplianceTexts['client']['blockReasons'];
type ErasureReason = keyof ComplianceTexts['client']['erasureReasons'];

type Card = {
  id: string;
  name: string | null;
  phone: string | null;
  channel: string;
  registeredAt: string;
  visits: number;
  bookings: number;
  blocked: boolean;
};

type Act = ActSummary;

type ClientState = {
  loading: boolean;
  /** The client in the address is shown (or known to be gone). */
  loaded: boolean;
  error: string;
  card: Card | null;
  consents: ConsentStatus[];
  requests: SubjectRequest[];
  act: Act | null;
  paper: { purpose: string; version: string; hash: string; signedAt: string; ref: string; error: string };
  blockReason: BlockReason;
  erase: { reason: ErasureReason; requestId: string; typed: string; busy: boolean; error: string };
  erased: Erased | null;
  busy: boolean;
  /** Counts the loads, for keys (see rowKey). */
  load: number;
  /** The station's consent wordings by purpose (texts `consent-<purpose>`), to fill a paper consent in. */
  wordings: Record<string, StationText>;
};

const PURPOSES = ['personal-data', 'marketing', 'third-party-transfer'] as const;
const BLOCK_REASONS: BlockReason[] = [
  'rectification-check',
  'accuracy-disputed',
  'unlawful-processing-check',
  'authority-request',
];
const ERASURE_REASONS: ErasureReason[] = [
  'subject-request',
  'consent-withdrawn',
  'purpose-achieved',
  'retention-expired',
  'unlawful-processing',
  'authority-order',
];
const HASH = /^[0-9a-f]{64}$/;

const actLinks = (actId: string) => ({
  act: `/api/compliance/acts/${actId}?format=html`,
  logExport: `/api/compliance/acts/${actId}/log-export?format=html`,
});

/** One client: consents and their history, paper consents, blocking, the full export and erasure with its act. */
export const ClientTab = component$(() => {
  const page = useCompliance();
  const lang = useContext(LangContext);
  const tx = usePageTexts(complianceTexts);
  const eraseShow = useSignal(false);
  const state = useStore<ClientState>({
    loading: false,
    loaded: false,
    error: '',
    card: null,
    consents: [],
    requests: [],
    act: null,
    paper: { purpose: 'personal-data', version: '', hash: '', signedAt: '', ref: '', error: '' },
    blockReason: 'rectification-check',
    erase: { reason: 'subject-request', requestId: '', typed: '', busy: false, error: '' },
    erased: null,
    busy: false,
    wordings: {},
    load: 0,
  });

  const load = $(async (clientId: string) => {
    state.loading = true;
    state.error = '';
    try {
      const card = await api<Card>(`/api/clients/${clientId}`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      });
      const [consents, requests, acts] = await Promise.all([
        api<{ consents: ConsentStatus[] }>(`/api/compliance/consents?clientId=${clientId}`),
        api<{ requests: SubjectRequest[] }>(`/api/compliance/requests?clientId=${clientId}`),
        card ? Promise.resolve({ acts: [] as Act[] }) : api<{ acts: Act[] }>('/api/compliance/acts'),
      ]);
      if (page.clientId !== clientId) return;
      state.card = card;
      state.consents = consents.consents;
      state.requests = requests.requests;
      state.act = acts.acts.find((act) => act.clientId === clientId) ?? null;
      state.load++;
    } catch (error) {
      state.error = failure(page, error, lang.value);
    } finally {
      state.loading = false;
    }
  });

  /** A paper form carries the station's wording of that purpose: its hash (and version, once the station wrote its own). */
  const applyWording = $((purpose: string) => {
    const wording = state.wordings[purpose];
    state.paper.purpose = purpose;
    state.paper.hash = wording?.sha256 ?? '';
    state.paper.version = wording?.version ?? '';
  });

  useVisibleTask$(
    async () => {
      const { texts } = await api<{ texts: StationText[] }>('/api/compliance/texts').catch(() => ({
        texts: [] as StationText[],
      }));
      const prefix = 'consent-';
      state.wordings = Object.fromEntries(
        texts.filter((text) => text.key.startsWith(prefix)).map((text) => [text.key.slice(prefix.length), text]),
      );
      if (!state.paper.hash) await applyWording(state.paper.purpose);
    },
    { strategy: 'document-ready' },
  );

  useVisibleTask$(
    async ({ track }) => {
      const clientId = track(() => page.clientId);
      state.card = null;
      state.erased = null;
      state.loaded = false;
      if (clientId) await load(clientId);
      state.loaded = true;
    },
    { strategy: 'document-ready' },
  );

  /** Runs an action on this client, says how it went and reloads what it changed. */
  const run = $(async (work: () => Promise<string>) => {
    state.busy = true;
    try {
      say(page, await work(), 'ok');
      await load(page.clientId);
    } catch (error) {
      sayFailure(page, error, lang.value);
    } finally {
      state.busy = false;
    }
  });

  const recordPaper = $(async () => {
    const words = complianceTexts[lang.value].client;
    const paper = state.paper;
    const hash = paper.hash.trim().toLowerCase();
    if (!HASH.test(hash)) {
      paper.error = words.badHash;
      return;
    }
    paper.error = '';
    const signedAt = paper.signedAt ? instantOfInput(`${paper.signedAt}T00:00`, page.timeZone) : '';
    await run(async () => {
      const { recorded } = await api<{ recorded: boolean }>(`/api/clients/${page.clientId}/consents`, {
        body: {
          purpose: paper.purpose,
          noticeVersion: paper.version.trim(),
          textHash: hash,
          ...(signedAt ? { signedAt } : {}),
          ...(paper.ref.trim() ? { documentRef: paper.ref.trim() } : {}),
        },
      });
      return recorded ? words.recorded : words.unchanged;
    });
  });

  const erase = $(async () => {
    const words = complianceTexts[lang.value].client;
    const form = state.erase;
    if (form.typed.trim().toUpperCase() !== words.eraseWord) {
      form.error = complianceTexts[lang.value].errors.CONFIRMATION!;
      return;
    }
    form.busy = true;
    form.error = '';
    try {
      const erased = await api<Erased>(`/api/compliance/clients/${page.clientId}/erase`, {
        body: { reason: form.reason, ...(form.requestId ? { requestId: form.requestId } : {}) },
      });
      eraseShow.value = false;
      form.typed = '';
      say(page, words.erased, 'ok');
      await load(page.clientId);
      state.erased = erased;
    } catch (error) {
      form.error = problem(error, lang.value);
    } finally {
      form.busy = false;
    }
  });

  const locale = TEXTS[lang.value].locale;
  const zone = page.timeZone;
  const card = state.card;
  const history = state.consents
    .flatMap((consent) => consent.history.map((change) => ({ ...change, purpose: consent.purpose })))
    .sort((a, b) => b.at.localeCompare(a.at));
  const openRequests = state.requests.filter(isOpen);
  const actOf = state.erased ? state.erased.links : state.act ? actLinks(state.act.id) : null;

  return (
    <div class="cp-tab-body" data-client-tab data-ready={state.loaded ? 'yes' : 'no'}>
      <div class="cp-toolbar">
        <h2>{tx.client.heading}</h2>
      </div>
      <div class="cp-box">
        <ClientPicker name="client" onPick$={(client) => openClient(page, client.id)} />
        {!page.clientId && <p class="muted">{tx.client.prompt}</p>}
      </div>

      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}
      {state.loading && !card && <p class="muted">{tx.loading}</p>}

      {page.clientId && !state.loading && !card && !state.error && (
        <div class="cp-box" data-client-missing>
          <p>{tx.client.notFound}</p>
          {actOf && (
            <p class="cp-links" data-act-links>
              {state.act && <span>{fill(tx.client.erasedOn, { date: stamp(state.act.destroyedAt, zone, locale) })}</span>}
              <a class="btn" href={actOf.act} target="_blank" rel="noopener" data-act-link>
                {tx.client.act}
              </a>
              <a class="btn" href={actOf.logExport} target="_blank" rel="noopener" data-log-export-link>
                {tx.client.logExport}
              </a>
            </p>
          )}
        </div>
      )}

      {card && (
        <div key={rowKey(state.load, card.id)} class="cp-grid" data-client-card={card.id}>
          <section class="cp-box">
            <header class="cp-head">
              <h3 data-client-name>{card.name ?? '—'}</h3>
              <span
                class={{ 'cp-pill': true, 'cp-refused': card.blocked, 'cp-done': !card.blocked }}
                data-blocked={String(card.blocked)}
              >
                {card.blocked ? tx.client.blocked : tx.client.active}
              </span>
            </header>
            <dl class="facts">
              <dt>ID</dt>
              <dd class="cp-mono">{card.id}</dd>
              <dt>{tx.client.phone}</dt>
              <dd>{card.phone ?? tx.none}</dd>
              <dt>{tx.client.channel}</dt>
              <dd>{(TEXTS[lang.value].channels as Record<string, string>)[card.channel] ?? card.channel}</dd>
              <dt>{tx.client.since}</dt>
              <dd>{stamp(card.registeredAt, zone, locale)}</dd>
              <dt>{tx.client.bookings}</dt>
              <dd>
                {card.bookings} · {tx.client.visits}: {card.visits}
              </dd>
            </dl>

            <div class="cp-links">
              <span class="muted">{tx.client.export}:</span>
              <a
                class="btn"
                href={`/api/compliance/clients/${card.id}/trail?format=html`}
                target="_blank"
                rel="noopener"
                data-export="html"
              >
                {tx.client.exportHtml}
              </a>
              <a
                class="btn"
                href={`/api/compliance/clients/${card.id}/trail?format=pdf`}
                target="_blank"
                rel="noopener"
                data-export="pdf"
              >
                {tx.client.exportPdf}
              </a>
              <a
                class="btn"
                href={`/api/compliance/clients/${card.id}/trail?format=json`}
                target="_blank"
                rel="noopener"
                data-export="json"
              >
                {tx.client.exportJson}
              </a>
            </div>

            {card.blocked ? (
              <button
                type="button"
                class="btn"
                disabled={state.busy}
                data-unblock
                onClick$={() =>
                  run(async () => {
                    await api(`/api/compliance/clients/${page.clientId}/block`, { method: 'DELETE' });
                    return complianceTexts[lang.value].saved;
                  })
                }
              >
                {tx.client.unblock}
              </button>
            ) : (
              <form
                class="cp-inline"
                preventdefault:submit
                onSubmit$={() =>
                  run(async () => {
                    await api(`/api/compliance/clients/${page.clientId}/block`, { body: { reason: state.blockReason } });
                    return complianceTexts[lang.value].saved;
                  })
                }
                data-block-form
              >
                <label class="field">
                  <span>{tx.client.blockReason}</span>
                  <select value={state.blockReason} onChange$={(_, el) => (state.blockReason = el.value as BlockReason)}>
                    {BLOCK_REASONS.map((reason) => (
                      <option key={reason} value={reason} selected={reason === state.blockReason}>
                        {tx.client.blockReasons[reason]}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" class="btn" disabled={state.busy}>
                  {tx.client.block}
                </button>
              </form>
            )}

            <button
              type="button"
              class="btn btn-danger btn-wide cp-erase"
              data-erase
              onClick$={() => {
                state.erase.typed = '';
                state.erase.error = '';
                state.erase.requestId = openRequests.find((request) => request.kind === 'erasure')?.id ?? '';
                eraseShow.value = true;
              }}
            >
              {tx.client.erase}
            </button>

            {state.requests.length > 0 && (
              <>
                <h4>{tx.client.requests}</h4>
                <ul class="rows">
                  {state.requests.map((request) => (
                    <li key={request.id}>
                      <span>{tx.kinds[request.kind]}</span>
                      <span class="muted">
                        {tx.statuses[request.status]} · {dayText(request.dueDate, locale)}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>

          <section class="cp-box" data-consents>
            <h3>{tx.client.consents}</h3>
            {state.consents.length === 0 ? (
              <p class="muted">{tx.client.noConsents}</p>
            ) : (
              <ul class="rows" data-consent-current>
                {state.consents.map((consent) => (
                  <li key={consent.purpose} data-purpose={consent.purpose} data-consent-status={consent.status}>
                    <span>
                      <strong>{tx.client.purposes[consent.purpose] ?? consent.purpose}</strong>
                      <small class="muted cp-block">
                        {tx.client.version} {consent.noticeVersion ?? tx.none} · {tx.client.hash}{' '}
                        <span class="cp-mono" title={consent.textHash ?? ''}>
                          {consent.textHash ? `${consent.textHash.slice(0, 12)}…` : tx.none}
                        </span>
                      </small>
                    </span>
                    <span class="cp-right">
                      <span
                        class={{
                          'cp-pill': true,
                          'cp-done': consent.status === 'given',
                          'cp-refused': consent.status !== 'given',
                        }}
                      >
                        {consent.status === 'given'
                          ? tx.client.given
                          : consent.status === 'erased'
                            ? tx.client.consentErased
                            : tx.client.withdrawn}
                      </span>
                      {consent.status === 'given' && (
                        <button
                          type="button"
                          class="btn btn-small"
                          disabled={state.busy}
                          data-withdraw={consent.purpose}
                          onClick$={() =>
                            run(async () => {
                              const { recorded } = await api<{ recorded: boolean }>(
                                `/api/clients/${page.clientId}/consents/withdraw`,
                                { body: { purpose: consent.purpose } },
                              );
                              const words = complianceTexts[lang.value].client;
                              return recorded ? words.recorded : words.unchanged;
                            })
                          }
                        >
                          {tx.client.withdraw}
                        </button>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            )}

            {history.length > 0 && <h4>{tx.client.history}</h4>}
            <ol class="cp-history" data-consent-history>
              {history.map((change, i) => (
                <li key={`${change.at}-${i}`} data-event={change.event} data-purpose={change.purpose}>
                  <time>{stamp(change.at, zone, locale)}</time> <strong>{tx.client.events[change.event] ?? change.event}</strong>{' '}
                  · {tx.client.purposes[change.purpose] ?? change.purpose} ·{' '}
                  <span data-source={change.by ? 'staff' : 'bot'}>{change.by ? tx.client.byStaff : tx.client.byBot}</span>
                  {change.noticeVersion && (
                    <span class="muted">
                      {' '}
                      · {tx.client.version} {change.noticeVersion}
                    </span>
                  )}
                </li>
              ))}
            </ol>

            <form class="cp-form cp-paper" preventdefault:submit onSubmit$={recordPaper} data-paper-form>
              <h4 class="cp-span">{tx.client.paper}</h4>
              <label class="field">
                <span>{tx.client.purpose}</span>
                <select value={state.paper.purpose} onChange$={(_, el) => applyWording(el.value)}>
                  {PURPOSES.map((purpose) => (
                    <option key={purpose} value={purpose} selected={purpose === state.paper.purpose}>
                      {tx.client.purposes[purpose]}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>{tx.client.paperVersion}</span>
                <input
                  required
                  maxLength={40}
                  value={state.paper.version}
                  onInput$={(_, el) => (state.paper.version = el.value)}
                  data-field="version"
                />
              </label>
              <label class="field cp-span">
                <span>{tx.client.paperHash}</span>
                <input
                  required
                  class="cp-mono"
                  value={state.paper.hash}
                  onInput$={(_, el) => (state.paper.hash = el.value)}
                  data-field="hash"
                />
              </label>
              <label class="field">
                <span>{tx.client.paperSigned}</span>
                <InWords kind="date" value={state.paper.signedAt}>
                  <input type="date" value={state.paper.signedAt} onInput$={(_, el) => (state.paper.signedAt = el.value)} />
                </InWords>
              </label>
              <label class="field">
                <span>{tx.client.paperRef}</span>
                <input maxLength={100} value={state.paper.ref} onInput$={(_, el) => (state.paper.ref = el.value)} />
              </label>
              {state.paper.error && (
                <p class="form-error cp-span" role="alert">
                  {state.paper.error}
                </p>
              )}
              <div class="form-actions cp-span">
                <button type="submit" class="btn btn-primary" disabled={state.busy}>
                  {tx.client.paperSubmit}
                </button>
              </div>
            </form>
          </section>
        </div>
      )}

      <Modal.Root bind:show={eraseShow}>
        <Modal.Panel class="dialog dialog-small" data-erase-dialog>
          <header class="dialog-head">
            <Modal.Title class="dialog-title">{tx.client.eraseTitle}</Modal.Title>
            <Modal.Close class="btn btn-icon btn-close" aria-label={tx.cancel}>
              ×
            </Modal.Close>
          </header>
          <form class="cp-erase-form" preventdefault:submit onSubmit$={erase}>
            <p class="cp-warn">
              {card?.name ?? shortId(page.clientId)}: {tx.client.eraseWarn}
            </p>
            {openRequests.some((request) => request.kind === 'access' && request.trail?.status !== 'released') && (
              // The person asked for their data first: once erased there is nothing left to answer with.
              <p class="cp-warn" data-erase-open-access>
                {tx.client.eraseOpenAccess}
              </p>
            )}
            <label class="field">
              <span>{tx.client.eraseReason}</span>
              <select
                value={state.erase.reason}
                onChange$={(_, el) => (state.erase.reason = el.value as ErasureReason)}
                data-field="reason"
              >
                {ERASURE_REASONS.map((reason) => (
                  <option key={reason} value={reason} selected={reason === state.erase.reason}>
                    {tx.client.erasureReasons[reason]}
                  </option>
                ))}
              </select>
            </label>
            {openRequests.length > 0 && (
              <label class="field">
                <span>{tx.client.eraseRequest}</span>
                <select value={state.erase.requestId} onChange$={(_, el) => (state.erase.requestId = el.value)}>
                  <option value="" selected={state.erase.requestId === ''}>
                    {tx.client.noRequest}
                  </option>
                  {openRequests.map((request) => (
                    <option key={request.id} value={request.id} selected={request.id === state.erase.requestId}>
                      {`${tx.kinds[request.kind]} · ${dayText(request.receivedDate, locale)}`}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label class="field">
              <span>{fill(tx.client.eraseType, { word: tx.client.eraseWord })}</span>
              <input
                value={state.erase.typed}
                autocomplete="off"
                onInput$={(_, el) => (state.erase.typed = el.value)}
                data-erase-confirm
              />
            </label>
            {state.erase.error && (
              <p class="form-error" role="alert">
                {state.erase.error}
              </p>
            )}
            <div class="form-actions">
              <button type="button" class="btn" onClick$={() => (eraseShow.value = false)}>
                {tx.cancel}
              </button>
              <button
                type="submit"
                class="btn btn-danger"
                disabled={state.erase.busy || state.erase.typed.trim().toUpperCase() !== tx.client.eraseWord}
                data-erase-submit
              >
                {tx.client.eraseSubmit}
              </button>
            </div>
          </form>
        </Modal.Panel>
      </Modal.Root>
    </div>
  );
});
