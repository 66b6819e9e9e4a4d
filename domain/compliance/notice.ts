// ───────────────────────────── Texts the station edits ─────────────────────────────
// What art. 14 part 7 of 152-FZ requires an answer to a subject to say, and what a destruction act
// (Roskomnadzor order No. 179 of 28.10.2022) names. Defaults only: the station replaces them with
// its own wording (PUT /api/compliance/texts/:key); `{organization}` is the organization's name.

export type TextKey =
  | 'operator'
  | 'purposes'
  | 'legal-bases'
  | 'methods'
  | 'categories-and-sources'
  | 'recipients'
  | 'processors'
  | 'retention'
  | 'rights'
  | 'cross-border'
  | 'safeguards'
  | 'information-system'
  | 'erasure-method'
  | 'privacy-notice'
  | 'consent-personal-data';

/** A consent is one Telegram message with its buttons (Telegram's limit), so its text is at most this long. */
export const CONSENT_TEXT_LIMIT = 4096;

/** The version of the default consent wording; a station's own wording is versioned by its save time. */
export const CONSENT_NOTICE_VERSION = '2026-12-06.1';

export const defaultTexts: Record<TextKey, { title: string; text: string }> = {
  operator: {
    title: 'Оператор: наименование и место нахождения',
    text: '{operator}',
  },
  purposes: {
    title: 'Цели обработки',
    text: 'Запись на обслуживание автомобиля, сообщения о записях (подтверждение, изменения, напоминания), учёт оказанных услуг.',
  },
  'legal-bases': {
    title: 'Правовые основания обработки',
    text:
      'Согласие субъекта на обработку персональных данных (п. 1 ч. 1 ст. 6 152-ФЗ); ' +
      'исполнение договора об оказании услуг, стороной которого является субъект (п. 5 ч. 1 ст. 6 152-ФЗ).',
  },
  methods: {
    title: 'Способы обработки',
    text:
      'Автоматизированная обработка: сбор, запись, систематизация, накопление, хранение, уточнение, извлечение, ' +
      'использование, блокирование, удаление, уничтожение. Персональные данные в журнале событий хранятся зашифрованными ' +
      'ключом, отдельным для каждого клиента.',
  },
  'categories-and-sources': {
    title: 'Обрабатываемые данные и источник их получения',
    text:
      'Имя, номер телефона, адрес электронной почты, идентификатор в мессенджере (Telegram, MAX), данные автомобиля (марка, модель, ' +
      'год выпуска, госномер, VIN, пробег), записи на обслуживание и комментарии к ним, заказ-наряды и оплаты, переписка со станцией ' +
      'в мессенджере, заметки и задачи сотрудников о клиенте. Источник — сам субъект (бот в мессенджере, сайт, телефонный звонок, ' +
      'визит) или перенесённая клиентская база станции.',
  },
  recipients: {
    title: 'Лица, которые имеют доступ к данным или которым они могут быть раскрыты',
    text:
      'Сообщения о записях доставляют сервисы, которые подключила станция (мессенджеры Telegram и MAX, SMS-шлюз, почтовый сервер): ' +
      'им передаются номер телефона, идентификатор в мессенджере или адрес почты и текст сообщения. Иным третьим лицам данные ' +
      'не передаются. Доступ имеют работники оператора по ролям: владелец, менеджеры, механики, ответственный за обработку ' +
      'персональных данных.',
  },
  processors: {
    title: 'Лица, обрабатывающие данные по поручению оператора',
    text:
      'Если станция подключила SMS-шлюз или почтовый сервер, они доставляют сообщения о записях по поручению оператора и получают ' +
      'для этого только номер телефона или адрес почты и текст сообщения. Иным лицам обработка не поручается.',
  },
  retention: {
    title: 'Сроки обработки и хранения',
    text:
      'До достижения целей обработки или до отзыва согласия. После отзыва согласия данные уничтожаются в течение 30 дней. ' +
      'Акты об уничтожении и выгрузки из журнала хранятся 3 года.',
  },
  rights: {
    title: 'Порядок осуществления прав субъекта',
    text:
      'Субъект вправе получить сведения о своих данных, потребовать их уточнения, блокирования или уничтожения, отозвать ' +
      'согласие (в боте — команда /privacy) и обжаловать действия оператора в Роскомнадзоре или в суде (ст. 14, 17, 20, 21 152-ФЗ).',
  },
  'cross-border': {
    title: 'Трансграничная передача',
    text:
      'База данных, резервные копии и состояние бота хранятся на серверах в России. Если станция подключила Telegram, ' +
      'сообщения в нём проходят через серверы Telegram, которые могут находиться за пределами России.',
  },
  safeguards: {
    title: 'Исполнение обязанностей оператора (ст. 18.1 152-ФЗ)',
    text:
      'Назначен ответственный за организацию обработки; доступ по ролям; журнал доступа и журнал безопасности с защитой ' +
      'от изменения (цепочка хешей); шифрование персональных данных ключом клиента; уничтожение с актом.',
  },
  'information-system': {
    title: 'Информационная система персональных данных',
    text: 'Zero-CRM — система записи клиентов станции технического обслуживания.',
  },
  'erasure-method': {
    title: 'Способ уничтожения',
    text:
      'Программное уничтожение: удаление ключа шифрования клиента (криптографическое стирание), после чего все записи о нём ' +
      'в журнале событий нечитаемы; удаление записей из витрин данных, индекса телефонов и данных ботов в мессенджерах.',
  },
  'privacy-notice': {
    title: 'Уведомление об обработке данных в боте (команда /privacy)',
    text:
      'Оператор — {organization}. Мы обрабатываем ваше имя, номер телефона, идентификатор в мессенджере, данные автомобиля ' +
      'и записей, чтобы записывать вас на обслуживание и сообщать о записях. Данные хранятся на серверах в России и третьим ' +
      'лицам не передаются. Вы можете получить сведения о своих данных (/mydata), отказаться от рассылок, отозвать согласие, ' +
      'потребовать прекратить обработку или удалить данные — кнопками ниже.',
  },
  'consent-personal-data': {
    title: 'Согласие на обработку персональных данных для записи (бот в мессенджере, кнопка «Согласен» после /start)',
    // The bot's Russian default (bot/consent.ts shows this text until the station writes its own).
    text: [
      `Согласие на обработку персональных данных (версия ${CONSENT_NOTICE_VERSION})`,
      '',
      'Я даю согласие автосервису «{organization}» на обработку моих персональных данных: имени, номера телефона, ' +
        'идентификатора в мессенджере, данных автомобиля (марка, модель, госномер), записей на обслуживание и комментариев к ним.',
      'Цель: запись на обслуживание и сообщения о записях (подтверждение, изменения, напоминания).',
      'Действия: сбор, запись, хранение, уточнение, использование, удаление. Без передачи третьим лицам.',
      'Согласие действует до отзыва. Отозвать его можно в любой момент командой /privacy.',
      '',
      'Нажимая «Согласен», вы подтверждаете согласие. Рекламные рассылки сюда не входят.',
    ].join('\n'),
  },
};

export const textKeys = Object.keys(defaultTexts) as TextKey[];
export const isTextKey = (key: string): key is TextKey => key in defaultTexts;

/** The parts of the answer to a subject (art. 14 part 7), in the order the law lists them. */
export const subjectNoticeKeys: readonly TextKey[] = [
  'operator',
  'legal-bases',
  'purposes',
  'methods',
  'recipients',
  'categories-and-sources',
  'retention',
  'rights',
  'cross-border',
  'processors',
  'safeguards',
];

// ───────────────────────────── Consent purposes ─────────────────────────────

/**
 * The purposes a station asks consent for, each a consent of its own (152-FZ as of 1 Sep 2025):
 * processing for bookings (the bot's consent), marketing, transfer to third parties.
 */
export const PURPOSE_MARKETING = 'marketing';
export const consentPurposes: readonly string[] = ['personal-data', PURPOSE_MARKETING, 'third-party-transfer'];

// ───────────────────────────── Erasure ─────────────────────────────

/** Why data is destroyed; a fixed list, because the reason lands in an event that is never rewritten. */
export type ErasureReason =
  'consent-withdrawn' | 'subject-request' | 'purpose-achieved' | 'retention-expired' | 'unlawful-processing' | 'authority-order';

export const erasureReasons: Record<ErasureReason, string> = {
  'consent-withdrawn': 'Отзыв субъектом согласия на обработку персональных данных (ч. 5 ст. 21 152-ФЗ)',
  'subject-request': 'Требование субъекта об уничтожении персональных данных (ч. 3 ст. 20 152-ФЗ)',
  'purpose-achieved': 'Достижение цели обработки персональных данных (ч. 4 ст. 21 152-ФЗ)',
  'retention-expired': 'Истечение срока хранения персональных данных (ч. 7 ст. 5 152-ФЗ)',
  'unlawful-processing': 'Выявление неправомерной обработки персональных данных (ч. 3 ст. 21 152-ФЗ)',
  'authority-order': 'Требование уполномоченного органа по защите прав субъектов персональных данных',
};

export const isErasureReason = (reason: string): reason is ErasureReason => reason in erasureReasons;

/** Names of the kinds of personal data found in a client's sealed values, keyed by the field name. */
export const dataCategories: Record<string, string> = {
  name: 'фамилия, имя, отчество',
  phone: 'номер телефона',
  email: 'адрес электронной почты',
  note: 'заметки сотрудников о клиенте',
  comment: 'комментарии к записям',
  make: 'марка автомобиля',
  model: 'модель автомобиля',
  year: 'год выпуска автомобиля',
  plate: 'государственный регистрационный знак автомобиля',
  vin: 'VIN или номер кузова автомобиля',
  conversation: 'переписка со станцией в мессенджере',
  telegram: 'идентификатор Telegram',
  evidence: 'сведения о согласии (когда и как оно дано: кнопкой в мессенджере или кодом из SMS на сайте)',
  task: 'тексты задач сотрудников о клиенте',
  requestNote: 'заметки сотрудников к запросам клиента о его данных',
};

// ───────────────────────────── Masking ─────────────────────────────

/** A phone as lists show it: the country code and the last two digits, `+7 *** ***-**-67`. */
export const maskPhone = (phone: string | null): string | null => {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '***';
  const last = digits.slice(-2);
  if (phone.startsWith('+7') && digits.length === 11) return `+7 *** ***-**-${last}`;
  return `+** *** ***-**-${last}`;
};
