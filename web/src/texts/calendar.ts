import type { Lang } from '../i18n';

/** Texts of the calendar's bay columns, status legend and refused drops; read with usePageTexts or by language. */
const ru = {
  statuses: 'Статусы',
  taken: 'Это время на посту «{bay}» занято.',
  refusedHere: 'Перенести сюда нельзя.',
  pick: 'Свободно рядом — нажмите, чтобы перенести:',
  none: 'Рядом свободного времени нет: выберите другой день.',
  close: 'Закрыть',
  movedTo: 'Запись перенесена на {when}',
  movedToBay: 'Запись перенесена на пост «{bay}», {when}',
};

const en: typeof ru = {
  statuses: 'Statuses',
  taken: 'This time is taken on «{bay}».',
  refusedHere: 'It cannot be moved here.',
  pick: 'Free nearby — tap one to move the booking there:',
  none: 'Nothing is free nearby: try another day.',
  close: 'Close',
  movedTo: 'Booking moved to {when}',
  movedToBay: 'Booking moved to «{bay}», {when}',
};

export const calendarTexts = { ru, en } satisfies Record<Lang, typeof ru>;
