import type { Lang } from '../i18n';

/** Texts of a car's own record (/car?plate=…). */
const ru = {
  title: 'Автомобиль',
  noPlate: 'Не указан госномер: откройте автомобиль из карточки клиента',
  vin: 'VIN',
  noVin: 'VIN не записан',
  mileage: 'Пробег',
  lastReading: '{km} км ({date})',
  perDay: 'в среднем {km} км в день',
  noReadings: 'Пробег ещё не записывали',
  owners: 'Кто привозил',
  lastVisit: 'последний визит {date}',
  noVisitsYet: 'визитов ещё не было',
  erasedOwner: 'Клиент удалён',
  visits: 'Визиты',
  noVisits: 'Визитов ещё не было',
  order: 'Заказ-наряд № {number}',
  noOrder: 'Заказ-наряд не открывали',
  odometer: 'пробег {km} км',
  work: 'Работа',
  part: 'Запчасть',
  total: 'Итого',
  rub: '₽',
};

const en: typeof ru = {
  title: 'Car',
  noPlate: 'No plate given: open the car from the client card',
  vin: 'VIN',
  noVin: 'No VIN on file',
  mileage: 'Mileage',
  lastReading: '{km} km ({date})',
  perDay: '{km} km a day on average',
  noReadings: 'No odometer readings yet',
  owners: 'Brought by',
  lastVisit: 'last visit {date}',
  noVisitsYet: 'no visits yet',
  erasedOwner: 'Client erased',
  visits: 'Visits',
  noVisits: 'No visits yet',
  order: 'Work order No. {number}',
  noOrder: 'No work order opened',
  odometer: 'odometer {km} km',
  work: 'Work',
  part: 'Part',
  total: 'Total',
  rub: '₽',
};

export const carTexts = { ru, en } satisfies Record<Lang, typeof ru>;
