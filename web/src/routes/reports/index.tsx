import { component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { InWords } from '../../components/in-words';
import { StackedBars, type BarSeries } from '../../components/chart-bars';
import { FunnelChart, type FunnelRow } from '../../components/chart-funnel';
import { LineChart } from '../../components/chart-lines';
import { KpiTileCard, type TileView } from '../../components/kpi-tile';
import { fill, LangContext, TEXTS, usePageTexts, useT, type Channel, type Texts } from '../../i18n';
import { api, problemText } from '../../lib/api';
import { servicesWithRetired } from '../../lib/catalog';
import { readForRender } from '../../lib/render-context';
import type { Branch, Role, Service } from '../../lib/types';
import { STATUSES } from '../../lib/types';
import { addDays, dateIn, isIsoDate, timeIn, todayIn } from '../../lib/tz';
import { reportsTexts } from '../../texts/reports';
import { kpiQuery, moneyQuery, PERIODS, rangeOf, stepPeriod, type Period, type ReportFilter } from './period';
import { MoneySection } from './money-section';
import { DeliverySection } from './delivery-section';
import { SourcesSection } from './sources-section';
import type { HistoryBoard, HistoryEntry, KpiReport, KpiTile, TileKey } from './types';
import { TableHead } from '../../components/table-head';
import { useSignedIn } from '../layout';

type ReportsText = (typeof reportsTexts)['ru'];

type ReportsState = {
  /** Branches, role and the first filter are known: the report may load. */
  ready: boolean;
  role: Role | null;
  branches: Branch[];
  history: HistoryEntry[];
  filter: ReportFilter;
  report: KpiReport | null;
  /** The query the shown report answers; the downloads use the same. */
  loadedQuery: string;
  loading: boolean;
  error: string;
  board: HistoryBoard | null;
  boardDate: string;
  boardError: string;
  services: Service[];
};

const FALLBACK_ZONE = 'Europe/Moscow';

const TILE_ORDER: TileKey[] = [
  'newBookings',
  'confirmed',
  'done',
  'cancelled',
  'noShows',
  'botShare',
  'medianConfirmMinutes',
  'p90ConfirmMinutes',
  'slaMisses',
  'repeatClients',
  'returningRate',
  'refusedOverlaps',
];

/** Which way is better: more bookings is good news, more cancellations or waiting is not. */
const UP_IS_GOOD: Record<TileKey, boolean> = {
  newBookings: true,
  confirmed: true,
  done: true,
  cancelled: false,
  noShows: false,
  botShare: true,
  medianConfirmMinutes: false,
  p90ConfirmMinutes: false,
  slaMisses: false,
  repeatClients: true,
  returningRate: true,
  refusedOverlaps: false,
};

const CHANNELS: readonly Channel[] = ['telegram', 'max', 'phone', 'panel', 'web', 'import'];
const CHANNEL_COLOURS: Record<Channel, string> = {
  telegram: '#229ed9',
  phone: '#d97706',
  panel: '#1d4ed8',
  web: '#7c3aed',
  import: '#94a3b8',
  max: '#0a7cff',
};
const FUNNEL_COLOURS = {
  requested: '#1d4ed8',
  confirmed: '#0d9488',
  started: '#d97706',
  done: '#16a34a',
  cancelled: '#6b7280',
  stillNew: '#2563eb',
} as const;

/** The chosen branch's zone; for the whole network, the first branch's (as the API counts days). */
const zoneOf = (branches: Branch[], branchId: string) =>
  (branches.find((branch) => branch.id === branchId) ?? branches[0])?.timeZone ?? FALLBACK_ZONE;

/** The filter a report's address asks for (so a report can be shared or reloaded); "today" is the branch's. */
const filterOf = (params: URLSearchParams, branches: Branch[]): ReportFilter => {
  const wanted = params.get('branch') ?? '';
  const branchId = branches.some((branch) => branch.id === wanted) ? wanted : '';
  const period = params.get('period') as Period | null;
  const asOf = params.get('asOf') ?? '';
  const date = params.get('date');
  const zone = zoneOf(branches, branchId);
  return {
    branchId,
    managerId: params.get('manager') ?? '',
    period: period && PERIODS.includes(period) ? period : 'week',
    asOf,
    date: isIsoDate(date) ? date : asOf ? dateIn(asOf, zone) : todayIn(zone),
  };
};

const reportPath = (filter: ReportFilter) => `${filter.asOf ? '/api/history/kpis' : '/api/kpis'}?${kpiQuery(filter)}`;

/** The report of the address's filter as the server first renders it; null when it has no API to read. */
export const useFirstReport = routeLoader$(async (event): Promise<Partial<ReportsState> | null> => {
  const [me, branches] = await Promise.all([event.resolveValue(useSignedIn), readForRender<Branch[]>(event, '/api/branches')]);
  if (!me || !branches) return null;
  const filter = filterOf(event.url.searchParams, branches);
  const [report, history] = await Promise.all([
    readForRender<KpiReport>(event, reportPath(filter)),
    me.role === 'owner' ? readForRender<{ history: HistoryEntry[] }>(event, '/api/history') : { history: [] },
  ]);
  if (!report || !history) return null;
  const loaded = { report, loadedQuery: kpiQuery(filter), loading: false };
  return { ready: true, role: me.role, branches, history: history.history, filter, boardDate: filter.date, ...loaded };
});

const numberText = (value: number, locale: string, sign = false) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: sign ? 'exceptZero' : 'auto' }).format(value);

const dayText = (date: string, locale: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

const periodText = (from: string, to: string, locale: string) => {
  const format = (date: string) => dayText(date, locale, { day: 'numeric', month: 'short', year: 'numeric' });
  return from === to ? format(from) : `${format(from)} – ${format(to)}`;
};

const instantText = (iso: string, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));

/** The tile as the page shows it, from the API's figures. */
const tileView = (tile: KpiTile, report: KpiReport, t: ReportsText, texts: Texts, branches: Branch[]): TileView => {
  const { locale } = texts;
  const unit = tile.unit === 'percent' ? t.units.percent : tile.unit === 'minutes' ? t.units.minutes : '';
  let changeText = '';
  if (tile.change !== null) {
    changeText = numberText(tile.change, locale, true);
    if (tile.unit === 'percent') changeText += ` ${t.points}`;
    else if (tile.unit === 'minutes') changeText += ` ${t.units.minutes}`;
    if (tile.unit !== 'percent' && tile.changePercent !== null && tile.change !== 0)
      changeText += ` (${numberText(tile.changePercent, locale, true)} %)`;
  }
  const tone =
    tile.change === null ? 'none' : tile.change === 0 ? 'flat' : tile.change > 0 === UP_IS_GOOD[tile.key] ? 'good' : 'bad';
  const arrow = tile.change === null ? '' : tile.change > 0 ? '▲' : tile.change < 0 ? '▼' : '=';

  let note = '';
  if (tile.key === 'medianConfirmMinutes' || tile.key === 'p90ConfirmMinutes') note = t.workingMinutes;
  if (tile.key === 'slaMisses') {
    const targets = report.scope.confirmTargets;
    const distinct = [...new Set(targets.map((target) => target.minutes))];
    if (distinct.length === 1) note = fill(t.target, { n: distinct[0]! });
    else if (distinct.length > 1) {
      const list = targets.map(
        (target) => `${branches.find((branch) => branch.id === target.branchId)?.name ?? '?'} ${target.minutes}`,
      );
      note = fill(t.targets, { list: list.join(', ') });
    }
  }
  const details =
    tile.key === 'cancelled'
      ? report.breakdowns.cancelledByReason
          .filter((item) => item.value > 0)
          .map((item) => ({
            key: item.key,
            label: texts.reasons[item.key as keyof Texts['reasons']] ?? item.key,
            value: item.value,
          }))
      : [];
  return {
    key: tile.key,
    label: t.tiles[tile.key],
    value: tile.value,
    previous: tile.previous,
    valueText: tile.value === null ? '—' : numberText(tile.value, locale),
    unitText: tile.value === null ? '' : unit,
    arrow,
    changeText,
    tone,
    previousText: ` ${fill(t.was, { value: tile.previous === null ? '—' : numberText(tile.previous, locale) })}`,
    note,
    details,
  };
};

/** Owner KPIs: tiles against the previous period, charts, downloads, and the history as of a built instant. */
export default component$(() => {
  const texts = useT();
  const t = usePageTexts(reportsTexts);
  const lang = useContext(LangContext);
  const rendered = useFirstReport();
  const state = useStore<ReportsState>({
    ready: false,
    role: null,
    branches: [],
    history: [],
    filter: { branchId: '', managerId: '', period: 'week', date: '', asOf: '' },
    report: null,
    loadedQuery: '',
    loading: true,
    error: '',
    board: null,
    boardDate: '',
    boardError: '',
    services: [],
    ...rendered.value,
  });

  // The filter comes from the address (so a report can be shared or reloaded), then the branches.
  useVisibleTask$(
    async () => {
      if (state.ready) return;
      try {
        const [branches, me] = await Promise.all([api<Branch[]>('/api/branches'), api<{ role: Role }>('/api/auth/me')]);
        state.branches = branches;
        state.role = me.role;
        // Field by field, never a new object: the inputs stay bound to the same store.
        Object.assign(state.filter, filterOf(new URL(window.location.href).searchParams, branches));
        state.boardDate = state.filter.date;
        if (me.role === 'owner') state.history = (await api<{ history: HistoryEntry[] }>('/api/history')).history;
      } catch (error) {
        state.error = problemText(error, TEXTS[lang.value].errors);
        // Nothing to report on without the branches: the report task will not run, so stop saying "Loading…".
        state.loading = false;
      }
      state.ready = true;
    },
    { strategy: 'document-ready' },
  );

  // The report of the filter, live or as of the chosen instant.
  useVisibleTask$(
    async ({ track, cleanup }) => {
      if (!track(() => state.ready)) return;
      const filter = {
        branchId: track(() => state.filter.branchId),
        managerId: track(() => state.filter.managerId),
        period: track(() => state.filter.period),
        date: track(() => state.filter.date),
        asOf: track(() => state.filter.asOf),
      };
      if (!filter.date) {
        state.loading = false;
        return;
      }
      let cancelled = false;
      cleanup(() => (cancelled = true));
      const query = kpiQuery(filter);
      const url = new URL(window.location.href);
      for (const [name, value] of [
        ['branch', filter.branchId],
        ['manager', filter.managerId],
        ['period', filter.period],
        ['date', filter.date],
        ['asOf', filter.asOf],
      ] as const) {
        if (value) url.searchParams.set(name, value);
        else url.searchParams.delete(name);
      }
      history.replaceState(history.state, '', url.toString());
      // The report on screen already answers this filter (the server rendered it, and nothing was tapped since).
      if (state.report && query === state.loadedQuery) {
        state.loading = false;
        return;
      }
      state.loading = true;
      try {
        const report = await api<KpiReport>(reportPath(filter));
        if (cancelled) return;
        state.report = report;
        state.loadedQuery = query;
        state.error = '';
      } catch (error) {
        if (!cancelled) {
          state.report = null;
          state.loadedQuery = '';
          state.error = problemText(error, TEXTS[lang.value].errors);
        }
      } finally {
        if (!cancelled) state.loading = false;
      }
    },
    { strategy: 'document-ready' },
  );

  // The read-only board of the instant, for one branch and day.
  useVisibleTask$(
    async ({ track, cleanup }) => {
      const asOf = track(() => state.filter.asOf);
      const branchId = track(() => state.filter.branchId);
      const date = track(() => state.boardDate);
      state.board = null;
      if (!asOf || !branchId || !date) return;
      let cancelled = false;
      cleanup(() => (cancelled = true));
      try {
        const params = new URLSearchParams({ asOf, branchId, date });
        const [board, services] = await Promise.all([
          api<HistoryBoard>(`/api/history/board?${params.toString()}`),
          servicesWithRetired(branchId),
        ]);
        if (cancelled) return;
        state.board = board;
        state.services = services;
        state.boardError = '';
      } catch (error) {
        if (!cancelled) state.boardError = problemText(error, TEXTS[lang.value].errors);
      }
    },
    { strategy: 'document-ready' },
  );

  const { filter, report } = state;
  const locale = texts.locale;
  const zone = zoneOf(state.branches, filter.branchId);
  const range = filter.date ? rangeOf(filter.period, filter.date) : null;
  const query = state.loadedQuery;
  const staff = report
    ? [
        ...report.staff,
        ...report.managers
          .filter((person) => !report.staff.some((member) => member.userId === person.userId))
          .map((person) => ({ userId: person.userId, name: person.name ?? '—', role: '' })),
      ]
    : [];
  const tiles = report
    ? TILE_ORDER.map((key) => report.tiles.find((tile) => tile.key === key))
        .filter((tile): tile is KpiTile => tile !== undefined)
        .map((tile) => tileView(tile, report, t, texts, state.branches))
    : [];

  const buckets = report?.series.bookingsByChannel ?? [];
  const short = buckets.length <= 7;
  const bucketLabels = buckets.map((point) =>
    dayText(point.bucket, locale, short ? { weekday: 'short', day: 'numeric' } : { day: 'numeric' }),
  );
  const bucketNames = buckets.map((point) => dayText(point.bucket, locale, { weekday: 'short', day: 'numeric', month: 'long' }));
  const channelSeries: BarSeries[] = CHANNELS.map((channel) => ({
    key: channel,
    label: texts.channels[channel],
    colour: CHANNEL_COLOURS[channel],
  }));
  const channelTotals = new Map(report?.breakdowns.newByChannel.map((item) => [item.key, item.value]) ?? []);
  const targets = [...new Set(report?.scope.confirmTargets.map((target) => target.minutes) ?? [])];
  const funnelRows: FunnelRow[] =
    report?.funnel.map((stage) => ({
      key: stage.stage,
      label: t.funnel[stage.stage],
      count: stage.count,
      colour: FUNNEL_COLOURS[stage.stage],
    })) ?? [];
  const overlaps = report?.checks.calendarOverlaps ?? 0;
  const serviceName = (id: string) => state.services.find((service) => service.id === id)?.name ?? '';
  const reportState = state.loading ? 'loading' : report ? 'ready' : 'empty';

  return (
    <section class="page reports-page">
      <h1>{t.title}</h1>
      <div class="toolbar reports-filters">
        <label class="field field-inline">
          <span>{t.branch}</span>
          <select
            data-filter-branch
            onChange$={(_, el) => {
              state.filter.branchId = el.value;
            }}
          >
            <option value="" selected={filter.branchId === ''}>
              {t.allBranches}
            </option>
            {state.branches.map((branch) => (
              <option key={branch.id} value={branch.id} selected={branch.id === filter.branchId}>
                {branch.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field field-inline">
          <span>{t.manager}</span>
          <select data-filter-manager onChange$={(_, el) => (state.filter.managerId = el.value)}>
            <option value="" selected={filter.managerId === ''}>
              {t.allStaff}
            </option>
            {staff.map((person) => (
              <option key={person.userId} value={person.userId} selected={person.userId === filter.managerId}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        <div class="segmented" role="group" aria-label={t.period}>
          {PERIODS.map((period) => (
            <button
              key={period}
              type="button"
              class={{ btn: true, 'is-on': filter.period === period }}
              aria-pressed={filter.period === period}
              data-period={period}
              onClick$={() => (state.filter.period = period)}
            >
              {t.periods[period]}
            </button>
          ))}
        </div>
        <div class="date-nav" role="group" aria-label={t.date}>
          <button
            type="button"
            class="btn btn-icon"
            aria-label={t.prev}
            data-period-prev
            onClick$={() => (state.filter.date = stepPeriod(state.filter.period, state.filter.date, -1))}
          >
            ‹
          </button>
          <InWords kind="date" value={filter.date}>
            <input
              type="date"
              aria-label={t.date}
              value={filter.date}
              data-filter-date
              onChange$={(_, el) => {
                if (isIsoDate(el.value)) state.filter.date = el.value;
              }}
            />
          </InWords>
          <button
            type="button"
            class="btn btn-icon"
            aria-label={t.next}
            data-period-next
            onClick$={() => (state.filter.date = stepPeriod(state.filter.period, state.filter.date, 1))}
          >
            ›
          </button>
          {!filter.asOf && (
            <button
              type="button"
              class="btn"
              onClick$={() => (state.filter.date = todayIn(zoneOf(state.branches, state.filter.branchId)))}
            >
              {t.today}
            </button>
          )}
        </div>
        {state.role === 'owner' && state.history.length > 0 && (
          <label class="field field-inline">
            <span>{t.history}</span>
            <select
              data-history
              onChange$={(_, el) => {
                state.filter.asOf = el.value;
                const day = el.value
                  ? dateIn(el.value, zoneOf(state.branches, state.filter.branchId))
                  : todayIn(zoneOf(state.branches, state.filter.branchId));
                state.filter.date = day;
                state.boardDate = day;
              }}
            >
              <option value="" selected={!filter.asOf}>
                {t.live}
              </option>
              {state.history.map((entry) => (
                <option key={entry.schema} value={entry.asOf} selected={entry.asOf === filter.asOf}>
                  {instantText(entry.asOf, zone, locale)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      {filter.asOf && (
        <div class="history-banner" role="status" data-history-banner>
          <p>{fill(t.banner, { at: instantText(filter.asOf, zone, locale) })}</p>
          <button
            type="button"
            class="btn"
            data-back-to-live
            onClick$={() => {
              state.filter.asOf = '';
              state.filter.date = todayIn(zoneOf(state.branches, state.filter.branchId));
            }}
          >
            {t.backToLive}
          </button>
        </div>
      )}

      <div class="reports-head">
        <p class="reports-period" data-period-text>
          {range && <strong>{periodText(range.from, range.to, locale)}</strong>}
          {report && (
            <span class="muted">
              {' '}
              {fill(t.against, {
                from: dayText(report.scope.previous.from, locale, { day: 'numeric', month: 'short' }),
                to: dayText(report.scope.previous.to, locale, { day: 'numeric', month: 'short' }),
              })}
            </span>
          )}
        </p>
        {report && (
          <div class="reports-export">
            <a class="btn" href={`/api/kpis/export.csv?${query}`} download data-export="csv">
              {t.exportCsv}
            </a>
            <a class="btn" href={`/api/kpis/export.xlsx?${query}`} download data-export="xlsx">
              {t.exportXlsx}
            </a>
          </div>
        )}
      </div>

      {state.error && (
        <p class="form-error" role="alert">
          {state.error}
        </p>
      )}

      <div
        class={`reports ${reportState === 'ready' ? 'is-ready' : ''}`}
        data-report={reportState}
        // Tied to the state string so Qwik patches it with the element's other props, never on its own.
        data-query={reportState === 'ready' ? query : ''}
      >
        {!report && state.loading && <p class="muted">{t.loading}</p>}
        {report && (
          <>
            <div class="kpi-grid">
              {tiles.map((tile) => (
                <KpiTileCard key={tile.key} tile={tile} />
              ))}
              <article
                class={`kpi-tile kpi-check ${overlaps === 0 ? 'kpi-good' : 'kpi-bad'}`}
                data-check="calendarOverlaps"
                data-value={overlaps}
              >
                <h3>{t.overlaps}</h3>
                <p class="kpi-figure">
                  <span class="kpi-value" data-tile-value>
                    {overlaps}
                  </span>
                </p>
                <p class="kpi-change" data-check-result={overlaps === 0 ? 'pass' : 'fail'}>
                  {overlaps === 0 ? `✓ ${t.overlapsOk}` : `✗ ${fill(t.overlapsBad, { n: overlaps })}`}
                </p>
              </article>
            </div>

            <section class="chart-card">
              <h2>{t.charts.byChannel}</h2>
              <StackedBars
                title={t.charts.byChannel}
                labels={bucketLabels}
                names={bucketNames}
                series={channelSeries}
                values={buckets.map((point) => CHANNELS.map((channel) => point[channel] ?? 0))}
              />
              <ul class="chart-legend">
                {channelSeries.map((series) => (
                  <li key={series.key} data-legend={series.key}>
                    <span class="swatch" style={{ background: series.colour }} />
                    {series.label} <strong>{channelTotals.get(series.key) ?? 0}</strong>
                  </li>
                ))}
              </ul>
            </section>

            <section class="chart-card">
              <h2>{t.charts.confirm}</h2>
              <LineChart
                title={t.charts.confirm}
                labels={bucketLabels}
                format={(value) => numberText(value, locale)}
                target={targets.length === 1 ? { value: targets[0]!, label: fill(t.target, { n: targets[0]! }) } : null}
                series={[
                  {
                    key: 'median',
                    label: t.charts.median,
                    colour: '#0d9488',
                    values: report.series.timeToConfirm.map((point) => point.medianMinutes),
                  },
                  {
                    key: 'p90',
                    label: t.charts.p90,
                    colour: '#d97706',
                    values: report.series.timeToConfirm.map((point) => point.p90Minutes),
                  },
                ]}
              />
              <ul class="chart-legend">
                <li>
                  <span class="swatch" style={{ background: '#0d9488' }} />
                  {t.charts.median}
                </li>
                <li>
                  <span class="swatch" style={{ background: '#d97706' }} />
                  {t.charts.p90}
                </li>
              </ul>
            </section>

            <section class="chart-card">
              <h2>{t.charts.funnel}</h2>
              <FunnelChart
                title={t.charts.funnel}
                rows={funnelRows}
                percent={(part, whole) => `${numberText((part / whole) * 100, locale)} %`}
              />
            </section>

            {report.managers.length > 0 && (
              <section class="chart-card">
                <h2>{t.staff.title}</h2>
                <div class="table-scroll">
                  <table class="staff-table" data-staff-table>
                    <TableHead
                      labels={[
                        t.staff.name,
                        t.staff.newBookings,
                        t.staff.confirmed,
                        t.staff.done,
                        t.staff.cancelled,
                        t.staff.slaMisses,
                        t.staff.median,
                      ]}
                    />
                    <tbody>
                      {report.managers.map((person) => (
                        <tr key={person.userId} data-person={person.userId}>
                          <td>{person.name ?? '—'}</td>
                          <td>{person.newBookings}</td>
                          <td>{person.confirmed}</td>
                          <td>{person.done}</td>
                          <td>{person.cancelled}</td>
                          <td>{person.slaMisses}</td>
                          <td>{person.medianConfirmMinutes === null ? '—' : numberText(person.medianConfirmMinutes, locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            )}
          </>
        )}
      </div>

      {state.ready && !filter.asOf && filter.date && filter.managerId && (
        <p class="hint" data-whole-staff>
          {t.wholeStaff}
        </p>
      )}
      {state.ready && !filter.asOf && filter.date && <MoneySection query={moneyQuery(filter)} />}

      {/* The same days and branch as the money: the cascade's records are live only, no history. */}
      {state.ready && !filter.asOf && filter.date && <DeliverySection query={moneyQuery(filter)} />}

      {state.ready && !filter.asOf && filter.date && <SourcesSection query={moneyQuery(filter)} />}

      {filter.asOf && (
        <section
          class="chart-card history-board"
          data-history-board={state.board ? 'ready' : state.boardError ? 'failed' : 'loading'}
        >
          <div class="history-board-head">
            <h2>{t.board.title}</h2>
            {filter.branchId && (
              <div class="date-nav" role="group" aria-label={texts.board.date}>
                <button
                  type="button"
                  class="btn btn-icon"
                  aria-label={t.board.prevDay}
                  onClick$={() => (state.boardDate = addDays(state.boardDate, -1))}
                >
                  ‹
                </button>
                <InWords kind="date" value={state.boardDate}>
                  <input
                    type="date"
                    aria-label={texts.board.date}
                    value={state.boardDate}
                    data-board-date
                    onChange$={(_, el) => {
                      if (isIsoDate(el.value)) state.boardDate = el.value;
                    }}
                  />
                </InWords>
                <button
                  type="button"
                  class="btn btn-icon"
                  aria-label={t.board.nextDay}
                  onClick$={() => (state.boardDate = addDays(state.boardDate, 1))}
                >
                  ›
                </button>
              </div>
            )}
          </div>
          {!filter.branchId && <p class="muted">{t.board.pickBranch}</p>}
          {state.boardError && (
            <p class="form-error" role="alert">
              {state.boardError}
            </p>
          )}
          {state.board && (
            <div class="history-columns">
              {STATUSES.map((status) => {
                const column = state.board!.columns.find((candidate) => candidate.status === status);
                const cards = column?.cards ?? [];
                return (
                  <section key={status} class={`history-column column-${status}`} data-column={status}>
                    <h3>
                      {texts.columns[status]} <span class="count">{cards.length}</span>
                    </h3>
                    {cards.length === 0 && <p class="muted">{t.board.empty}</p>}
                    <ul>
                      {cards.map((card) => (
                        <li key={card.id} data-card-id={card.id}>
                          <strong>
                            {timeIn(card.start, state.board!.timeZone)}–{timeIn(card.end, state.board!.timeZone)}
                          </strong>{' '}
                          <span>{card.serviceIds.map(serviceName).filter(Boolean).join(', ')}</span>
                          <span class="muted">
                            {texts.channels[card.channel]} · {card.clientName ?? t.board.hidden}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
            </div>
          )}
        </section>
      )}
    </section>
  );
});
