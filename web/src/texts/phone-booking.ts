import type { Lang } from '../i18n';

/** Texts of the phone booking dialog: services → day → free time → client → car. */
const ru = {
  services: 'Услуги',
  client: 'Клиент',
  search: 'Телефон, имя или госномер',
  searchHint: 'Номер в любом виде: 8 916 123-45-02, +7 (916) 1234502',
  notFound: 'Клиента нет в базе — запишем нового',
  newClient: 'Новый клиент',
  change: 'Другой клиент',
  car: 'Автомобиль',
  otherCar: 'Другой автомобиль',
  noCar: 'Без автомобиля',
  chosen: 'Записать на {when}',
  chooseTime: 'Выберите время',
  onBay: 'пост',
  missing: 'Не хватает: {what}',
  missingService: 'услуги',
  missingTime: 'времени',
  missingClient: 'имени и телефона клиента',
};

const en: typeof ru = {
  services: 'Services',
  client: 'Client',
  search: 'Phone, name or plate',
  searchHint: 'Any notation: 8 916 123-45-02, +7 (916) 1234502',
  notFound: 'Not in the base yet — a new client will be added',
  newClient: 'New client',
  change: 'Another client',
  car: 'Car',
  otherCar: 'Another car',
  noCar: 'No car',
  chosen: 'Book for {when}',
  chooseTime: 'Choose a time',
  onBay: 'bay',
  missing: 'Still needed: {what}',
  missingService: 'a service',
  missingTime: 'a time',
  missingClient: 'the client’s name and phone',
};

export const phoneBookingTexts = { ru, en } satisfies Record<Lang, typeof ru>;
