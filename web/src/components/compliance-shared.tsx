import { component$, createContextId, useContext, type Signal } from '@builder.io/qwik';
import { fill, TEXTS, type Lang, usePageTexts } from '../i18n';
import { ApiError, problemText } from '../lib/api';
import type { Toast } from '../lib/board-state';
import { instantOfWall, wallMs } from '../lib/tz';
import { complianceTexts, type ComplianceTexts } from '../texts/compliance';
import type { SubjectRequest } from '../../../contract/compliance.ts';

// ───────────────────────────── API shapes (core/compliance/*) ─────────────────────────────

export type RequestKind = keyof ComplianceTexts['kinds'];
export type RequestChannel = keyof ComplianceTexts['channels'];
export type IdentityEvidence = keyof ComplianceTexts['evidence'];
export type RequestStatus = keyof ComplianceTexts['statuses'];
export type RequestOutcome = keyof ComplianceTexts['outcomes'];

export type { SubjectRequest, TrailExport } from '../../../contract/compliance.ts';

export const REQUEST_KINDS = ['access', 'rectification', 'erasure', 'withdrawal', 'stop-processing'] as const;
export const REQUEST_CHANNELS = ['telegram', 'phone', 'in-person', 'mail', 'email', 'web'] as const;
export const IDENTITY_EVIDENCE = [
  'telegram-account',
  'phone-callback',
  'document-in-person',
  'signed-letter',
  'e-signature',
  'none',
] as const;
export const REQUEST_OUTCOMES = ['answered', 'rectified', 'erased', 'stopped', 'refused'] as const;
/** Kinds the law lets the operator extend once by 5 working days (domain/compliance/requests.ts). */
export const EXTENDABLE: readonly RequestKind[] = ['access', 'stop-processing'];

export const isOpen = (request: SubjectRequest) => request.status === 'open' || request.status === 'extended';

// ───────────────────────────── Page state ─────────────────────────────

export const TABS = ['requests', 'client', 'logs', 'access', 'incidents', 'acts', 'texts'] as const;
export type Tab = (typeof TABS)[number];
export const isTab = (value: string | null): value is Tab => TABS.includes(value as Tab);

export type ComplianceState = {
  /** '' until the browser has read ?tab= (the page reads its query there). */
  tab: Tab | '';
  /** The API answered 403: the page shows why instead of empty tables. */
  denied: boolean;
  clientId: string;
  /** The station's zone (its first branch, as the API dates requests). */
  timeZone: string;
  branches: { id: string; name: string }[];
  /** Ticks every 30 s so countdowns move without reloading. */
  now: number;
  toast: Toast | null;
};

export const ComplianceContext = createContextId<ComplianceState>('zero.compliance');

export const useCompliance = () => useContext(ComplianceContext);

/** Shows another tab and keeps it in the address, so a reload or a shared link opens the same view. */
export const showTab = (page: ComplianceState, tab: Tab, params: Record<string, string> = {}) => {
  page.tab = tab;
  const url = new URL(window.location.href);
  url.search = '';
  url.searchParams.set('tab', tab);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  history.pushState(null, '', url.toString());
};

export const openClient = (page: ComplianceState, clientId: string) => {
  page.clientId = clientId;
  showTab(page, 'client', { id: clientId });
};

export const say = (page: ComplianceState, text: string, kind: Toast['kind']) => {
  const seq = (page.toast?.seq ?? 0) + 1;
  page.toast = { text, kind, seq };
  setTimeout(() => {
    if (page.toast?.seq === seq) page.toast = null;
  }, 6000);
};

/** A refusal in the page's words. */
export const problem = (error: unknown, lang: Lang): string =>
  problemText(error, { ...TEXTS[lang].errors, ...complianceTexts[lang].errors });

/** A refusal to load a tab's data; a 403 for the role turns the whole page into the «no access» notice. */
export const failure = (page: ComplianceState, error: unknown, lang: Lang): string => {
  if (error instanceof ApiError && error.status === 403 && error.code === 'FORBIDDEN') page.denied = true;
  return problem(error, lang);
};

/** A refused action, said in a toast (the page stays: one action may need another role). */
export const sayFailure = (page: ComplianceState, error: unknown, lang: Lang) => say(page, problem(error, lang), 'error');

/** How a tab's list stands: its refusal, whether it has answered, and the loads counted where rows use rowKey. */
export type ListLoad = { loaded: boolean; error: string; load?: number };

/** Fills a tab's list by `fetch`: counts the load, clears the refusal or says it, and marks the list answered either way. */
export const loadList = async (page: ComplianceState, state: ListLoad, lang: Signal<Lang>, fetch: () => Promise<void>) => {
  try {
    await fetch();
    if (state.load !== undefined) state.load++;
    state.error = '';
  } catch (error) {
    state.error = failure(page, error, lang.value);
  } finally {
    state.loaded = true;
  }
};

// ───────────────────────────── Time ─────────────────────────────

const DAY = 86_400_000;

export const stamp = (iso: string | null, timeZone: string, locale: string): string =>
  iso
    ? new Intl.DateTimeFormat(locale, {
        timeZone,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(iso))
    : '—';

/** A calendar date 'YYYY-MM-DD' as the locale writes it. */
export const dayText = (date: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** The instant a due date ends in its zone: the whole last day counts. */
export const endOfDay = (date: string, timeZone: string): number =>
  instantOfWall(Date.parse(`${date}T00:00:00Z`) + DAY, timeZone);

/** '12 h 05 min' of a span (its sign dropped). */
export const clockText = (ms: number, tx: ComplianceTexts): string => {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return fill(tx.clock, { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
};

/** The value of a datetime-local input showing this instant on the zone's clocks. */
export const wallInput = (instantMs: number, timeZone: string): string =>
  new Date(wallMs(instantMs, timeZone)).toISOString().slice(0, 16);

/** A datetime-local value read on the zone's clocks, as an ISO instant the API takes; '' when empty. */
export const instantOfInput = (value: string, timeZone: string): string =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)
    ? new Date(instantOfWall(Date.parse(`${value}:00Z`), timeZone)).toISOString()
    : '';

// ───────────────────────────── Small views ─────────────────────────────

export const shortId = (id: string) => id.slice(0, 8);

/**
 * The key of a row of data loaded from the API. Qwik 1 keeps a reused row's `{item.field}` text
 * bound to the object it first showed, so rows are keyed by the load that produced them and drawn
 * afresh after every reload.
 */
export const rowKey = (load: number, id: string) => `${load}:${id}`;

/** Above a tab's list: its refusal, «loading…» until it answers, then `empty` if it answered with no rows. */
export const ListStatus = (props: { state: ListLoad; loading: string; rows?: number; empty?: string }) => (
  <>
    {props.state.error && (
      <p class="form-error" role="alert">
        {props.state.error}
      </p>
    )}
    {!props.state.loaded && <p class="muted">{props.loading}</p>}
    {props.empty !== undefined && props.state.loaded && !props.state.error && props.rows === 0 && (
      <p class="muted">{props.empty}</p>
    )}
  </>
);

/** A client named by id (the logs and registries hold ids only): a tap opens the Client tab. */
export const ClientChip = component$((props: { id: string }) => {
  const page = useCompliance();
  const tx = usePageTexts(complianceTexts);
  return (
    <button
      type="button"
      class="btn btn-quiet cp-chip"
      title={props.id}
      aria-label={fill(tx.openClient, { id: props.id })}
      data-client-chip={props.id}
      onClick$={() => openClient(page, props.id)}
    >
      {tx.clientCard}
    </button>
  );
});
