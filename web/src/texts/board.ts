import type { Lang } from '../i18n';

/** Texts of the kanban board beyond the shared ones: drag hints, filters, arrivals. */
const ru = {
  dropHere: 'Сюда можно',
  dropNo: 'Сюда нельзя',
  allBays: 'Все посты',
  allMechanics: 'Все механики',
  bayFilter: 'Пост',
  mechanicFilter: 'Механик',
  noMechanic: 'Без механика',
  arrived: 'Новая запись: {time}, {client}',
  show: 'Показать',
};

const en: typeof ru = {
  dropHere: 'Drop here',
  dropNo: 'Not allowed',
  allBays: 'All bays',
  allMechanics: 'All mechanics',
  bayFilter: 'Bay',
  mechanicFilter: 'Mechanic',
  noMechanic: 'No mechanic',
  arrived: 'New booking: {time}, {client}',
  show: 'Show',
};

export const boardTexts = { ru, en } satisfies Record<Lang, typeof ru>;
