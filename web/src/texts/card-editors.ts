import type { Lang } from '../i18n';

/** Texts of the card's editors: bay, length and the move to another time. */
const ru = {
  bay: 'Пост',
  duration: 'Длительность',
  shorter: '−30 мин',
  longer: '+30 мин',
  reschedule: 'Перенести на другое время',
  hidePicker: 'Не переносить',
  moved: 'Запись перенесена на {when}',
  bayChanged: 'Пост изменён: {bay}',
  resized: 'Длительность: {duration}',
  resizeTaken: 'Нельзя удлинить: дальше на этом посту другая запись. Перенесите запись на свободное время или на другой пост.',
  tooShort: 'Короче 30 минут сделать нельзя.',
};

const en: typeof ru = {
  bay: 'Bay',
  duration: 'Duration',
  shorter: '−30 min',
  longer: '+30 min',
  reschedule: 'Move to another time',
  hidePicker: 'Keep the time',
  moved: 'Booking moved to {when}',
  bayChanged: 'Bay changed: {bay}',
  resized: 'Duration: {duration}',
  resizeTaken: 'Cannot make it longer: the bay has another booking right after. Move it to a free time or another bay.',
  tooShort: 'It cannot be shorter than 30 minutes.',
};

export const cardEditorTexts = { ru, en } satisfies Record<Lang, typeof ru>;
