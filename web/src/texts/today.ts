import type { Lang } from '../i18n';

/** Texts of the mechanic's day (/today). */
const ru = {
  title: 'Мои работы на сегодня',
  loading: 'Загрузка…',
  none: 'На сегодня вам ничего не назначено',
  noneHint: 'Новые назначения появятся здесь сами, обновлять страницу не нужно.',
  start: 'Начать работу',
  finish: 'Завершить',
  waiting: 'Ждёт подтверждения менеджера',
  started: 'Работа начата',
  finished: 'Работа завершена',
  bay: 'Пост',
  noBay: 'пост не назначен',
  comment: 'Комментарий',
  workOrder: 'Заказ-наряд: работы, запчасти, находки с фото',
  count: 'Работ: {n}',
  allTitle: 'Работы на сегодня',
  allNone: 'На сегодня работ нет',
};

type TodayTexts = typeof ru;

const en: TodayTexts = {
  title: 'My jobs today',
  loading: 'Loading…',
  none: 'Nothing is assigned to you today',
  noneHint: 'New assignments show up here by themselves; no need to reload.',
  start: 'Start work',
  finish: 'Finish',
  waiting: 'Waiting for a manager to confirm',
  started: 'Work started',
  finished: 'Work finished',
  bay: 'Bay',
  noBay: 'no bay',
  comment: 'Comment',
  workOrder: 'Work order: works, parts, findings with photos',
  count: 'Jobs: {n}',
  allTitle: 'Today’s jobs',
  allNone: 'No jobs today',
};

export const todayTexts = { ru, en } satisfies Record<Lang, TodayTexts>;
