import { $, component$, useContext, useStore, useVisibleTask$ } from '@builder.io/qwik';
import { routeLoader$ } from '@builder.io/qwik-city';
import { InWords } from '../../components/in-words';
import type { StaffList } from '../../../../contract/staff';
import type { Task, TaskList } from '../../../../contract/tasks';
import { Toast } from '../../components/toast';
import { fill, LangContext, usePageTexts, useT } from '../../i18n';
import { api, problemText } from '../../lib/api';
import type { Toast as ToastState } from '../../lib/board-state';
import { openLive } from '../../lib/live';
import { readForRender, type ApiRead } from '../../lib/render-context';
import type { Branch, Me } from '../../lib/types';
import { instantOfWall, wallMs } from '../../lib/tz';
import { takeShown } from '../../lib/shown-fields';
import { tasksTexts } from '../../texts/tasks';
import { useSignedIn } from '../layout';

type Kind = Task['kind'];
type Priority = Task['priority'];

type TasksState = {
  ready: boolean;
  error: string;
  me: Me | null;
  branches: Branch[];
  branchId: string;
  tasks: Task[];
  overdue: number;
  people: { id: string; name: string }[];
  form: { kind: Kind; title: string; assigneeId: string; due: string; priority: Priority };
  /** The booking or client the task is made from (the card's «Задача» link), until unlinked. */
  link: { bookingId?: string; clientId?: string } | null;
  busy: boolean;
  toast: ToastState | null;
  /** The list came with the server's answer: the browser reads it again once the live feed is open. */
  rendered: boolean;
};

/** A new task is due two hours from now, on the hour, in the branch's zone: the field is never empty. */
const dueByDefault = (timeZone: string) => {
  const hour = 3_600_000;
  return new Date(Math.ceil(wallMs(Date.now() + 2 * hour, timeZone) / hour) * hour).toISOString().slice(0, 16);
};

const newForm = (assigneeId: string, timeZone: string): TasksState['form'] => ({
  kind: 'call_back',
  title: '',
  assigneeId,
  due: timeZone ? dueByDefault(timeZone) : '',
  priority: 'normal',
});

/** The first branch's tasks and the people they can be given to (none for a mechanic); null when a read failed. */
const readTasks = async (me: Me, read: ApiRead): Promise<Partial<TasksState> | null> => {
  const branches = await read<Branch[]>('/api/branches');
  if (!branches) return null;
  const branchId = branches[0]?.id ?? '';
  if (!branchId) return { me, branches, branchId };
  const [list, staff] = await Promise.all([
    read<TaskList>(`/api/tasks?branchId=${branchId}`),
    me.role === 'mechanic' ? null : read<StaffList>(`/api/staff?branchId=${branchId}`),
  ]);
  if (!list) return null;
  const people = (staff?.people ?? []).filter((p) => p.active).map((p) => ({ id: p.id, name: p.name }));
  // The form offers the signed-in person first; a mechanic chooses nobody (their tasks are their own).
  const form = newForm(people.length ? me.id : '', branches[0]?.timeZone ?? '');
  return { me, branches, branchId, tasks: list.tasks, overdue: list.overdue, people, form };
};

/** The tasks as the server first renders them; null when it has no API to read. */
export const useFirstTasks = routeLoader$(async (event): Promise<Partial<TasksState> | null> => {
  const me = await event.resolveValue(useSignedIn);
  const read = me && (await readTasks(me, (path) => readForRender(event, path)));
  return read ? { ...read, ready: true, rendered: true } : null;
});

const KINDS: Kind[] = ['call_back', 'order_part', 'declined_work', 'other'];
const PRIORITIES: Priority[] = ['low', 'normal', 'high'];

/** A due time in words in the branch's zone: «3 декабря, 14:00». */
const whenText = (iso: string, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(
    Date.parse(iso),
  );

/** The value of a datetime-local field (the branch's wall clock) as the instant the API takes. */
const dueInstant = (value: string, timeZone: string): string => {
  const [date = '', time = '00:00'] = value.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(instantOfWall(Date.UTC(y!, m! - 1, d, hh, mm), timeZone)).toISOString();
};

/**
 * Tasks of a branch: overdue and open first by due time, a form to make one, a button to complete
 * it. Tasks made or completed elsewhere (and turned overdue by the reminder) come over the live feed.
 */
export default component$(() => {
  const t = useT();
  const tt = usePageTexts(tasksTexts);
  const lang = useContext(LangContext);
  const rendered = useFirstTasks();
  const state = useStore<TasksState>({
    ready: false,
    error: '',
    me: null,
    branches: [],
    branchId: '',
    tasks: [],
    overdue: 0,
    people: [],
    form: newForm('', ''),
    link: null,
    busy: false,
    toast: null,
    rendered: false,
    ...rendered.value,
  });

  const say = $((text: string, kind: 'ok' | 'error') => {
    const seq = (state.toast?.seq ?? 0) + 1;
    state.toast = { text, kind, seq };
    setTimeout(() => {
      if (state.toast?.seq === seq) state.toast = null;
    }, 6000);
  });

  const load = $(async () => {
    const list = await api<TaskList>(`/api/tasks?branchId=${state.branchId}`);
    state.tasks = list.tasks;
    state.overdue = list.overdue;
  });

  useVisibleTask$(
    async ({ cleanup }) => {
      const query = new URLSearchParams(window.location.search);
      const id = (name: string) => {
        const value = query.get(name) ?? '';
        return /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
      };
      if (id('bookingId') || id('clientId')) state.link = { bookingId: id('bookingId'), clientId: id('clientId') };
      if (!state.ready) {
        try {
          const me = await api<Me>('/api/auth/me');
          Object.assign(state, await readTasks(me, api));
        } catch (error) {
          state.error = problemText(error, t.errors);
        }
        state.ready = true;
      }
      if (!state.branchId) return;
      const live = openLive({
        branchId: state.branchId,
        onStatus: () => undefined,
        // Task messages carry no position: after a reconnection the list is read again.
        // A list the server rendered is read again on the first hello, so nothing falls between the two.
        onHello: (_position, first) => {
          if (!first || state.rendered) void load();
        },
        onMessage: () => undefined,
        onTask: (changed) => {
          if (changed.branchId !== state.branchId) return;
          const others = state.tasks.filter((task) => task.id !== changed.id);
          state.tasks = [...others, changed].sort(
            (a, b) => Number(a.status === 'Completed') - Number(b.status === 'Completed') || a.dueAt.localeCompare(b.dueAt),
          );
          state.overdue = state.tasks.filter((task) => task.status === 'Overdue').length;
        },
      });
      cleanup(() => live.close());
    },
    { strategy: 'document-ready' },
  );

  const create = $(async (element: HTMLFormElement) => {
    takeShown(element, state.form);
    const branch = state.branches.find((b) => b.id === state.branchId);
    if (!branch || state.busy) return;
    state.busy = true;
    try {
      await api<Task>('/api/tasks', {
        body: {
          branchId: state.branchId,
          kind: state.form.kind,
          title: state.form.title || tasksTexts[lang.value].kinds[state.form.kind],
          assigneeId: state.form.assigneeId,
          dueAt: dueInstant(state.form.due, branch.timeZone),
          priority: state.form.priority,
          ...state.link,
        },
      });
      state.form.title = '';
      await load();
      await say(tasksTexts[lang.value].created, 'ok');
    } catch (error) {
      await say(problemText(error, t.errors), 'error');
    } finally {
      state.busy = false;
    }
  });

  const complete = $(async (task: Task) => {
    try {
      await api<Task>(`/api/tasks/${task.id}/complete`, { body: {} });
      await load();
      await say(tasksTexts[lang.value].completed, 'ok');
    } catch (error) {
      await say(problemText(error, t.errors), 'error');
    }
  });

  const timeZone = state.branches.find((b) => b.id === state.branchId)?.timeZone ?? 'Europe/Moscow';
  return (
    <section class="page tasks-page" data-page="tasks" data-ready={state.ready ? 'yes' : 'no'}>
      <h1>
        {tt.title}
        {state.overdue > 0 && (
          <span class="tasks-overdue" data-overdue-count>
            {fill(tt.overdueCount, { n: state.overdue })}
          </span>
        )}
      </h1>
      {!state.ready && <p class="muted">{tt.loading}</p>}
      {state.error && <p class="form-error">{state.error}</p>}
      {state.ready && state.me?.role !== 'mechanic' && state.branchId && (
        <form
          class="panel-box tasks-form"
          preventdefault:submit
          onSubmit$={(_, element) => create(element)}
          data-task-form
          aria-label={tt.newTask}
        >
          <h2>{tt.newTask}</h2>
          {state.link && (
            <p class="task-link" data-task-link>
              {state.link.bookingId ? tt.forBooking : tt.forClient}{' '}
              <button type="button" class="btn btn-small" onClick$={() => (state.link = null)}>
                {tt.unlink}
              </button>
            </p>
          )}
          <div class="field-row field-row-wide">
            <label class="field">
              <span>{tt.kind}</span>
              <select data-field="kind" value={state.form.kind} onChange$={(_, el) => (state.form.kind = el.value as Kind)}>
                {KINDS.map((kind) => (
                  <option key={kind} value={kind} selected={kind === state.form.kind}>
                    {tt.kinds[kind]}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{tt.assignee}</span>
              <select
                data-field="assignee"
                value={state.form.assigneeId}
                onChange$={(_, el) => (state.form.assigneeId = el.value)}
              >
                {state.people.map((person) => (
                  // `selected` as well as the select's value: a select rendered on the server has only its options to say it.
                  <option key={person.id} value={person.id} selected={person.id === state.form.assigneeId}>
                    {person.name}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{tt.due}</span>
              <InWords kind="datetime-local" value={state.form.due}>
                <input
                  name="due"
                  type="datetime-local"
                  required
                  data-field="due"
                  value={state.form.due}
                  onInput$={(_, el) => (state.form.due = el.value)}
                />
              </InWords>
            </label>
            <label class="field">
              <span>{tt.priority}</span>
              <select
                data-field="priority"
                value={state.form.priority}
                onChange$={(_, el) => (state.form.priority = el.value as Priority)}
              >
                {PRIORITIES.map((priority) => (
                  <option key={priority} value={priority} selected={priority === state.form.priority}>
                    {tt.priorities[priority]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label class="field">
            <span>{tt.what}</span>
            <input
              name="title"
              type="text"
              maxLength={200}
              data-field="title"
              value={state.form.title}
              onInput$={(_, el) => (state.form.title = el.value)}
            />
          </label>
          <button type="submit" class="btn btn-primary tasks-create" disabled={state.busy} data-create-task>
            {tt.create}
          </button>
        </form>
      )}
      {state.ready && state.tasks.length === 0 && !state.error && <p class="muted">{tt.none}</p>}
      <ul class="tasks-list" data-tasks>
        {state.tasks.map((task) => (
          <li key={task.id} class={`panel-box task task-${task.status.toLowerCase()}`} data-task={task.status}>
            <div class="task-main">
              <strong class="task-title">{task.title}</strong>
              <span class="task-meta">
                {tt.kinds[task.kind]} · {task.assigneeName} · {tt.priorities[task.priority]}
              </span>
              {task.clientId && (
                <a class="task-open" href={`/client?id=${task.clientId}`} data-task-client>
                  {tt.openClient}
                </a>
              )}
              <span class="task-when">
                <span class="task-status">{tt.statuses[task.status]}</span>{' '}
                {task.status === 'Completed' && task.completedAt
                  ? fill(tt.doneAt, { when: whenText(task.completedAt, timeZone, t.locale) })
                  : fill(tt.dueBy, { when: whenText(task.dueAt, timeZone, t.locale) })}
              </span>
            </div>
            {task.status !== 'Completed' && (
              <button type="button" class="btn task-complete" onClick$={() => complete(task)} data-complete>
                {tt.complete}
              </button>
            )}
          </li>
        ))}
      </ul>
      <Toast toast={state.toast} />
    </section>
  );
});
