import type { Lang } from '../i18n';

/** Each page's document title (before « · Zero-CRM»): the static head has the Russian one. */
const ru = {
  account: 'Мой профиль',
  board: 'Доска',
  book: 'Запись на сервис',
  calendar: 'Календарь',
  car: 'Автомобиль',
  client: 'Клиент',
  clients: 'Клиенты',
  compliance: 'Персональные данные',
  import: 'Импорт клиентов',
  inbox: 'Сообщения клиентов',
  'import/appointments': 'Импорт записей',
  login: 'Вход',
  'login/invite': 'Приглашение',
  reports: 'Отчёты',
  settings: 'Настройки',
  staff: 'Сотрудники и смены',
  tasks: 'Задачи',
  today: 'Сегодня',
};

export type PageName = keyof typeof ru;

const en: typeof ru = {
  account: 'My profile',
  board: 'Board',
  book: 'Book a service',
  calendar: 'Calendar',
  car: 'Car',
  client: 'Client',
  clients: 'Clients',
  compliance: 'Personal data',
  import: 'Import clients',
  inbox: 'Clients’ messages',
  'import/appointments': 'Import appointments',
  login: 'Sign in',
  'login/invite': 'Invitation',
  reports: 'Reports',
  settings: 'Settings',
  staff: 'Staff and shifts',
  tasks: 'Tasks',
  today: 'Today',
};

export const titleTexts = { ru, en } satisfies Record<Lang, typeof ru>;
