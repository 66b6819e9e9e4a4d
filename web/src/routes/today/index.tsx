import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { icon } from '../../components/icons';
import { LiveBadge } from '../../components/live-badge';
import { Toast } from '../../components/toast';
import { WorkOrderPanel } from '../../components/work-order-panel';
import { fill, LangContext, TEXTS, usePageTexts, useT, type Status } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { servicesWithRetiredPath } from '../../lib/catalog';
import { refusalText } from '../../lib/board-actions';
import type { Toast as ToastState } from '../../lib/board-state';
import { openLive, type LiveStatus } from '../../lib/live';
import { readForRender, type ApiRead } from '../../lib/render-context';
import type { Bay, BoardCard, Branch, Me, Service } from '../../lib/types';
import { dayRange, timeIn } from '../../lib/tz';
import { todayTexts } from '../../texts/today';
import { useSignedIn } from '../layout';

type BoardResponse = { date: string; timeZone: string; columns: { cards: BoardCard[] }[] };
/** One branch's today: its date and zone as the server reckons them, and what its jobs refer to. */
type BranchDay = { id: string; name: string; date: string; timeZone: string; bays: Bay[]; services: Service[] };

type TodayState = {
  ready: boolean;
  /** Why the day, or a branch of it, could not be loaded. */
  error: string;
  days: BranchDay[];
  jobs: BoardCard[];
  pending: string[];
  live: Record<string, LiveStatus>;
  toast: ToastState | null;
  /** The owner sees every job of the day, a mechanic only their own. */
  everyone: boolean;
  /** Jobs whose work order the mechanic opened (lines, findings and photos, start and finish). */
  orderOpen: string[];
  /** Whether each of those jobs has a work order yet, once read (none is not asked for: a 404). */
  orderExists: Record<string, boolean>;
};

/** What a mechanic can do next with a job, and how the button says it. */
const NEXT_STEP: Partial<Record<Status, { to: Status; label: 'start' | 'finish' }>> = {
  Confirmed: { to: 'InProgress', label: 'start' },
  InProgress: { to: 'Done', label: 'finish' },
};

/** How long the day waits for the live feed's hello before it loads without it. */
const FEED_WAIT_MS = 3000;

/** Whether a card is one of the page's jobs: on the branch's day, and the person's own unless they see everyone's. */
const isJob = (card: BoardCard, day: BranchDay, me: Me) => {
  const [from, to] = dayRange(day.date, day.timeZone);
  const theirs = me.role === 'owner' ? card.status !== 'Cancelled' : card.mechanicId === me.id;
  return theirs && Date.parse(card.start) < to && Date.parse(card.end) > from;
};

/** A branch's day as the board API gives it, with its jobs. */
const readDay = async (branch: Branch, me: Me, read: ApiRead): Promise<{ day: BranchDay; jobs: BoardCard[] } | null> => {
  const [board, bays, services] = await Promise.all([
    read<BoardResponse>(`/api/board?branchId=${branch.id}`),
    read<Bay[]>(`/api/bays?branchId=${branch.id}`),
    read<Service[]>(servicesWithRetiredPath(branch.id)),
  ]);
  if (!board || !bays || !services) return null;
  const day: BranchDay = { id: branch.id, name: branch.name, date: board.date, timeZone: board.timeZone, bays, services };
  return { day, jobs: board.columns.flatMap((column) => column.cards).filter((card) => isJob(card, day, me)) };
};

/** Today's jobs of every branch as the server first renders them; null when it has no API to read. */
export const useFirstDay = routeLoader$(async (event): Promise<Partial<TodayState> | null> => {
  const me = await event.resolveValue(useSignedIn);
  const branches = await readForRender<Branch[]>(event, '/api/branches');
  if (!me || !branches) return null;
  const days = await Promise.all(branches.map((branch) => readDay(branch, me, (path) => readForRender(event, path))));
  if (days.some((day) => day === null)) return null;
  const read = days.filter((day) => day !== null);
  return { days: read.map(({ day }) => day), jobs: read.flatMap(({ jobs }) => jobs), everyone: me.role === 'owner', ready: true };
});

const worstOf = (statuses: LiveStatus[]): LiveStatus =>
  statuses.includes('offline') ? 'offline' : statuses.includes('connecting') || statuses.length === 0 ? 'connecting' : 'online';

/**
 * The mechanic's own jobs for today, in time order, with one big button for the next step. The
 * board API gives a mechanic the whole branch day, so the page keeps the jobs assigned to them.
 */
export default component$(() => {
  const t = useT();
  const tt = usePageTexts(todayTexts);
  const lang = useContext(LangContext);
  const rendered = useFirstDay();
  const state = useStore<TodayState>({
    ready: false,
    error: '',
    days: [],
    jobs: [],
    pending: [],
    live: {},
    toast: null,
    everyone: false,
    orderOpen: [],
    orderExists: {},
    ...rendered.value,
  });

  const say = $((text: string, kind: 'ok' | 'error') => {
    const seq = (state.toast?.seq ?? 0) + 1;
    state.toast = { text, kind, seq };
    setTimeout(() => {
      if (state.toast?.seq === seq) state.toast = null;
    }, 6000);
  });

  const advance = $(async (job: BoardCard, to: Status) => {
    if (state.pending.includes(job.id)) return;
    state.pending = [...state.pending, job.id];
    try {
      const saved = await api<{ status: Status }>(`/api/bookings/${job.id}/status`, { body: { status: to } });
      // The live feed brings the full new version; until then the button already shows the next step.
      state.jobs = state.jobs.map((j) => (j.id === job.id && j.version === job.version ? { ...j, status: saved.status } : j));
      await say(to === 'Done' ? todayTexts[lang.value].finished : todayTexts[lang.value].started, 'ok');
    } catch (error) {
      await say(refusalText(TEXTS[lang.value], error, job.status, to), 'error');
    } finally {
      state.pending = state.pending.filter((id) => id !== job.id);
    }
  });

  useVisibleTask$(
    async ({ cleanup }) => {
      const closers: (() => void)[] = [];
      cleanup(() => closers.forEach((close) => close()));
      let me: Me;
      let branches: Branch[];
      try {
        [me, branches] = await Promise.all([api<Me>('/api/auth/me'), api<Branch[]>('/api/branches')]);
      } catch (error) {
        state.error = problemText(error, TEXTS[lang.value].errors);
        state.ready = true;
        return;
      }
      state.everyone = me.role === 'owner';
      // Branches whose day has loaded or failed: the page is ready when every branch is one or the other
      // (a day the server rendered is ready already).
      const settled = new Set<string>();
      const settle = (branchId: string) => {
        settled.add(branchId);
        if (!state.ready) state.ready = settled.size === branches.length;
      };

      for (const branch of branches) {
        let day: BranchDay | null = null;
        const early: BoardCard[] = [];
        const upsert = (card: BoardCard) => {
          if (!day) {
            early.push(card);
            return;
          }
          const known = state.jobs.find((j) => j.id === card.id);
          if (known && known.version > card.version) return;
          const others = state.jobs.filter((j) => j.id !== card.id);
          state.jobs = isJob(card, day, me) ? [...others, card] : others;
        };
        // The server's render is read again once the feed is open, so nothing falls between the two.
        const load = async () => {
          const loaded = await readDay(branch, me, api);
          if (!loaded) return;
          day = loaded.day;
          state.days = [...state.days.filter((d) => d.id !== branch.id), loaded.day];
          state.jobs = [...state.jobs.filter((j) => j.branchId !== branch.id), ...loaded.jobs];
          for (const card of early.splice(0)) upsert(card);
        };
        const loadOrSay = () =>
          load()
            .catch((error: unknown) => {
              state.error = problemText(error, TEXTS[lang.value].errors);
            })
            .finally(() => settle(branch.id));
        // Load once the feed has said hello, so nothing assigned in between falls through. A feed that
        // does not connect must not keep the day from showing: load without it after a short wait, and
        // again on its first hello, which then catches what changed in between.
        const fallback = setTimeout(() => void loadOrSay(), FEED_WAIT_MS);
        closers.push(() => clearTimeout(fallback));
        const live = openLive({
          branchId: branch.id,
          onStatus: (status) => (state.live = { ...state.live, [branch.id]: status }),
          onHello: (_position, first) => {
            if (!first) return;
            clearTimeout(fallback);
            void loadOrSay();
          },
          onMessage: (message) => upsert(message.booking),
        });
        closers.push(live.close);
      }
      if (branches.length === 0) state.ready = true;
    },
    { strategy: 'document-ready' },
  );

  // A plain string, not an expression in the attribute: Qwik re-renders the element reliably (see board).
  const listClass = state.ready ? 'job-list is-ready' : 'job-list';
  const jobs = [...state.jobs].sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const first = state.days[0];
  const heading = first
    ? // A calendar date has no zone: read it as UTC, as the client card's plainDateText does.
      new Intl.DateTimeFormat(t.locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(
        Date.parse(`${first.date}T00:00:00Z`),
      )
    : '';

  // Read here, not inside the markup: a language switch re-renders the page with both texts.
  const title = state.everyone ? tt.allTitle : tt.title;
  const none = state.everyone ? tt.allNone : tt.none;
  return (
    <section class="page today-page">
      <header class="today-head">
        <div>
          <h1>{title}</h1>
          <p class="muted today-date" data-today-date={first?.date}>
            {heading}
            {state.ready && jobs.length > 0 ? ` · ${fill(tt.count, { n: jobs.length })}` : ''}
          </p>
        </div>
        <LiveBadge status={worstOf(Object.values(state.live))} />
      </header>

      {state.error && (
        <p class="form-error" role="alert" data-today-error>
          {state.error}
        </p>
      )}
      {!state.ready && <p class="muted">{tt.loading}</p>}
      {state.ready && !state.error && jobs.length === 0 && (
        <div class="today-empty" data-today-empty>
          <p>{none}</p>
          <p class="muted">{tt.noneHint}</p>
        </div>
      )}

      <ol class={listClass} data-jobs>
        {jobs.map((job) => {
          const day = state.days.find((d) => d.id === job.branchId);
          const zone = day?.timeZone ?? 'Europe/Moscow';
          const bay = day?.bays.find((b) => b.id === job.bayId)?.name;
          const services = job.serviceIds.map((id) => day?.services.find((s) => s.id === id)?.name ?? '…').join(', ');
          const step = NEXT_STEP[job.status];
          const pending = state.pending.includes(job.id);
          return (
            <li key={job.id} class={`job job-${job.status}`} data-job-id={job.id} data-status={job.status}>
              <div class="job-top">
                <span class="job-time">
                  {timeIn(job.start, zone)}–{timeIn(job.end, zone)}
                </span>
                <span class={`status-pill status-${job.status}`}>{t.status[job.status]}</span>
              </div>
              <div class="job-service">{services}</div>
              <div class="job-facts">
                <span>
                  {tt.bay}: <strong>{bay ?? tt.noBay}</strong>
                  {state.days.length > 1 && day ? ` · ${day.name}` : ''}
                </span>
                {(job.car || job.plate) && (
                  <span>
                    {icon('car', 18)} {job.car}
                    {job.car && job.plate ? ' ' : ''}
                    {job.plate && <span class="plate">{job.plate}</span>}
                  </span>
                )}
              </div>
              {job.comment && (
                <p class="job-comment">
                  <span class="muted">{tt.comment}:</span> {job.comment}
                </p>
              )}
              {job.status !== 'New' && (
                <details
                  class="job-order"
                  data-job-order
                  onToggle$={async (_, el) => {
                    state.orderOpen = el.open ? [...state.orderOpen, job.id] : state.orderOpen.filter((id) => id !== job.id);
                    if (!el.open) return;
                    const details = await api<{ workOrderOpened: boolean }>(`/api/bookings/${job.id}`).catch(() => null);
                    if (details) state.orderExists = { ...state.orderExists, [job.id]: details.workOrderOpened };
                  }}
                >
                  <summary>{tt.workOrder}</summary>
                  {/* Read only when opened: a job without a work order is not asked for one. */}
                  {state.orderOpen.includes(job.id) && (
                    <WorkOrderPanel
                      bookingId={job.id}
                      version={job.version}
                      timeZone={zone}
                      staff={false}
                      opened={state.orderExists[job.id]}
                      cancelled={job.status === 'Cancelled'}
                    />
                  )}
                </details>
              )}
              {step ? (
                <button
                  type="button"
                  class={step.to === 'Done' ? 'btn btn-job btn-finish' : 'btn btn-job btn-primary'}
                  data-step={step.to}
                  disabled={pending}
                  onClick$={() => advance(job, step.to)}
                >
                  {tt[step.label]}
                </button>
              ) : job.status === 'New' ? (
                <p class="muted job-note">{tt.waiting}</p>
              ) : null}
            </li>
          );
        })}
      </ol>
      <Toast toast={state.toast} />
    </section>
  );
});
