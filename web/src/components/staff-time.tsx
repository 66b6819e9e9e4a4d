import { $, component$, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { InWords } from './in-words';
import type { StaffActivityAnswer, WorkDayRow, WorkingTimeTable } from '../../../contract/working-time';
import { useT, usePageTexts } from '../i18n';
import { api, problemText } from '../lib/api';
import type { Branch } from '../lib/types';
import { staffTimeTexts } from '../texts/staff-time';
import { StackedBars, type BarSeries } from './chart-bars';

/** Idle cut-offs the owner picks from, in minutes (the server takes 5 to 120). */
const CUTOFF_CHOICES = [5, 10, 15, 20, 30, 45, 60, 90, 120];

type Editing = { userId: string; date: string; start: string; end: string; activeMinutes: number; reason: string };

type TimeState = {
  monday: string;
  table: WorkingTimeTable | null;
  figures: StaffActivityAnswer | null;
  editing: Editing | null;
  error: string;
  note: string;
};

const addDays = (iso: string, days: number) => {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
const mondayOf = (iso: string) => addDays(iso, -((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7));
const dayText = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    Date.parse(`${iso}T00:00:00Z`),
  );
const rangeText = (from: string, to: string, locale: string) =>
  `${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.parse(`${from}T00:00:00Z`))} — ${new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${to}T00:00:00Z`))}`;

/**
 * The owner's week per person: what each did (bookings taken, status moves, calls, tasks, jobs) next
 * to the time they were active, and their days from the panel's sessions, each correctable with a
 * reason; both tables download as CSV.
 */
export const StaffTime = component$(({ branch }: { branch: Branch }) => {
  const t = useT();
  const tt = usePageTexts(staffTimeTexts);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: branch.timeZone }).format(Date.now());
  const state = useStore<TimeState>({ monday: mondayOf(today), table: null, figures: null, editing: null, error: '', note: '' });

  const load = $(async () => {
    const query = `branchId=${branch.id}&from=${state.monday}&to=${addDays(state.monday, 6)}`;
    try {
      const [table, figures] = await Promise.all([
        api<WorkingTimeTable>(`/api/work-time?${query}`),
        api<StaffActivityAnswer>(`/api/staff/activity?${query}`),
      ]);
      state.table = table;
      state.figures = figures;
      state.error = '';
    } catch (error) {
      state.error = problemText(error, t.errors);
    }
  });

  // Read as soon as the page is: the section sits below the fold, and must not wait for a scroll.
  useVisibleTask$(
    async () => {
      await load();
    },
    { strategy: 'document-ready' },
  );

  const shift = $(async (weeks: number) => {
    state.monday = addDays(state.monday, 7 * weeks);
    state.editing = null;
    await load();
  });

  const edit = $((day: WorkDayRow) => {
    state.editing = {
      userId: day.userId,
      date: day.date,
      start: day.start,
      end: day.end,
      activeMinutes: day.activeMinutes,
      reason: '',
    };
  });

  // The owner's own idle cut-off: the table is counted anew with it.
  const setCutoff = $(async (minutes: number) => {
    try {
      await api('/api/settings/idle-cutoff', { method: 'PUT', body: { minutes } });
      state.note = tt.cutoffSaved;
      await load();
    } catch (error) {
      state.note = problemText(error, t.errors);
    }
  });

  const saveCorrection = $(async () => {
    const editing = state.editing;
    if (!editing) return;
    try {
      await api(`/api/work-time/${editing.userId}/corrections`, {
        body: {
          branchId: branch.id,
          date: editing.date,
          start: editing.start,
          end: editing.end,
          activeMinutes: editing.activeMinutes,
          reason: editing.reason,
        },
      });
      state.editing = null;
      state.note = tt.saved;
      await load();
    } catch (error) {
      state.note = problemText(error, t.errors);
    }
  });

  const hours = (minutes: number) =>
    `${Math.floor(minutes / 60)} ${tt.hoursUnit} ${String(minutes % 60).padStart(2, '0')} ${tt.minutesUnit}`;
  const query = `branchId=${branch.id}&from=${state.monday}&to=${addDays(state.monday, 6)}`;
  const { table, figures, editing } = state;
  // What the chart stacks per person, in the table's words and the reports' colours.
  const figureSeries: BarSeries[] = [
    { key: 'bookings', label: tt.bookings, colour: '#2563eb' },
    { key: 'confirms', label: tt.confirms, colour: '#0f766e' },
    { key: 'calls', label: tt.calls, colour: '#b45309' },
    { key: 'answers', label: tt.answers, colour: '#7c3aed' },
    { key: 'tasks', label: tt.tasks, colour: '#64748b' },
    { key: 'jobs', label: tt.jobs, colour: '#16a34a' },
  ];
  return (
    <section class="panel-box staff-time" data-staff-time={table && figures ? 'ready' : 'loading'}>
      <h2>{tt.title}</h2>
      <div class="staff-time-week">
        <button type="button" class="btn" onClick$={() => shift(-1)} aria-label={tt.prevWeek} data-prev-week>
          ←
        </button>
        <strong data-week>{rangeText(state.monday, addDays(state.monday, 6), t.locale)}</strong>
        <button type="button" class="btn" onClick$={() => shift(1)} aria-label={tt.nextWeek} data-next-week>
          →
        </button>
      </div>
      {table && (
        <p class="muted staff-time-cutoff">
          {tt.hint}{' '}
          <select
            aria-label={tt.cutoff}
            value={String(table.idleCutoffMinutes)}
            onChange$={(_, el) => setCutoff(Number(el.value))}
            data-idle-cutoff
          >
            {[...new Set([...CUTOFF_CHOICES, table.idleCutoffMinutes])]
              .sort((a, b) => a - b)
              .map((minutes) => (
                <option key={minutes} value={String(minutes)}>
                  {String(minutes)}
                </option>
              ))}
          </select>{' '}
          {tt.hintMinutes}
        </p>
      )}
      {state.error && <p class="form-error">{state.error}</p>}
      {state.note && (
        <p class="muted" role="status">
          {state.note}
        </p>
      )}
      {figures && (
        <>
          <h3>
            {tt.figures}{' '}
            <a class="btn btn-small" href={`/api/staff/activity/export.csv?${query}`} download data-figures-csv>
              {tt.csv}
            </a>
          </h3>
          <StackedBars
            title={tt.chart}
            labels={figures.people.map((person) => person.name.split(' ')[0] ?? person.name)}
            names={figures.people.map((person) => person.name)}
            series={figureSeries}
            values={figures.people.map((person) => [
              person.bookingsCreated,
              person.confirmations,
              person.calls,
              person.messagesAnswered,
              person.tasksDone,
              person.jobsDone,
            ])}
          />
          <ul class="chart-legend" data-figures-legend>
            {figureSeries.map((series) => (
              <li key={series.key}>
                <span class="swatch" style={{ background: series.colour }} />
                {series.label}
              </li>
            ))}
          </ul>
          <div class="table-scroll">
            <table class="staff-table" data-figures>
              <thead>
                <tr>
                  {[
                    tt.name,
                    tt.bookings,
                    tt.moves,
                    tt.confirms,
                    tt.confirmWait,
                    tt.answers,
                    tt.calls,
                    tt.tasks,
                    tt.jobs,
                    tt.clients,
                    tt.clientVisits,
                    tt.active,
                  ].map((label) => (
                    <th key={label}>{label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {figures.people.map((person) => (
                  <tr key={person.id} data-figures-person={person.name}>
                    <td>{person.name}</td>
                    <td>{person.bookingsCreated}</td>
                    <td>{person.statusMoves}</td>
                    <td>{person.confirmations}</td>
                    <td data-confirm-wait>{person.confirmMedianMinutes === null ? '—' : hours(person.confirmMedianMinutes)}</td>
                    <td>{person.messagesAnswered}</td>
                    <td>{person.calls}</td>
                    <td>{person.tasksDone}</td>
                    <td>{person.jobsDone}</td>
                    <td data-clients>{person.clients}</td>
                    <td data-client-visits>{person.clientVisits}</td>
                    <td>{hours(person.activeMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {table && (
        <>
          <h3>
            {tt.days}{' '}
            <a class="btn btn-small" href={`/api/work-time/export.csv?${query}`} download data-time-csv>
              {tt.csv}
            </a>
          </h3>
          <div class="table-scroll">
            <table class="staff-table" data-work-days>
              <thead>
                <tr>
                  {[tt.name, tt.date, tt.start, tt.end, tt.active, ''].map((label, i) => (
                    <th key={i}>{label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.people.flatMap((person) =>
                  person.days.flatMap((day) => [
                    <tr key={`${person.id}-${day.date}`} data-work-day={person.name}>
                      <td>{person.name}</td>
                      <td>{dayText(day.date, t.locale)}</td>
                      <td>{day.start}</td>
                      <td>{day.end}</td>
                      <td>{hours(day.activeMinutes)}</td>
                      <td>
                        <button type="button" class="btn" onClick$={() => edit(day)} data-correct>
                          {tt.correct}
                        </button>
                      </td>
                    </tr>,
                    // The reason under the day it corrects, wrapping, so the figures keep their columns.
                    day.correction && (
                      <tr key={`${person.id}-${day.date}-note`} class="staff-time-note" data-corrected={person.name}>
                        <td colSpan={6}>
                          {tt.corrected} ({day.correction.byName}): {day.correction.reason}
                        </td>
                      </tr>
                    ),
                  ]),
                )}
              </tbody>
            </table>
          </div>
          {table.people.every((person) => person.days.length === 0) && <p class="muted">{tt.noDays}</p>}
        </>
      )}
      {editing && (
        <form class="staff-correction" preventdefault:submit onSubmit$={saveCorrection} data-correction>
          <p>
            <strong>
              {table?.people.find((person) => person.id === editing.userId)?.name} · {dayText(editing.date, t.locale)}
            </strong>
          </p>
          <div class="field-row">
            <label class="field">
              <span>{tt.start}</span>
              <InWords kind="time" value={editing.start}>
                <input type="time" value={editing.start} onInput$={(_, el) => (editing.start = el.value)} data-correction-start />
              </InWords>
            </label>
            <label class="field">
              <span>{tt.end}</span>
              <InWords kind="time" value={editing.end}>
                <input type="time" value={editing.end} onInput$={(_, el) => (editing.end = el.value)} data-correction-end />
              </InWords>
            </label>
            <label class="field">
              <span>{tt.activeMinutes}</span>
              <input
                type="number"
                min={0}
                max={1440}
                value={editing.activeMinutes}
                onInput$={(_, el) => (editing.activeMinutes = Number(el.value))}
                data-correction-active
              />
            </label>
          </div>
          <label class="field">
            <span>{tt.reason}</span>
            <input
              type="text"
              maxLength={300}
              value={editing.reason}
              onInput$={(_, el) => (editing.reason = el.value)}
              data-correction-reason
            />
          </label>
          <div class="field-inline">
            <button type="submit" class="btn btn-primary" data-correction-save>
              {tt.save}
            </button>
            <button type="button" class="btn" onClick$={() => (state.editing = null)}>
              {tt.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
});
