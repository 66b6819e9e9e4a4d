import type { Lang } from '../i18n';

/**
 * The compliance logs' details in words: each key the server records (api/ and core/ audit calls)
 * with its known values; ids are left out (the client and staff columns name who), anything else
 * unknown is shown as the server wrote it.
 */
const ru = {
  query: {
    text: 'поиск по имени или номеру машины',
    phone: 'поиск по телефону',
    list: 'просмотр списка',
    incident: 'карточка инцидента',
    consents: 'согласия клиента',
  } as Record<string, string>,
  results: 'найдено: {n}',
  change: {
    'consent-given': 'дано согласие',
    'consent-withdrawn': 'отозвано согласие',
    profile: 'изменены имя или заметка',
  } as Record<string, string>,
  recorded: { true: 'записано', false: 'уже было записано' } as Record<string, string>,
  changed: { true: 'изменено', false: 'без изменений' } as Record<string, string>,
  enabled: { true: 'включено', false: 'выключено' } as Record<string, string>,
  format: 'формат {v}',
  events: 'событий: {n}',
  entries: 'записей: {n}',
  days: 'дней: {n}',
  stage: {
    prepared: 'ответ подготовлен',
    released: 'ответ выдан',
    download: 'ответ скачан',
    review: 'ответ на проверке',
  } as Record<string, string>,
  delivery: 'доставка: {v}',
  deliveries: { telegram: 'Telegram', email: 'эл. почта', download: 'скачивание', paper: 'на бумаге' } as Record<string, string>,
  reason: {
    'wrong-password': 'неверный пароль',
    'unknown-email': 'неизвестная почта',
    'wrong-current-password': 'неверный текущий пароль при смене пароля',
  } as Record<string, string>,
  reasonFree: 'причина: {v}',
  by: { account: 'по учётной записи', address: 'по адресу', console: 'из консоли сервера' } as Record<string, string>,
  log: { access: 'журнал доступа', security: 'журнал безопасности' } as Record<string, string>,
  role: 'роль: {v}',
};

const en: typeof ru = {
  query: {
    text: 'search by name or plate',
    phone: 'search by phone',
    list: 'list viewed',
    incident: 'incident card',
    consents: 'client’s consents',
  },
  results: 'found: {n}',
  change: { 'consent-given': 'consent given', 'consent-withdrawn': 'consent withdrawn', profile: 'name or note changed' },
  recorded: { true: 'recorded', false: 'already recorded' },
  changed: { true: 'changed', false: 'unchanged' },
  enabled: { true: 'on', false: 'off' },
  format: '{v} format',
  events: 'events: {n}',
  entries: 'entries: {n}',
  days: 'days: {n}',
  stage: { prepared: 'answer prepared', released: 'answer released', download: 'answer downloaded', review: 'answer in review' },
  delivery: 'delivery: {v}',
  deliveries: { telegram: 'Telegram', email: 'e-mail', download: 'download', paper: 'on paper' },
  reason: {
    'wrong-password': 'wrong password',
    'unknown-email': 'unknown e-mail',
    'wrong-current-password': 'wrong current password when changing it',
  },
  reasonFree: 'reason: {v}',
  by: { account: 'by account', address: 'by address', console: 'from the server console' },
  log: { access: 'access log', security: 'security log' },
  role: 'role: {v}',
};

export const logDetailTexts = { ru, en } satisfies Record<Lang, typeof ru>;
