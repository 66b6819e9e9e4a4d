import type { BookingChannel, BookingStatus } from '../../domain/booking/booking.ts';
import type { RequestChannel, RequestKind, RequestOutcome } from '../../domain/compliance/requests.ts';
import type { InboundKind } from '../../domain/inbox/inbox.ts';
import { roleWords } from '../../domain/staff/role-words.ts';
import type { TaskKind } from '../../domain/task/task.ts';
import type { LineKind } from '../../domain/work-order/money.ts';
import type { PaymentMethod, WorkOrderStatus } from '../../domain/work-order/work-order.ts';
import type { AccessAction, SecurityAction } from './audit-log.ts';

// The words of the papers handed to a person or kept for Roskomnadzor: Russian, as 152-FZ asks them
// to be readable («в доступной форме»), never the system's codes.

export { roleWords };

export const actionWords: Record<AccessAction | SecurityAction, string> = {
  'card-view': 'открыл карточку клиента',
  'conversation-view': 'прочитал переписку',
  'car-view': 'открыл историю автомобиля',
  'phone-reveal': 'показал номер телефона',
  search: 'поиск клиента',
  export: 'выгрузка сведений',
  edit: 'изменение данных',
  erase: 'уничтожение данных',
  'request-registered': 'зарегистрирован запрос',
  'act-view': 'просмотр акта',
  block: 'блокировка обработки',
  unblock: 'снятие блокировки',
  login: 'вход',
  'login-failed': 'неудачный вход',
  'login-throttled': 'вход приостановлен',
  logout: 'выход',
  'sessions-revoked': 'сеансы завершены',
  'password-changed': 'изменён свой пароль',
  'password-reset': 'задан новый пароль сотрудника',
  'role-granted': 'выдана роль',
  'role-changed': 'изменена роль',
  erasure: 'уничтожение данных',
  'log-read': 'чтение журнала',
  'texts-updated': 'изменён текст',
  'retention-updated': 'изменён срок хранения',
  'trail-released': 'выдан ответ на запрос',
};

export const logWords: Record<'access' | 'security', string> = { access: 'доступа', security: 'безопасности' };

/** Where the station got the data from, or how a booking was made. */
export const sourceWords: Record<BookingChannel, string> = {
  telegram: 'Telegram-бот',
  max: 'бот в MAX',
  web: 'запись на сайте',
  panel: 'внесено сотрудником',
  phone: 'запись по телефону',
  import: 'перенесено из прежней базы станции',
};

/** The ways a message about a booking reaches the person. */
export const deliveryChannelWords: Readonly<Record<string, string>> = {
  telegram: 'Telegram',
  max: 'MAX',
  sms: 'СМС',
  email: 'электронная почта',
};

export const bookingStatusWords: Record<BookingStatus, string> = {
  New: 'новая',
  Confirmed: 'подтверждена',
  InProgress: 'в работе',
  Done: 'выполнена',
  Cancelled: 'отменена',
};

export const workOrderStatusWords: Record<WorkOrderStatus, string> = {
  Draft: 'черновик',
  Agreed: 'согласован',
  InWork: 'в работе',
  Done: 'работы выполнены',
  Paid: 'оплачен',
  Closed: 'закрыт',
};

export const paymentWords: Record<PaymentMethod, string> = {
  cash: 'наличными',
  card: 'картой',
  sbp: 'через СБП',
  invoice: 'по счёту',
  online: 'онлайн',
};

export const lineKindWords: Record<LineKind, string> = { work: 'работа', part: 'запчасть' };

export const taskKindWords: Record<TaskKind, string> = {
  call_back: 'перезвонить',
  order_part: 'заказать запчасть',
  declined_work: 'отказ от работ',
  other: 'другое',
};

export const messageKindWords: Record<InboundKind, string> = {
  text: 'текст',
  photo: 'фотография',
  voice: 'голосовое сообщение',
  video: 'видео',
  audio: 'аудиозапись',
  location: 'место на карте',
  document: 'файл',
  other: 'сообщение',
};

export const purposeWords: Record<string, string> = {
  'personal-data': 'обработка данных для записи и обслуживания',
  marketing: 'рекламные рассылки',
  'third-party-transfer': 'передача третьим лицам',
};

export const requestKindWords: Record<RequestKind, string> = {
  access: 'о предоставлении сведений',
  rectification: 'об уточнении данных',
  erasure: 'об уничтожении данных',
  withdrawal: 'об отзыве согласия',
  'stop-processing': 'о прекращении обработки',
};

export const requestChannelWords: Record<RequestChannel, string> = {
  telegram: 'Telegram',
  max: 'MAX',
  phone: 'по телефону',
  'in-person': 'лично',
  mail: 'почтой',
  email: 'по электронной почте',
  web: 'на сайте',
};

export const requestStatusWords: Record<'open' | 'extended' | 'done' | 'refused', string> = {
  open: 'рассматривается',
  extended: 'срок продлён',
  done: 'исполнен',
  refused: 'отказано',
};

export const outcomeWords: Record<RequestOutcome, string> = {
  answered: 'ответ дан',
  rectified: 'данные уточнены',
  erased: 'данные уничтожены',
  stopped: 'обработка прекращена',
  refused: 'отказано',
};

/** A code's words, or the code itself when the vocabulary lacks it (a newer code than this paper). */
export const wordFor = (words: Readonly<Record<string, string>>, code: string | null | undefined): string =>
  code ? (words[code] ?? code) : '—';
