import type { Lang } from '../i18n';

/**
 * A refusal of a booking change in a person's words: what happened and what to do instead, by the
 * API problem's `code` (RFC 9457). Codes not listed fall back to the shared error texts.
 */
const ru: Record<string, string> = {
  SLOT_TAKEN: 'Это время уже занято другой записью. Выберите одно из ближайших свободных ниже или другой день.',
  OUTSIDE_WORKING_HOURS: 'Филиал в это время не работает. Выберите время в рабочие часы — свободные показаны выше.',
  IN_PAST: 'Это время уже прошло. Выберите время позже текущего.',
  BAY_CANNOT_DO_SERVICE: 'На этом посту такую услугу не делают. Выберите другой пост или другую услугу.',
  ILLEGAL_TRANSITION: 'Запись уже выполнена или отменена, её нельзя изменить. Создайте новую запись.',
  NOT_FOUND: 'Запись или клиент не найдены — возможно, их удалили. Обновите страницу.',
  FORBIDDEN: 'У вашей роли нет права на это. Попросите владельца или менеджера филиала.',
  CLIENT_BLOCKED: 'Обработка данных этого клиента приостановлена. Обратитесь к ответственному за ПДн.',
  ERASED_CLIENT: 'Данные этого клиента удалены по его запросу. Запишите его как нового клиента.',
  PHONE_TAKEN: 'Этот номер уже записан за другим клиентом. Найдите его в списке клиентов.',
  VALIDATION: 'Не все поля заполнены верно. Проверьте имя, телефон и время.',
  CONTROL_CHARACTER: 'В тексте есть невидимый служебный символ. Наберите текст заново, не вставляя его.',
  NETWORK: 'Нет связи с сервером. Проверьте интернет и нажмите ещё раз.',
  UNKNOWN: 'Не получилось сохранить. Попробуйте ещё раз через минуту.',
};

const en: Record<string, string> = {
  SLOT_TAKEN: 'This time is taken by another booking. Pick one of the nearest free times below or another day.',
  OUTSIDE_WORKING_HOURS: 'The branch is closed at that time. Pick a time within working hours — the free ones are shown above.',
  IN_PAST: 'This time has passed. Pick a later time.',
  BAY_CANNOT_DO_SERVICE: 'This bay does not do the service. Pick another bay or another service.',
  ILLEGAL_TRANSITION: 'The booking is done or cancelled and cannot change. Make a new booking.',
  NOT_FOUND: 'The booking or client is gone — perhaps deleted. Reload the page.',
  FORBIDDEN: 'Your role may not do this. Ask the owner or the branch manager.',
  CLIENT_BLOCKED: 'Processing of this client’s data is suspended. Ask the data-protection officer.',
  ERASED_CLIENT: 'This client’s data was erased at their request. Book them as a new client.',
  PHONE_TAKEN: 'This number belongs to another client. Find them in the client list.',
  VALIDATION: 'Some fields are not filled in correctly. Check the name, phone and time.',
  CONTROL_CHARACTER: 'The text has an invisible control character. Type it again instead of pasting.',
  NETWORK: 'No connection to the server. Check the internet and tap again.',
  UNKNOWN: 'Could not save. Try again in a minute.',
};

export const refusalTexts = { ru, en } satisfies Record<Lang, Record<string, string>>;
