/** Words of the station-kind templates and the demo branch (first-run guide, settings). */
const ru = {
  templateLabel: 'Готовый набор услуг и постов',
  templateHint: 'Добавит типичные услуги с длительностью и перерывами и недостающие посты; ваши изменения останутся.',
  kinds: {
    general: 'Общий ремонт',
    tyres: 'Шиномонтаж',
    body: 'Кузовной ремонт',
    detailing: 'Детейлинг и мойка',
  },
  apply: 'Добавить',
  applying: 'Добавляем…',
  added: 'Добавлено: услуг — {services}, постов — {bays}',
  nothingAdded: 'Всё из этого набора уже есть',
  failed: 'Не получилось. Попробуйте ещё раз.',
  demoTitle: 'Посмотреть на примере',
  demoText:
    'Отдельный демо-филиал с выдуманной неделей: клиенты, записи из бота и по телефону, отчёты. Ваши данные он не видит и не меняет.',
  demoCreate: 'Создать демо-филиал',
  demoCreating: 'Заполняем неделю…',
  demoActive: 'Демо-филиал создан: {bookings} записей, {clients} клиентов. Он удаляется целиком одной кнопкой.',
  demoOpen: 'Открыть демо',
  demoRemove: 'Удалить демо',
  demoRemoving: 'Удаляем…',
  demoConfirm: 'Да, удалить со всеми записями и клиентами',
};

const en: typeof ru = {
  templateLabel: 'Ready set of services and bays',
  templateHint: 'Adds typical services with durations and buffers, and the bays missing; your changes stay.',
  kinds: {
    general: 'General repair',
    tyres: 'Tyres',
    body: 'Body work',
    detailing: 'Detailing and washing',
  },
  apply: 'Add',
  applying: 'Adding…',
  added: 'Added: {services} services, {bays} bays',
  nothingAdded: 'Everything in this set is there already',
  failed: 'That did not work. Try again.',
  demoTitle: 'See it on an example',
  demoText:
    'A separate demo branch with an invented week: clients, bookings from the bot and by phone, reports. It neither sees nor changes your data.',
  demoCreate: 'Make a demo branch',
  demoCreating: 'Filling the week…',
  demoActive: 'The demo branch is there: {bookings} bookings, {clients} clients. One button removes all of it.',
  demoOpen: 'Open the demo',
  demoRemove: 'Remove the demo',
  demoRemoving: 'Removing…',
  demoConfirm: 'Yes, remove it with all bookings and clients',
};

export const setupTexts = { ru, en };
