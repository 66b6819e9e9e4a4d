// Texts of the reports page's section on where the period's bookings came from.
const ru = {
  title: 'Откуда записи',
  intro: 'Записи за период по каналам и источникам: метки рекламы (utm) и ссылки с QR-кодов и кнопок сайта.',
  loading: 'Загрузка…',
  channel: 'Канал',
  source: 'Источник',
  bookings: 'Записей',
  done: 'Выполнено',
  cancelled: 'Отменено',
  noSource: 'без метки',
  none: 'За этот период записей нет.',
};

const en: typeof ru = {
  title: 'Where bookings came from',
  intro: 'The period’s bookings by channel and source: advert tags (utm) and links from QR codes and site buttons.',
  loading: 'Loading…',
  channel: 'Channel',
  source: 'Source',
  bookings: 'Bookings',
  done: 'Done',
  cancelled: 'Cancelled',
  noSource: 'no tag',
  none: 'No bookings in this period.',
};

export const sourcesTexts = { ru, en };
