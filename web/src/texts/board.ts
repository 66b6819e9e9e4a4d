import type { Lang } from '../i18n';

/** Texts of the kanban board beyond the shared ones: drag hints and arrivals. */
const ru = {
  dropHere: 'Сюда можно',
  dropNo: 'Сюда нельзя',
  arrived: 'Новая запись: {time}, {client}',
  filters: {
    bay: 'Пост',
    anyBay: 'Все посты',
    mechanic: 'Механик',
    anyMechanic: 'Все механики',
    noMechanic: 'Без механика',
    clients: 'Клиенты',
    anyClients: 'Все клиенты',
    myClients: 'Мои клиенты',
  },
  hidden: 'Скрыто фильтром: {n}',
};

const en: typeof ru = {
  dropHere: 'Drop here',
  dropNo: 'Not allowed',
  arrived: 'New booking: {time}, {client}',
  filters: {
    bay: 'Bay',
    anyBay: 'All bays',
    mechanic: 'Mechanic',
    anyMechanic: 'All mechanics',
    noMechanic: 'No mechanic',
    clients: 'Clients',
    anyClients: 'All clients',
    myClients: 'My clients',
  },
  hidden: 'Hidden by the filter: {n}',
};

export const boardTexts = { ru, en } satisfies Record<Lang, typeof ru>;
