import type { Lang } from '../i18n';

/** Texts of the tasks page (/tasks). */
const ru = {
  title: 'Задачи',
  loading: 'Загрузка…',
  none: 'Открытых задач нет',
  branch: 'Филиал',
  newTask: 'Новая задача',
  kind: 'Что сделать',
  what: 'Описание',
  assignee: 'Кому',
  due: 'Срок',
  priority: 'Важность',
  create: 'Создать задачу',
  created: 'Задача создана',
  complete: 'Выполнено',
  completed: 'Задача выполнена',
  overdueCount: 'Просрочено: {n}',
  kinds: {
    call_back: 'Перезвонить клиенту',
    order_part: 'Заказать запчасть',
    declined_work: 'Напомнить об отказанных работах',
    other: 'Другое',
  },
  priorities: { low: 'Низкая', normal: 'Обычная', high: 'Высокая' },
  statuses: { Open: 'Открыта', Overdue: 'Просрочена', Completed: 'Выполнена' },
  dueBy: 'до {when}',
  doneAt: '{when}',
  forBooking: 'По записи клиента',
  forClient: 'По клиенту',
  unlink: 'Без привязки',
  openClient: 'Карточка клиента',
};

type TasksTexts = typeof ru;

const en: TasksTexts = {
  title: 'Tasks',
  loading: 'Loading…',
  none: 'No open tasks',
  branch: 'Branch',
  newTask: 'New task',
  kind: 'What to do',
  what: 'Description',
  assignee: 'Who',
  due: 'Due',
  priority: 'Priority',
  create: 'Create task',
  created: 'Task created',
  complete: 'Done',
  completed: 'Task completed',
  overdueCount: 'Overdue: {n}',
  kinds: {
    call_back: 'Call the client back',
    order_part: 'Order a part',
    declined_work: 'Remind about declined work',
    other: 'Other',
  },
  priorities: { low: 'Low', normal: 'Normal', high: 'High' },
  statuses: { Open: 'Open', Overdue: 'Overdue', Completed: 'Completed' },
  dueBy: 'due {when}',
  doneAt: '{when}',
  forBooking: "For the client's booking",
  forClient: 'For the client',
  unlink: 'Not linked',
  openClient: "Client's card",
};

export const tasksTexts = { ru, en } satisfies Record<Lang, TasksTexts>;
