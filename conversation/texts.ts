import type { BookingStatus, CancelReason } from '../domain/booking/booking.ts';
import { languages, type Lang } from '../domain/shared/lang.ts';

/** Every word the bot says, in one place: Russian by default, English through /language. */

/** The Russian word for `n` of a thing: one («1 час»), few («2 часа») or many («5 часов»). */
const ruCount = (n: number, one: string, few: string, many: string): string => {
  const tens = n % 100;
  const units = n % 10;
  const word = tens >= 11 && tens <= 14 ? many : units === 1 ? one : units >= 2 && units <= 4 ? few : many;
  return `${n} ${word}`;
};

const ru = {
  languageName: 'Русский',
  weekdays: ['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'],
  greeting: (station: string) =>
    `Здравствуйте! Это бот автосервиса «${station}».\nЗдесь можно записаться на обслуживание, посмотреть свои записи и получать сообщения о них.`,
  greetingBack: (station: string) => `Здравствуйте! Это бот автосервиса «${station}». Чем можем помочь?`,
  consentYes: 'Согласен',
  consentNo: 'Не согласен',
  consentDeclined: (phone: string | null) =>
    `Понятно. Без согласия мы не сохраняем ваши данные, поэтому записаться через бот не получится.\nВы можете позвонить на станцию${phone ? `: ${phone}` : ''}. Если передумаете — нажмите /start.`,
  consentRecorded: 'Спасибо, согласие получено.',
  consentAlready: 'Согласие уже получено.',
  askPhone:
    'Теперь поделитесь номером телефона: нажмите кнопку «📱 Отправить мой номер» ниже.\nПо номеру мы найдём вашу карточку клиента.',
  sharePhoneButton: '📱 Отправить мой номер',
  contactForwarded:
    'Пересланный контакт принять нельзя. Пожалуйста, нажмите кнопку «📱 Отправить мой номер» ниже — так мы убедимся, что номер ваш.',
  contactNotOwn:
    'Это не ваш номер: принимаем только собственный номер отправителя. Нажмите кнопку «📱 Отправить мой номер» ниже.',
  contactUnverified:
    'Не удалось подтвердить, что этот номер принадлежит вам. Пожалуйста, нажмите кнопку «📱 Отправить мой номер» ниже, а не вводите номер вручную.',
  contactBadPhone: 'Этот номер не похож на номер телефона. Нажмите кнопку «📱 Отправить мой номер» ниже.',
  contactNeedsConsent: 'Сначала нужно ваше согласие на обработку данных. Нажмите /start.',
  typedPhone: 'Чтобы мы были уверены, что номер ваш, нажмите кнопку «📱 Отправить мой номер» ниже вместо ввода вручную.',
  linkedNew: 'Готово, номер подтверждён!',
  linkedExisting: 'Готово, номер подтверждён! Мы нашли вашу карточку клиента — рады видеть вас снова.',
  menuPrompt: 'Что вы хотите сделать?',
  assistantAnswer: (answer: string, linked: boolean) =>
    `${answer}\n\n🤖 Это автоматический ответ. ${linked ? 'Менеджер тоже видит ваш вопрос и поправит, если нужно.' : 'Чтобы записаться, нажмите /start.'}`,
  menuBook: '📅 Записаться',
  menuMine: '📋 Мои записи',
  notLinked: 'Чтобы записаться, сначала нажмите /start: нужно согласие и ваш номер телефона.',
  phoneStillNeeded: 'Согласие уже получено, осталось поделиться номером телефона: нажмите кнопку «📱 Отправить мой номер» ниже.',
  notConfigured: 'Бот ещё не настроен. Пожалуйста, позвоните на станцию.',
  // Wizard
  back: '← Назад',
  cancel: '✖ Отменить',
  chooseBranch: 'Выберите адрес станции:',
  chooseService: 'Выберите услугу:',
  repeatLast: (services: string, car: string) => `🔁 Как в прошлый раз: ${services} · ${car}`,
  soonest: (service: string) => `${service}\nБлижайшее свободное время:`,
  otherDay: '🗓 Другой день',
  today: 'Сегодня',
  tomorrow: 'Завтра',
  serviceLine: (name: string, minutes: string, price: string) => `${name} · ${minutes} · ${price}`,
  noServices: 'Сейчас нет услуг для записи через бот. Пожалуйста, позвоните на станцию.',
  chooseDate: (service: string) => `${service}\nВыберите день (✖ — свободного времени нет):`,
  noFreeDay: 'В этот день свободного времени нет, выберите другой.',
  chooseTime: (service: string, date: string) => `${service}, ${date}\nВыберите время:`,
  noFreeTime: 'На этот день свободного времени уже нет. Выберите другой день.',
  dayClosed: (day: string) => `${day} станция не работает. Выберите другой день:`,
  dayBeyondHorizon: (day: string, lastDay: string, phone: string | null) =>
    `Через бота можно записаться до ${lastDay}, на ${day} — пока нет.` +
    (phone ? ` На эту дату запишем по телефону ${phone}.` : '') +
    ' Выберите день:',
  timeWindow: (from: string, to: string) =>
    from === '00:00' ? `до ${to}` : to === '24:00' ? `после ${from}` : `с ${from} до ${to}`,
  windowFull: (window: string) => `${window[0]!.toUpperCase()}${window.slice(1)} свободного времени нет — вот весь день.`,
  wholeDay: 'Всё время этого дня',
  chooseCar: 'На каком автомобиле приедете?',
  otherCar: 'Другой автомобиль',
  askCar: 'Напишите марку, модель и госномер, например: Kia Rio А123ВС777. Госномер можно не писать.',
  askPlate: 'Напишите госномер, например: А123ВС777.',
  addPlate: '🔢 Добавить госномер',
  badCar: 'Пожалуйста, напишите марку и модель коротко, например: Kia Rio',
  badPlate: 'Госномер выглядит странно. Напишите его ещё раз, например: А123ВС777, или нажмите «← Назад».',
  plateSkipped: 'Хорошо, запишем без госномера.',
  askComment: 'Напишите, что беспокоит или о чём предупредить мастера.',
  addComment: '💬 Добавить комментарий',
  changeComment: '💬 Изменить комментарий',
  badComment: (max: number) => `Комментарий длиннее ${max} символов — сократите его, пожалуйста.`,
  badCharacters: 'В сообщении есть служебные символы, которые мы не можем сохранить. Напишите его обычным текстом, пожалуйста.',
  summary: (lines: {
    service: string;
    when: string;
    car: string | null;
    comment: string | null;
    price: string;
    branch: string;
  }) =>
    [
      'Проверьте, всё ли верно:',
      `Услуга: ${lines.service}`,
      `Когда: ${lines.when}`,
      `Где: ${lines.branch}`,
      `Автомобиль: ${lines.car ?? 'не указан'}`,
      ...(lines.comment ? [`Комментарий: ${lines.comment}`] : []),
      `Стоимость: ${lines.price}`,
    ].join('\n'),
  confirm: '✅ Записаться',
  booking: 'Записываю…',
  booked: (when: string, ready: string | null) =>
    `Вы записаны на ${when}.${ready ? `\nМашина будет готова: ${ready}.` : ''}\nМенеджер подтвердит запись, и мы пришлём сообщение. Посмотреть и изменить запись можно в «📋 Мои записи».`,
  slotTaken: 'Это время только что заняли. Вот ближайшее свободное время:',
  slotTakenNone: 'Это время только что заняли, а рядом свободного времени нет. Выберите другой день.',
  timeGone: 'Это время уже недоступно. Выберите другое.',
  tooSoon: (lead: string, phone: string | null) =>
    `Через бота записываем не позже чем за ${lead} до начала. Выберите время позже${phone ? ` или позвоните на станцию: ${phone}` : ''}.`,
  tooManyBookings: (limit: number, phone: string | null) =>
    `У вас уже ${limit} предстоящие записи — больше через бота не записать. Их можно посмотреть и отменить в «📋 Мои записи»${phone ? `, а записаться ещё — по телефону станции ${phone}` : ''}.`,
  // Not «Запись отменена»: a client with visits would read it as their visit being cancelled.
  wizardCancelled: 'Запись не оформлена. Если захотите записаться — нажмите «📅 Записаться».',
  wizardExpired: 'Эта кнопка больше не действует. Начните заново: «📅 Записаться».',
  alreadyBooked: (when: string) => `Эта запись уже оформлена: ${when}. Новую можно начать кнопкой «📅 Записаться».`,
  alreadyMoved: (when: string) => `Запись уже перенесена на ${when}.`,
  outdatedButton: 'Эта кнопка из старой версии бота и больше не работает. Нажмите /start, чтобы продолжить.',
  somethingWrong: 'Что-то пошло не так. Попробуйте ещё раз чуть позже или нажмите /start.',
  // My bookings
  mineEmpty: 'У вас пока нет записей. Записаться — кнопка «📅 Записаться».',
  mineUpcoming: 'Предстоящие записи:',
  minePast: 'Прошедшие и отменённые записи:',
  mineTooLate: (phone: string | null) =>
    `   перенести или отменить её теперь можно только по телефону станции${phone ? ` ${phone}` : ''}`,
  mineLine: (service: string, when: string, status: string) => `• ${service} — ${when} — ${status}`,
  mineCancel: (when: string) => `✖ Отменить ${when}`,
  mineMove: (when: string) => `🔁 Перенести ${when}`,
  confirmCancel: (service: string, when: string) => `Отменить запись «${service}» на ${when}?`,
  yesCancel: 'Да, отменить',
  noKeep: 'Нет, оставить',
  keptBooking: 'Хорошо, запись остаётся.',
  cancelledByClient: (when: string) => `Запись на ${when} отменена. Будем рады видеть вас в другой раз.`,
  tooLate: (hours: string, phone: string | null) =>
    `До начала меньше ${hours}: перенести или отменить запись можно только по телефону станции${phone ? ` ${phone}` : ''}.`,
  notChangeable: 'Эту запись уже нельзя изменить.',
  alreadyCancelled: 'Эта запись уже отменена.',
  bookingPast: 'Эта запись уже прошла.',
  bookingUnderWay: 'Работы по этой записи уже идут.',
  bookingNotFound: 'Запись не найдена.',
  moveIntro: (service: string, when: string) => `Перенос записи «${service}» (сейчас: ${when}).`,
  moveSummary: (service: string, from: string, to: string) => `Перенести «${service}»\nс ${from}\nна ${to}?`,
  moveConfirm: '✅ Перенести',
  moved: (when: string, ready: string | null) =>
    `Запись перенесена на ${when}.${ready ? `\nМашина будет готова: ${ready}.` : ''}`,
  // Statuses and notifications
  status: {
    New: 'ждёт подтверждения',
    Confirmed: 'подтверждена',
    InProgress: 'в работе',
    Done: 'выполнена',
    Cancelled: 'отменена',
  } satisfies Record<BookingStatus, string>,
  reason: {
    client_request: 'по вашей просьбе',
    no_show: 'вы не пришли',
    station: 'по решению станции',
    duplicate: 'повторная запись',
    // Said as nothing: «Причина: другая причина» tells the client nothing.
    other: '',
  } satisfies Record<CancelReason, string>,
  notifyConfirmed: (service: string, when: string, place: string) =>
    `✅ Ваша запись подтверждена: ${service}, ${when}.\nЖдём вас: ${place}.`,
  notifyStarted: (service: string) => `🔧 Мастер начал работу: ${service}.`,
  notifyCompleted: (service: string) => `🏁 Работы завершены: ${service}. Автомобиль можно забирать. Спасибо, что выбрали нас!`,
  notifyCancelled: (service: string, when: string, reason: string) =>
    `❌ Ваша запись отменена: ${service}, ${when}.${reason ? `\nПричина: ${reason}.` : ''}`,
  notifyRescheduled: (service: string, when: string) => `🔁 Ваша запись перенесена: ${service}, теперь ${when}.`,
  /** `day` says whether the visit is today or tomorrow where the branch is; null when neither word is sure. */
  remindDayBefore: (service: string, when: string, place: string, day: 'today' | 'tomorrow' | null) =>
    `Напоминаем: ${day === 'today' ? 'сегодня ' : day === 'tomorrow' ? 'завтра ' : ''}вы записаны — ${service}, ${when}.\nЖдём вас: ${place}.`,
  /** `left` is the time left before the start, as `timeLeft` words it. */
  remindTwoHours: (service: string, when: string, place: string, left: string) =>
    `Через ${left} ждём вас: ${service}, ${when}.\n${place}.`,
  remindComing: '👍 Приеду',
  remindMove: '🔁 Перенести',
  remindCancel: '✖ Отменить',
  comingThanks: (when: string) => `Спасибо! Ждём вас ${when}.`,
  // Language and privacy
  chooseLanguage: 'Выберите язык / Choose language:',
  languageSet: 'Язык: русский.',
  privacyWithdraw: 'Отозвать согласие',
  privacyNotLinked:
    'Этот чат не связан с карточкой клиента: через него мы ваших данных не показываем и не храним. Если вы отзывали согласие, станция уничтожит ваши данные в течение 30 дней. Записаться — /start.',
  privacyWithdrawn:
    'Согласие отозвано. Мы больше не будем писать вам здесь, а станция уничтожит ваши данные в течение 30 дней. Вернуться — /start.',
  // Subject requests (152-FZ): /mydata and the /privacy buttons
  subject: {
    /** The notice when the station has not written its own; null: the station's default wording is Russian. */
    noticeDefault: null as ((station: string) => string) | null,
    consentsTitle: 'Ваши согласия:',
    purposes: {
      'personal-data': 'обработка данных для записи и сообщений о ней',
      marketing: 'рекламные рассылки',
      'third-party-transfer': 'передача данных третьим лицам',
    } as Record<string, string>,
    consentLine: (purpose: string, status: string) => `• ${purpose}: ${status}`,
    consentGiven: (version: string | null) => (version ? `дано (версия ${version})` : 'дано'),
    consentWithdrawn: 'отозвано',
    consentNone: 'не давалось',
    mydataButton: '📄 Сведения о моих данных',
    marketingOff: 'Отказаться от рассылок',
    eraseButton: 'Запросить удаление данных',
    stopButton: 'Запросить прекращение обработки',
    confirmErase:
      'Запросить удаление всех ваших данных? После удаления станция не увидит ваши записи, а бот вас забудет. Срок исполнения — 7 рабочих дней.',
    confirmStop: 'Запросить прекращение обработки ваших данных? Срок ответа — 10 рабочих дней.',
    confirmWithdraw: (upcoming: number) =>
      'Отозвать согласие на обработку данных? Бот перестанет вам писать, а станция уничтожит ваши данные в течение 30 дней.' +
      (upcoming > 0
        ? ` У вас есть предстоящие записи (${upcoming}): сообщения о них сюда больше не придут. Отменить запись можно в «📋 Мои записи» — до отзыва.`
        : ''),
    withdrawYes: 'Да, отозвать',
    confirmYes: 'Да, запросить',
    confirmNo: 'Нет',
    kept: 'Хорошо, ничего не меняем.',
    notAsked: 'Эта кнопка больше не действует. Чтобы отправить запрос о данных, нажмите /privacy.',
    mydataNotLinked:
      'Ваш номер не привязан к этому чату, поэтому здесь мы не можем подтвердить, что данные ваши. Нажмите /start и поделитесь номером или обратитесь на станцию.',
    accessAccepted: (due: string) =>
      `Запрос принят. Мы подготовим сведения о ваших данных и пришлём их сюда документом не позднее ${due}.`,
    erasureAccepted: (due: string) => `Запрос на удаление данных принят. Исполним его не позднее ${due}.`,
    stopAccepted: (due: string) => `Запрос на прекращение обработки принят. Ответим не позднее ${due}.`,
    marketingWithdrawn: 'Вы отказались от рекламных рассылок: согласие отозвано.',
    marketingNotGiven: 'Согласия на рассылки у нас нет — присылать их не будем.',
    pending: (due: string) => `Такой запрос уже принят, ответ — не позднее ${due}.`,
    trailCaption: 'Сведения об обработке ваших персональных данных — ответ на ваш запрос.',
  },
  // Staff
  managerLinked: 'Готово: сюда будут приходить новые записи и отмены клиентов.',
  managerLinkBad: 'Код не подошёл или устарел. Получите новый код в панели и отправьте /link КОД.',
  alertNew: (number: string, service: string, when: string, channel: string, link: string) =>
    `🆕 Новая запись №${number} (${channel}): ${service}, ${when}.\n${link}`,
  alertCancelled: (number: string, service: string, when: string, link: string) =>
    `❌ Клиент отменил запись №${number}: ${service}, ${when}.\n${link}`,
  alertSubjectNew: (number: string) => `Новая запись №${number}`,
  alertSubjectCancelled: (number: string) => `Отмена записи №${number}`,
  minutes: (n: number) => (n < 60 ? `${n} мин` : `${Math.floor(n / 60)} ч${n % 60 ? ` ${n % 60} мин` : ''}`),
  hours: (n: number) => `${n} ч`,
  /** A span in words after «через»: «2 часа», «1 час 30 минут», «25 минут». */
  timeLeft: (minutes: number) =>
    [
      ...(minutes >= 60 ? [ruCount(Math.floor(minutes / 60), 'час', 'часа', 'часов')] : []),
      ...(minutes % 60 ? [ruCount(minutes % 60, 'минуту', 'минуты', 'минут')] : []),
    ].join(' '),
  price: (rub: number) => (rub > 0 ? `${rub.toLocaleString('ru-RU')} ₽` : 'по договорённости'),
  at: (date: string, time: string) => `${date} в ${time}`,
};

export type Texts = typeof ru;

const en: Texts = {
  languageName: 'English',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  greeting: (station) =>
    `Hello! This is the bot of «${station}» car service.\nHere you can book a visit, see your bookings and get messages about them.`,
  greetingBack: (station) => `Hello! This is the bot of «${station}» car service. How can we help?`,
  consentYes: 'I agree',
  consentNo: 'I do not agree',
  consentDeclined: (phone) =>
    `Understood. Without consent we keep none of your data, so booking through the bot is not possible.\nYou can call the station${phone ? ` on ${phone}` : ''}. If you change your mind, press /start.`,
  consentRecorded: 'Thank you, your consent is recorded.',
  consentAlready: 'Your consent is already recorded.',
  askPhone: 'Now share your phone number: press the «📱 Share my number» button below.\nWe use it to find your client record.',
  sharePhoneButton: '📱 Share my number',
  contactForwarded:
    'A forwarded contact cannot be accepted. Please press the «📱 Share my number» button below so we know the number is yours.',
  contactNotOwn: 'This is not your number: we only accept the sender’s own number. Press the «📱 Share my number» button below.',
  contactUnverified:
    'We could not confirm that this number is yours. Please press the «📱 Share my number» button below instead of typing a contact.',
  contactBadPhone: 'This does not look like a phone number. Press the «📱 Share my number» button below.',
  contactNeedsConsent: 'We need your consent to data processing first. Press /start.',
  typedPhone: 'To be sure the number is yours, press the «📱 Share my number» button below instead of typing it.',
  linkedNew: 'Done, your number is confirmed!',
  linkedExisting: 'Done, your number is confirmed! We found your client record — welcome back.',
  menuPrompt: 'What would you like to do?',
  assistantAnswer: (answer, linked) =>
    `${answer}\n\n🤖 This is an automatic answer. ${linked ? 'A manager sees your question too and will correct it if needed.' : 'To book, press /start.'}`,
  menuBook: '📅 Book a visit',
  menuMine: '📋 My bookings',
  notLinked: 'To book, press /start first: we need your consent and your phone number.',
  phoneStillNeeded: 'We have your consent; now share your phone number: press the «📱 Share my number» button below.',
  notConfigured: 'The bot is not set up yet. Please call the station.',
  back: '← Back',
  cancel: '✖ Cancel',
  chooseBranch: 'Choose the station address:',
  chooseService: 'Choose a service:',
  repeatLast: (services, car) => `🔁 Like last time: ${services} · ${car}`,
  soonest: (service) => `${service}\nThe nearest free times:`,
  otherDay: '🗓 Another day',
  today: 'Today',
  tomorrow: 'Tomorrow',
  serviceLine: (name, minutes, price) => `${name} · ${minutes} · ${price}`,
  noServices: 'No services can be booked through the bot right now. Please call the station.',
  chooseDate: (service) => `${service}\nChoose a day (✖ — nothing free):`,
  noFreeDay: 'Nothing is free on this day, please choose another.',
  chooseTime: (service, date) => `${service}, ${date}\nChoose a time:`,
  noFreeTime: 'Nothing is free on this day any more. Please choose another day.',
  dayClosed: (day) => `The station is closed on ${day}. Please choose another day:`,
  dayBeyondHorizon: (day, lastDay, phone) =>
    `The bot books up to ${lastDay}; ${day} is not open yet.` +
    (phone ? ` For that date, call us: ${phone}.` : '') +
    ' Choose a day:',
  timeWindow: (from, to) => (from === '00:00' ? `before ${to}` : to === '24:00' ? `after ${from}` : `${from} to ${to}`),
  windowFull: (window) => `Nothing is free ${window} — here is the whole day.`,
  wholeDay: 'The whole day',
  chooseCar: 'Which car will you come in?',
  otherCar: 'Another car',
  askCar: 'Type the make, model and plate number, e.g. Kia Rio А123ВС777. The plate may be left out.',
  askPlate: 'Type the plate number, e.g. А123ВС777.',
  addPlate: '🔢 Add the plate number',
  badCar: 'Please type the make and model briefly, e.g. Kia Rio',
  badPlate: 'The plate looks odd. Type it again, e.g. А123ВС777, or press «← Back».',
  plateSkipped: 'All right, we will book without the plate number.',
  askComment: 'Type what is wrong or what the mechanic should know.',
  addComment: '💬 Add a comment',
  changeComment: '💬 Change the comment',
  badComment: (max) => `The comment is longer than ${max} characters, please shorten it.`,
  badCharacters: 'The message holds control characters we cannot store. Please type it as plain text.',
  summary: (lines) =>
    [
      'Please check:',
      `Service: ${lines.service}`,
      `When: ${lines.when}`,
      `Where: ${lines.branch}`,
      `Car: ${lines.car ?? 'not given'}`,
      ...(lines.comment ? [`Comment: ${lines.comment}`] : []),
      `Price: ${lines.price}`,
    ].join('\n'),
  confirm: '✅ Book',
  booking: 'Booking…',
  booked: (when, ready) =>
    `You are booked for ${when}.${ready ? `\nYour car will be ready: ${ready}.` : ''}\nA manager will confirm it and we will message you. See or change it in «📋 My bookings».`,
  slotTaken: 'This time was just taken. Here are the nearest free times:',
  slotTakenNone: 'This time was just taken and nothing is free nearby. Please choose another day.',
  timeGone: 'This time is no longer available. Please choose another.',
  tooSoon: (lead, phone) =>
    `Bookings through the bot close ${lead} before the start. Please choose a later time${phone ? ` or call the station: ${phone}` : ''}.`,
  tooManyBookings: (limit, phone) =>
    `You already hold ${limit} upcoming bookings — the bot takes no more. See or cancel them in «📋 My bookings»${phone ? `, or call the station on ${phone} to book another` : ''}.`,
  wizardCancelled: 'Nothing was booked. To book, press «📅 Book a visit».',
  wizardExpired: 'This button no longer works. Start again: «📅 Book a visit».',
  alreadyBooked: (when) => `This booking is already made: ${when}. Start a new one with «📅 Book a visit».`,
  alreadyMoved: (when) => `This booking is already moved to ${when}.`,
  outdatedButton: 'This button is from an older version of the bot and no longer works. Press /start to continue.',
  somethingWrong: 'Something went wrong. Please try again a bit later or press /start.',
  mineEmpty: 'You have no bookings yet. To book, press «📅 Book a visit».',
  mineUpcoming: 'Upcoming bookings:',
  minePast: 'Past and cancelled bookings:',
  mineTooLate: (phone) => `   it can now be moved or cancelled only by phoning the station${phone ? ` on ${phone}` : ''}`,
  mineLine: (service, when, status) => `• ${service} — ${when} — ${status}`,
  mineCancel: (when) => `✖ Cancel ${when}`,
  mineMove: (when) => `🔁 Move ${when}`,
  confirmCancel: (service, when) => `Cancel «${service}» on ${when}?`,
  yesCancel: 'Yes, cancel',
  noKeep: 'No, keep it',
  keptBooking: 'OK, the booking stays.',
  cancelledByClient: (when) => `Your booking on ${when} is cancelled. Hope to see you another time.`,
  tooLate: (hours, phone) =>
    `Less than ${hours} before the start: please call the station${phone ? ` on ${phone}` : ''} to move or cancel.`,
  notChangeable: 'This booking can no longer be changed.',
  alreadyCancelled: 'This booking is already cancelled.',
  bookingPast: 'This visit has already passed.',
  bookingUnderWay: 'Work on this booking is already under way.',
  bookingNotFound: 'Booking not found.',
  moveIntro: (service, when) => `Moving «${service}» (now: ${when}).`,
  moveSummary: (service, from, to) => `Move «${service}»\nfrom ${from}\nto ${to}?`,
  moveConfirm: '✅ Move',
  moved: (when, ready) => `Your booking is moved to ${when}.${ready ? `\nYour car will be ready: ${ready}.` : ''}`,
  status: {
    New: 'awaiting confirmation',
    Confirmed: 'confirmed',
    InProgress: 'in progress',
    Done: 'done',
    Cancelled: 'cancelled',
  },
  reason: {
    client_request: 'at your request',
    no_show: 'you did not come',
    station: 'by the station',
    duplicate: 'duplicate booking',
    other: '',
  },
  notifyConfirmed: (service, when, place) => `✅ Your booking is confirmed: ${service}, ${when}.\nSee you at ${place}.`,
  notifyStarted: (service) => `🔧 A mechanic has started: ${service}.`,
  notifyCompleted: (service) => `🏁 The work is done: ${service}. Your car is ready. Thank you for choosing us!`,
  notifyCancelled: (service, when, reason) =>
    `❌ Your booking is cancelled: ${service}, ${when}.${reason ? `\nReason: ${reason}.` : ''}`,
  notifyRescheduled: (service, when) => `🔁 Your booking is moved: ${service}, now ${when}.`,
  remindDayBefore: (service, when, place, day) =>
    `Reminder: ${day === 'today' ? 'today ' : day === 'tomorrow' ? 'tomorrow ' : ''}you are booked — ${service}, ${when}.\nSee you at ${place}.`,
  remindTwoHours: (service, when, place, left) => `We expect you in ${left}: ${service}, ${when}.\n${place}.`,
  remindComing: '👍 I’m coming',
  remindMove: '🔁 Move',
  remindCancel: '✖ Cancel',
  comingThanks: (when) => `Thank you! See you on ${when}.`,
  chooseLanguage: 'Выберите язык / Choose language:',
  languageSet: 'Language: English.',
  privacyWithdraw: 'Withdraw consent',
  privacyNotLinked:
    'This chat is not linked to a client card: we neither show nor keep your data through it. If you withdrew your consent, the station destroys your data within 30 days. To book, press /start.',
  privacyWithdrawn:
    'Consent withdrawn. We will not message you here any more, and the station destroys your data within 30 days. To come back, press /start.',
  subject: {
    noticeDefault: (station) =>
      `The operator is «${station}». We process your name, phone number, messenger id, car and booking details to book your ` +
      'visits and message you about them. The data is kept on servers in Russia and is not passed to third parties. You can ' +
      'get a report on your data (/mydata), opt out of advertising, withdraw consent, ask us to stop processing or to erase ' +
      'your data with the buttons below.',
    consentsTitle: 'Your consents:',
    purposes: {
      'personal-data': 'processing to book visits and message you about them',
      marketing: 'advertising messages',
      'third-party-transfer': 'transfer to third parties',
    },
    consentLine: (purpose, status) => `• ${purpose}: ${status}`,
    consentGiven: (version) => (version ? `given (version ${version})` : 'given'),
    consentWithdrawn: 'withdrawn',
    consentNone: 'not given',
    mydataButton: '📄 Report on my data',
    marketingOff: 'Opt out of advertising',
    eraseButton: 'Ask to erase my data',
    stopButton: 'Ask to stop processing',
    confirmErase:
      'Ask us to erase all your data? Afterwards the station will not see your bookings and the bot will forget you. It is done within 7 working days.',
    confirmStop: 'Ask us to stop processing your data? We answer within 10 working days.',
    confirmWithdraw: (upcoming) =>
      'Withdraw your consent to data processing? The bot will stop messaging you, and the station destroys your data within 30 days.' +
      (upcoming > 0
        ? ` You have upcoming bookings (${upcoming}): no messages about them will come here. To cancel one, use «📋 My bookings» before withdrawing.`
        : ''),
    withdrawYes: 'Yes, withdraw',
    confirmYes: 'Yes, ask',
    confirmNo: 'No',
    kept: 'OK, nothing changes.',
    notAsked: 'This button no longer works. To send a request about your data, press /privacy.',
    mydataNotLinked:
      'Your number is not linked to this chat, so we cannot confirm here that the data is yours. Press /start and share your number, or contact the station.',
    accessAccepted: (due) => `Request received. We will prepare a report on your data and send it here as a document by ${due}.`,
    erasureAccepted: (due) => `Your erasure request is received. It will be done by ${due}.`,
    stopAccepted: (due) => `Your request to stop processing is received. We will answer by ${due}.`,
    marketingWithdrawn: 'You opted out of advertising: the consent is withdrawn.',
    marketingNotGiven: 'We have no consent to advertising from you, so we will not send any.',
    pending: (due) => `This request is already received; the answer is due by ${due}.`,
    trailCaption: 'How your personal data is processed — the answer to your request.',
  },
  managerLinked: 'Done: new bookings and client cancellations will be sent here.',
  managerLinkBad: 'The code is wrong or expired. Get a new one in the panel and send /link CODE.',
  alertNew: (number, service, when, channel, link) => `🆕 New booking #${number} (${channel}): ${service}, ${when}.\n${link}`,
  alertCancelled: (number, service, when, link) => `❌ A client cancelled booking #${number}: ${service}, ${when}.\n${link}`,
  alertSubjectNew: (number) => `New booking #${number}`,
  alertSubjectCancelled: (number) => `Booking #${number} cancelled`,
  minutes: (n) => (n < 60 ? `${n} min` : `${Math.floor(n / 60)} h${n % 60 ? ` ${n % 60} min` : ''}`),
  hours: (n) => `${n} h`,
  timeLeft: (minutes) =>
    [
      ...(minutes >= 60 ? [`${Math.floor(minutes / 60)} hour${Math.floor(minutes / 60) === 1 ? '' : 's'}`] : []),
      ...(minutes % 60 ? [`${minutes % 60} minute${minutes % 60 === 1 ? '' : 's'}`] : []),
    ].join(' '),
  price: (rub) => (rub > 0 ? `${rub.toLocaleString('en-US')} ₽` : 'on agreement'),
  at: (date, time) => `${date} at ${time}`,
};

const dictionaries: Record<Lang, Texts> = { ru, en };

export const textsFor = (lang: Lang): Texts => dictionaries[lang];

/** Labels of the reply-keyboard menu in every language, so a tap works whatever language is set. */
export const menuLabels = {
  book: languages.map((lang) => dictionaries[lang].menuBook),
  mine: languages.map((lang) => dictionaries[lang].menuMine),
};
