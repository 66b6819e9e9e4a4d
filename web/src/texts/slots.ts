import type { Lang } from '../i18n';

/** Texts of the free-time picker (phone booking, the card's reschedule). */
const ru = {
  day: 'День',
  today: 'Сегодня',
  tomorrow: 'Завтра',
  times: 'Свободное время по постам',
  offers: 'Ближайшее свободное',
  chooseService: 'Выберите услугу — покажем свободное время',
  loading: 'Ищем свободное время…',
  none: 'В этот день свободного времени нет — выберите другой день',
  failed: 'Не удалось загрузить свободное время. Нажмите на день ещё раз.',
};

const en: typeof ru = {
  day: 'Day',
  today: 'Today',
  tomorrow: 'Tomorrow',
  times: 'Free times by bay',
  offers: 'Nearest free',
  chooseService: 'Choose a service to see free times',
  loading: 'Looking for free times…',
  none: 'No free time that day — pick another day',
  failed: 'Could not load free times. Tap the day again.',
};

export const slotTexts = { ru, en } satisfies Record<Lang, typeof ru>;
