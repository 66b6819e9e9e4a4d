import { DomainError } from '../shared/errors.ts';
import { requireInstant, requireSingleLine } from '../shared/input-rules.ts';

// ───────────────────────────── Tasks of the station's people ─────────────────────────────
// «Call the client back», «order the part», «remind about the declined work»: made from a booking
// card, a client or on their own, given to one person with a due time. Open → Completed; an open
// task past its due time is Overdue, which is not stored but read from the clock.

export const taskKinds = ['call_back', 'order_part', 'declined_work', 'other'] as const;
export type TaskKind = (typeof taskKinds)[number];
export const taskPriorities = ['low', 'normal', 'high'] as const;
export type TaskPriority = (typeof taskPriorities)[number];
export const taskStatuses = ['Open', 'Overdue', 'Completed'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const TASK_TITLE_MAX = 200;
/** How far ahead a due time may lie. */
export const TASK_HORIZON_DAYS = 366;
const DAY_MS = 86_400_000;
/** A due time a moment ago (a slow tablet) is still taken. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type StoredTask = { readonly status: 'Open' | 'Completed'; readonly dueAt: number };

/** What the task is at `now`: an open one past its due time is Overdue. */
export const taskStatusAt = (task: StoredTask, now: number): TaskStatus =>
  task.status === 'Completed' ? 'Completed' : task.dueAt <= now ? 'Overdue' : 'Open';

/** An overdue task's assignee is reminded once; a completed or not yet due one never. */
export const isReminderDue = (task: StoredTask, now: number): boolean => taskStatusAt(task, now) === 'Overdue';

export type NewTask = { title: string; dueAt: number };

/** A title on one line and a due time with its offset, from now up to a year ahead. */
export const requireNewTask = (input: { title: string; dueAt: string }, now: number): NewTask => {
  const title = requireSingleLine(input.title, 'title', TASK_TITLE_MAX, { required: true });
  const dueAt = requireInstant(input.dueAt, 'dueAt');
  if (dueAt < now - CLOCK_SKEW_MS) throw new DomainError('IN_PAST', 'The due time is in the past', { field: 'dueAt' });
  if (dueAt > now + TASK_HORIZON_DAYS * DAY_MS) {
    throw new DomainError('VALIDATION', `dueAt must be at most ${TASK_HORIZON_DAYS} days ahead`, { field: 'dueAt' });
  }
  return { title, dueAt };
};

/** Only an open (or overdue) task can be completed; completing one twice is refused. */
export const assertCompletable = (task: StoredTask): void => {
  if (task.status === 'Completed') throw new DomainError('ILLEGAL_TRANSITION', 'The task is already completed');
};

// ───────────────────────────── The overdue reminder ─────────────────────────────
// It goes by e-mail, so it carries no title (staff's own words may name a client): the kind in
// words, the due time in the branch's zone, and a link to the tasks page.

const kindWords: Record<TaskKind, { ru: string; en: string }> = {
  call_back: { ru: 'перезвонить клиенту', en: 'call the client back' },
  order_part: { ru: 'заказать запчасть', en: 'order a part' },
  declined_work: { ru: 'напомнить об отказанных работах', en: 'remind about declined work' },
  other: { ru: 'задача', en: 'a task' },
};

export const overdueReminderText = (task: { kind: TaskKind; dueAt: number }, timeZone: string, link: string) => {
  const when = (locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(
      task.dueAt,
    );
  const words = kindWords[task.kind];
  return {
    subject: `Просрочена задача: ${words.ru} / Overdue task: ${words.en}`,
    text: [
      `Срок задачи «${words.ru}» прошёл ${when('ru-RU')}. Откройте задачи: ${link}`,
      '',
      `The task «${words.en}» was due ${when('en-GB')}. Open the tasks: ${link}`,
    ].join('\n'),
  };
};
