import type { Lang } from '../i18n';

/** Texts of the held-back events block of /settings: events the system set aside so the rest kept flowing. */
const ru = {
  title: 'Отложенные события',
  hint: 'Если какое-то событие не удаётся обработать, система откладывает его и продолжает работу для всех остальных. После исправления программы администратор обрабатывает их заново.',
  none: 'Отложенных событий нет — всё обработано.',
  loading: 'Загрузка…',
  count: 'Отложено: {n}',
  shown: 'показаны последние {n}',
  when: 'Когда',
  what: 'Что',
  where: 'Где',
  why: 'Почему',
  recorded: 'записано {at}',
  retrying: 'ждёт повторной обработки',
  followers: {
    'read-models': 'Доска, календарь, клиенты и отчёты',
    'telegram-notifications': 'Сообщения клиентам в Telegram',
    'telegram-reminders': 'Напоминания клиентам',
    'manager-alerts': 'Оповещения сотрудникам',
  } as Record<string, string>,
  otherFollower: 'Фоновая обработка',
  streams: {
    booking: 'Запись',
    client: 'Клиент',
    refusal: 'Отказ в записи (занятое время)',
    schedule: 'Расписание поста',
    import: 'Импорт клиентской базы',
    trailrelease: 'Выдача данных клиенту',
  } as Record<string, string>,
  otherStream: 'Событие',
  kinds: {
    time: 'в событии время, которое нельзя сохранить (например, слишком далёкий год)',
    text: 'в тексте события есть служебные символы',
    shape: 'событие записано не в том виде, который ожидает программа',
    conflict: 'событие противоречит уже сохранённому (например, пересечение по времени)',
    other: 'непредвиденная ошибка при обработке',
  } as Record<string, string>,
};

type QuarantineTexts = typeof ru;

const en: QuarantineTexts = {
  title: 'Held-back events',
  hint: 'When an event cannot be processed, the system sets it aside and keeps working for everything else. Once the software is fixed, the administrator processes them again.',
  none: 'No held-back events: everything was processed.',
  loading: 'Loading…',
  count: 'Held back: {n}',
  shown: 'the latest {n} shown',
  when: 'When',
  what: 'What',
  where: 'Where',
  why: 'Why',
  recorded: 'recorded {at}',
  retrying: 'waiting to be processed again',
  followers: {
    'read-models': 'Board, calendar, clients and reports',
    'telegram-notifications': 'Messages to clients in Telegram',
    'telegram-reminders': 'Reminders to clients',
    'manager-alerts': 'Alerts to staff',
  },
  otherFollower: 'Background processing',
  streams: {
    booking: 'Booking',
    client: 'Client',
    refusal: 'Refused booking (time taken)',
    schedule: 'Bay schedule',
    import: 'Client list import',
    trailrelease: 'Data handed to a client',
  },
  otherStream: 'Event',
  kinds: {
    time: 'the event holds a time that cannot be stored (such as a year far ahead)',
    text: 'the event’s text holds control characters',
    shape: 'the event is not in the form the software expects',
    conflict: 'the event contradicts what is already stored (such as an overlap in time)',
    other: 'an unexpected error while processing it',
  },
};

export const quarantineTexts: Record<Lang, QuarantineTexts> = { ru, en };
