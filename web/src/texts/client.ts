import type { Lang } from '../i18n';

/** Texts of the clients list and the client card (/clients, /client?id=…). */
const ru = {
  back: 'Все клиенты',
  open: 'Открыть карточку',
  loading: 'Загрузка…',
  noId: 'Не указан клиент: откройте его из списка клиентов',
  blocked: 'Обработка данных этого клиента приостановлена на время проверки',
  phone: 'Телефон',
  noPhone: 'нет телефона',
  reveal: 'Показать номер',
  revealHint: 'Просмотр номера записывается в журнал доступа',
  call: 'Позвонить',
  cars: 'Автомобили',
  noCars: 'Автомобили не указаны',
  visits: 'Визитов',
  importedVisits: 'из них до CRM: {n}',
  bookings: 'Записей',
  lastVisit: 'Последний визит',
  since: 'Клиент с',
  upcoming: 'Предстоящие записи',
  past: 'История записей',
  noUpcoming: 'Предстоящих записей нет',
  noPast: 'Истории пока нет',
  cancelReason: 'причина',
  openBooking: 'Открыть запись',
};

type ClientTexts = typeof ru;

const en: ClientTexts = {
  back: 'All clients',
  open: 'Open card',
  loading: 'Loading…',
  noId: 'No client given: open one from the client list',
  blocked: 'Processing of this client’s data is paused while it is checked',
  phone: 'Phone',
  noPhone: 'no phone',
  reveal: 'Show number',
  revealHint: 'Viewing the number is recorded in the access log',
  call: 'Call',
  cars: 'Cars',
  noCars: 'No cars on file',
  visits: 'Visits',
  importedVisits: 'before the CRM: {n}',
  bookings: 'Bookings',
  lastVisit: 'Last visit',
  since: 'Client since',
  upcoming: 'Upcoming bookings',
  past: 'Booking history',
  noUpcoming: 'No upcoming bookings',
  noPast: 'No history yet',
  cancelReason: 'reason',
  openBooking: 'Open booking',
};

export const clientTexts = { ru, en } satisfies Record<Lang, ClientTexts>;
