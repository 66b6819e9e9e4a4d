import {
  createContextId,
  untrack,
  useContext,
  useContextProvider,
  useSignal,
  useStore,
  useServerData,
  useTask$,
  type Signal,
} from '@builder.io/qwik';
import type { BookingChannel, BookingStatus, CancelReason as BookingCancelReason } from '../../contract/bookings.ts';

/** Every text of the panel, Russian first; English is a switch in the header. */
export type Lang = 'ru' | 'en';
export const LANGS: readonly Lang[] = ['ru', 'en'];
export type Status = BookingStatus;
export type Channel = BookingChannel;
export type CancelReason = BookingCancelReason;

const ru = {
  locale: 'ru-RU',
  app: 'Zero-CRM',
  nav: {
    today: 'Сегодня',
    board: 'Доска',
    calendar: 'Календарь',
    clients: 'Клиенты',
    tasks: 'Задачи',
    inbox: 'Сообщения',
    staff: 'Сотрудники',
    reports: 'Отчёты',
    import: 'Импорт',
    compliance: 'ПДн',
    settings: 'Настройки',
    account: 'Мой профиль',
    logout: 'Выйти',
  },
  roles: { owner: 'Владелец', manager: 'Менеджер', mechanic: 'Механик', compliance: 'Комплаенс' },
  langSwitch: 'EN',
  langSwitchLabel: 'Switch to English',
  login: {
    title: 'Вход в панель',
    email: 'Эл. почта',
    password: 'Пароль',
    submit: 'Войти',
    wrong: 'Неверная почта или пароль',
    failed: 'Не удалось войти, попробуйте ещё раз',
    locked:
      'Слишком много неверных попыток — вход в эту учётную запись закрыт на {minutes} мин. Потом попробуйте снова; если пароль забыт, попросите владельца задать новый',
    addressLocked:
      'Слишком много неверных попыток входа с этой сети — вход с неё закрыт на {minutes} мин. С одной сети входят все устройства станции: если пароль подбирает не ваш сотрудник, скажите владельцу',
  },
  columns: { New: 'Новые', Confirmed: 'Подтверждены', InProgress: 'В работе', Done: 'Выполнены', Cancelled: 'Отменены' },
  status: { New: 'Новая', Confirmed: 'Подтверждена', InProgress: 'В работе', Done: 'Выполнена', Cancelled: 'Отменена' },
  actions: {
    Confirmed: 'Подтвердить',
    InProgress: 'Начать работу',
    Done: 'Завершить',
    Cancelled: 'Отменить запись',
  } as Record<Exclude<Status, 'New'>, string>,
  channels: { telegram: 'Telegram', panel: 'Панель', phone: 'Телефон', web: 'Сайт', import: 'Импорт', max: 'MAX' },
  reasons: {
    client_request: 'Клиент попросил',
    no_show: 'Клиент не приехал',
    station: 'По вине СТО',
    duplicate: 'Дубликат',
    other: 'Другое',
  },
  board: {
    title: 'Доска',
    branch: 'Филиал',
    date: 'Дата',
    today: 'Сегодня',
    prevDay: 'Предыдущий день',
    nextDay: 'Следующий день',
    empty: 'Нет записей',
    loading: 'Загрузка…',
    waits: 'ждёт',
    overran: 'дольше плана на',
    newBooking: 'Запись по телефону',
    noBay: 'пост не назначен',
  },
  live: { online: 'Онлайн', connecting: 'Подключение…', offline: 'Нет связи' },
  card: {
    client: 'Клиент',
    phone: 'Телефон',
    call: 'Позвонить',
    car: 'Автомобиль',
    service: 'Услуга',
    time: 'Время',
    bay: 'Пост',
    mechanic: 'Механик',
    comment: 'Комментарий',
    history: 'История',
    status: 'Статус',
    close: 'Закрыть',
    cancelTitle: 'Причина отмены',
    task: 'Задача по записи',
    cancelConfirm: 'Отменить запись',
    cancelBack: 'Не отменять',
    channel: 'Источник',
    noPhone: 'нет телефона',
    loading: 'Загрузка истории…',
    erased: 'данные удалены',
  },
  events: {
    BookingRequested: 'Запись создана',
    BookingConfirmed: 'Подтверждена',
    BookingStarted: 'Работа начата',
    BookingCompleted: 'Работа завершена',
    BookingCancelled: 'Отменена',
    BookingRescheduled: 'Перенесена',
    BookingAssigned: 'Назначен механик',
  } as Record<string, string>,
  moved: { done: 'Статус сохранён', refused: 'Сервер отказал:' },
  errors: {
    ILLEGAL_TRANSITION: 'Так нельзя: этот переход статуса запрещён',
    SLOT_TAKEN: 'Это время уже занято',
    OUTSIDE_WORKING_HOURS: 'Вне рабочего времени филиала',
    IN_PAST: 'Это время уже прошло',
    BAY_CANNOT_DO_SERVICE: 'Этот пост не выполняет услугу',
    NO_MECHANIC_ON_SHIFT: 'В это время нет мастера на смене с нужным навыком',
    MECHANIC_BUSY: 'У этого механика в это время уже есть другая работа',
    DAY_OFF_CHANGED: 'Записи на эти дни изменились после проверки — посмотрите новый список',
    ABSENCE_OVERLAPS: 'На эти дни у сотрудника уже отмечено отсутствие — измените или удалите его',
    ABSENCE_BUSY: 'Отсутствие этого сотрудника как раз сейчас записывают — обновите страницу и попробуйте снова',
    FORBIDDEN: 'Недостаточно прав',
    NOT_FOUND: 'Не найдено',
    VALIDATION: 'Проверьте введённые данные',
    NETWORK: 'Нет связи с сервером',
    UNKNOWN: 'Что-то пошло не так',
  } as Record<string, string>,
  transition: 'Нельзя перевести запись из «{from}» в «{to}»',
  deskMove: 'Подтверждает и отменяет записи администратор',
  calendar: {
    title: 'Календарь',
    bays: 'Посты',
    rescheduled: 'Запись перенесена',
    day: 'День',
    week: 'Неделя',
    month: 'Месяц',
    year: 'Год',
    today: 'Сегодня',
    tapHint: 'Нажмите на свободное время, чтобы записать клиента по телефону',
  },
  newBooking: {
    title: 'Запись по телефону',
    search: 'Найти клиента (имя, телефон, номер)',
    name: 'Имя клиента',
    phone: 'Телефон',
    service: 'Услуга',
    bay: 'Пост',
    anyBay: 'Любой свободный',
    start: 'Начало',
    make: 'Марка',
    model: 'Модель',
    plate: 'Госномер',
    comment: 'Комментарий',
    submit: 'Записать',
    cancel: 'Отмена',
    created: 'Запись создана',
    alternatives: 'Свободно рядом:',
  },
  clients: {
    title: 'Клиенты',
    search: 'Имя, телефон или госномер',
    found: 'Найдено: {n}',
    none: 'Никого не нашли',
    visits: 'Визитов',
    bookings: 'Записей',
    lastVisit: 'Последний визит',
    cars: 'Автомобили',
    since: 'Клиент с',
  },
  settings: {
    title: 'Настройки',
    branches: 'Филиалы',
    timeZone: 'Часовой пояс',
    hours: 'Часы работы',
    daysOff: 'Выходные дни',
    bays: 'Посты',
    services: 'Услуги',
    users: 'Пользователи',
    duration: 'мин',
    price: '₽',
    add: 'Добавить',
    name: 'Название',
    kinds: 'Виды работ',
    email: 'Эл. почта',
    role: 'Роль',
    password: 'Пароль (от 12 символов)',
    saved: 'Сохранено',
    active: 'активен',
    inactive: 'выключен',
    ownerOnly: 'Настройки доступны только владельцу',
    weekdays: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'],
    closed: 'выходной',
    bayKind: 'Вид поста',
    durationLabel: 'Длительность, мин',
    priceLabel: 'Цена, ₽',
  },
  nothingHere: 'Для вашей роли в панели пока нет разделов',
  units: { min: 'мин', hour: 'ч' },
};

export type Texts = typeof ru;

const en: Texts = {
  locale: 'en-GB',
  app: 'Zero-CRM',
  nav: {
    today: 'Today',
    board: 'Board',
    calendar: 'Calendar',
    clients: 'Clients',
    tasks: 'Tasks',
    inbox: 'Messages',
    staff: 'Staff',
    reports: 'Reports',
    import: 'Import',
    compliance: 'Personal data',
    settings: 'Settings',
    account: 'My profile',
    logout: 'Sign out',
  },
  roles: { owner: 'Owner', manager: 'Manager', mechanic: 'Mechanic', compliance: 'Compliance' },
  langSwitch: 'RU',
  langSwitchLabel: 'Переключить на русский',
  login: {
    title: 'Sign in to the panel',
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong e-mail or password',
    failed: 'Could not sign in, please try again',
    locked:
      'Too many wrong tries — signing in to this account is closed for {minutes} min. Then try again; if the password is forgotten, ask the owner to set a new one',
    addressLocked:
      'Too many wrong sign-ins from this network — signing in from it is closed for {minutes} min. Every device of the station signs in from one network: if someone else is guessing passwords, tell the owner',
  },
  columns: { New: 'New', Confirmed: 'Confirmed', InProgress: 'In progress', Done: 'Done', Cancelled: 'Cancelled' },
  status: { New: 'New', Confirmed: 'Confirmed', InProgress: 'In progress', Done: 'Done', Cancelled: 'Cancelled' },
  actions: { Confirmed: 'Confirm', InProgress: 'Start work', Done: 'Finish', Cancelled: 'Cancel booking' },
  channels: { telegram: 'Telegram', panel: 'Panel', phone: 'Phone', web: 'Website', import: 'Import', max: 'MAX' },
  reasons: {
    client_request: 'Client asked',
    no_show: 'No-show',
    station: 'Station’s fault',
    duplicate: 'Duplicate',
    other: 'Other',
  },
  board: {
    title: 'Board',
    branch: 'Branch',
    date: 'Date',
    today: 'Today',
    prevDay: 'Previous day',
    nextDay: 'Next day',
    empty: 'No bookings',
    loading: 'Loading…',
    waits: 'waiting',
    overran: 'over the plan by',
    newBooking: 'Phone booking',
    noBay: 'no bay',
  },
  live: { online: 'Online', connecting: 'Connecting…', offline: 'Offline' },
  card: {
    client: 'Client',
    phone: 'Phone',
    call: 'Call',
    car: 'Car',
    service: 'Service',
    time: 'Time',
    bay: 'Bay',
    mechanic: 'Mechanic',
    comment: 'Comment',
    history: 'History',
    status: 'Status',
    close: 'Close',
    cancelTitle: 'Reason to cancel',
    task: 'Task for this booking',
    cancelConfirm: 'Cancel booking',
    cancelBack: 'Keep it',
    channel: 'Source',
    noPhone: 'no phone',
    loading: 'Loading history…',
    erased: 'data erased',
  },
  events: {
    BookingRequested: 'Booked',
    BookingConfirmed: 'Confirmed',
    BookingStarted: 'Work started',
    BookingCompleted: 'Work finished',
    BookingCancelled: 'Cancelled',
    BookingRescheduled: 'Moved',
    BookingAssigned: 'Mechanic assigned',
  },
  moved: { done: 'Status saved', refused: 'The server refused:' },
  errors: {
    ILLEGAL_TRANSITION: 'Not allowed: this status change is forbidden',
    SLOT_TAKEN: 'This time is already taken',
    OUTSIDE_WORKING_HOURS: 'Outside the branch’s working hours',
    IN_PAST: 'This time has already passed',
    BAY_CANNOT_DO_SERVICE: 'This bay cannot do the service',
    NO_MECHANIC_ON_SHIFT: 'No mechanic with the skill is on shift at this time',
    MECHANIC_BUSY: 'This mechanic already has another job at that time',
    DAY_OFF_CHANGED: 'The bookings on those days changed since the check: look at the new list',
    ABSENCE_OVERLAPS: 'This person is already marked away on those days: change or remove that absence',
    ABSENCE_BUSY: 'An absence of this person is being recorded right now: reload the page and try again',
    FORBIDDEN: 'Your role does not allow this',
    NOT_FOUND: 'Not found',
    VALIDATION: 'Please check the input',
    NETWORK: 'No connection to the server',
    UNKNOWN: 'Something went wrong',
  },
  transition: 'A booking cannot move from “{from}” to “{to}”',
  deskMove: 'Bookings are confirmed and cancelled by the front desk',
  calendar: {
    title: 'Calendar',
    bays: 'Bays',
    rescheduled: 'Booking moved',
    day: 'Day',
    week: 'Week',
    month: 'Month',
    year: 'Year',
    today: 'Today',
    tapHint: 'Tap a free time to book a client by phone',
  },
  newBooking: {
    title: 'Phone booking',
    search: 'Find a client (name, phone, plate)',
    name: 'Client name',
    phone: 'Phone',
    service: 'Service',
    bay: 'Bay',
    anyBay: 'Any free bay',
    start: 'Start',
    make: 'Make',
    model: 'Model',
    plate: 'Plate',
    comment: 'Comment',
    submit: 'Book',
    cancel: 'Cancel',
    created: 'Booking created',
    alternatives: 'Free nearby:',
  },
  clients: {
    title: 'Clients',
    search: 'Name, phone or plate',
    found: 'Found: {n}',
    none: 'Nobody found',
    visits: 'Visits',
    bookings: 'Bookings',
    lastVisit: 'Last visit',
    cars: 'Cars',
    since: 'Client since',
  },
  settings: {
    title: 'Settings',
    branches: 'Branches',
    timeZone: 'Time zone',
    hours: 'Opening hours',
    daysOff: 'Days off',
    bays: 'Bays',
    services: 'Services',
    users: 'Users',
    duration: 'min',
    price: '₽',
    add: 'Add',
    name: 'Name',
    kinds: 'Kinds of work',
    email: 'E-mail',
    role: 'Role',
    password: 'Password (12+ characters)',
    saved: 'Saved',
    active: 'active',
    inactive: 'off',
    ownerOnly: 'Only the owner can change settings',
    weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    closed: 'closed',
    bayKind: 'Bay kind',
    durationLabel: 'Duration, min',
    priceLabel: 'Price, ₽',
  },
  nothingHere: 'There are no panel sections for your role yet',
  units: { min: 'min', hour: 'h' },
};

export const TEXTS: Record<Lang, Texts> = { ru, en };

export const LangContext = createContextId<Signal<Lang>>('zero.lang');
const TextsContext = createContextId<Texts>('zero.texts');

/*
 * Why texts are stores, not plain objects: the optimizer compiles `{t.clients.title}` (a member of a
 * const) into a binding `_fnSignal((p0) => p0.clients.title, [t])` inside an element it marks static,
 * and a re-render never revisits static elements. A binding over a plain object has nothing to
 * subscribe to, so the Russian text rendered at build time would stay after a switch. Over a store it
 * subscribes to the store's section and follows it, in the build-time HTML and in the browser alike.
 * The stores are shallow: a switch swaps whole sections.
 */

/** Root only: the language (the render's locale: the panel's cookie, Russian by default) and the shared texts. */
export const useLangProvider = () => {
  // The server renders in the language the person chose (its locale, from the panel's cookie).
  const chosen = useServerData<string>('locale');
  const first: Lang = chosen === 'en' ? 'en' : 'ru';
  const lang = useSignal<Lang>(first);
  const texts = useStore<Texts>({ ...TEXTS[first] }, { deep: false });
  useContextProvider(LangContext, lang);
  useContextProvider(TextsContext, texts);
  useTask$(({ track }) => {
    Object.assign(texts, TEXTS[track(lang)]);
  });
};

/** The shared texts in the current language. */
export const useT = (): Texts => useContext(TextsContext);

/**
 * A page's own texts (web/src/texts/*.ts), so each page keeps its words next to it, not in one shared
 * file; they follow the language like the shared ones. The task holds both languages of the page's
 * texts, so both go into the page's serialized state: the browser needs the other one on a switch.
 */
export const usePageTexts = <T extends object>(texts: Record<Lang, T>): T => {
  const lang = useContext(LangContext);
  // Untracked: the task follows the language, the component need not re-render for it.
  const current = useStore<T>(() => ({ ...texts[untrack(() => lang.value)] }), { deep: false });
  useTask$(({ track }) => {
    Object.assign(current, texts[track(lang)]);
  });
  return current;
};

/** Fills {name} placeholders: texts stay plain data, so Qwik can serialize them wherever they end up. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

export const minutesText = (t: Texts, minutes: number): string => {
  if (minutes < 60) return `${minutes} ${t.units.min}`;
  const hours = `${Math.floor(minutes / 60)} ${t.units.hour}`;
  return minutes % 60 === 0 ? hours : `${hours} ${minutes % 60} ${t.units.min}`;
};
