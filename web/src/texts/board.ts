import type { Lang } from '../i18n';

/** Texts of the kanban board beyond the shared ones: drag hints and arrivals. */
const ru = {
  dropHere: 'Сюда можно',
  dropNo: 'Сюда нельзя',
  arrived: 'Новая запись: {time}, {client}',
};

const en: typeof ru = {
  dropHere: 'Drop here',
  dropNo: 'Not allowed',
  arrived: 'New booking: {time}, {client}',
};

export const boardTexts = { ru, en } satisfies Record<Lang, typeof ru>;
