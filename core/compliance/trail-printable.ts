import { phoneWords } from '../../domain/shared/phone.ts';
import { wallDate, wallTime } from '../../domain/shared/time.ts';
import { quantity, roubles } from '../../domain/work-order/money.ts';
import type { Block, Printable } from '../documents/printable.ts';
import {
  actionWords,
  bookingStatusWords,
  deliveryChannelWords,
  lineKindWords,
  logWords,
  messageKindWords,
  outcomeWords,
  paymentWords,
  purposeWords,
  requestChannelWords,
  requestKindWords,
  requestStatusWords,
  roleWords,
  sourceWords,
  taskKindWords,
  wordFor,
  workOrderStatusWords,
} from './document-words.ts';
import { printableHtml } from './html.ts';
import { completedTrail, type Trail, type TrailMessage, type TrailWorkOrder } from './trail.ts';

// The answer to an access request as the person reads it (art. 14 of 152-FZ, «в доступной форме»):
// Russian words, the station's wall clock, names of branches and services, and no internal ids or
// codes. The machine-readable JSON of the same trail keeps the ids for the officer.

type Fields = Record<string, unknown>;

const fieldsOf = (value: unknown): Fields => (typeof value === 'object' && value !== null ? (value as Fields) : {});

const textOf = (value: unknown): string => (typeof value === 'string' && value.trim() ? value : '—');

const carWords = (value: unknown): string => {
  const car = fieldsOf(value);
  const words = [car.make, car.model, car.plate, car.year].filter(
    (part) => (typeof part === 'string' && part.trim()) || typeof part === 'number',
  );
  return words.join(' ') || '—';
};

/** A table, or «нет» when there is nothing to list. */
const tableOrNone = (headers: readonly string[], rows: readonly (readonly string[])[]): Block =>
  rows.length ? { kind: 'table', headers, rows } : { kind: 'paragraph', text: 'Нет.' };

const messageWords = (message: TrailMessage): string => {
  if (message.text) return message.text;
  const kind = messageKindWords[message.kind];
  return message.fileName ? `${kind}: ${message.fileName}` : kind;
};

const paymentsWords = (order: TrailWorkOrder): string =>
  order.payments
    .map(
      (payment) =>
        `${roubles(payment.amountKopecks)} ${paymentWords[payment.method]}` +
        (payment.refundedKopecks ? `, возвращено ${roubles(payment.refundedKopecks)}` : ''),
    )
    .join('; ') || '—';

const workOrderBlocks = (order: TrailWorkOrder, timeZone: string): Block[] => [
  {
    kind: 'heading',
    level: 2,
    text: `Заказ-наряд № ${order.number}${order.openedAt ? ` от ${wallTime(order.openedAt, timeZone).slice(0, 10)}` : ''}`,
  },
  {
    kind: 'definitions',
    items: [
      ['Филиал', order.branch ?? '—'],
      ['Состояние', workOrderStatusWords[order.status]],
      ['Работы выполнены', order.completedAt ? wallTime(order.completedAt, timeZone) : '—'],
      ['VIN или номер кузова', order.vin ?? '—'],
      ['Пробег', order.odometerKm === null ? '—' : `${order.odometerKm.toLocaleString('ru-RU')} км`],
      ['Сумма', roubles(order.totalKopecks)],
      ['Оплаты', paymentsWords(order)],
      ['Осталось оплатить', roubles(order.dueKopecks)],
    ],
  },
  tableOrNone(
    ['вид', 'наименование', 'количество', 'цена', 'скидка', 'сумма'],
    order.lines.map((line) => [
      lineKindWords[line.kind],
      line.article ? `${line.name} (арт. ${line.article})` : line.name,
      quantity(line.quantityMilli),
      roubles(line.unitPriceKopecks),
      line.discountPercent ? `${line.discountPercent} %` : '—',
      roubles(line.amountKopecks),
    ]),
  ),
];

/** Who did it, as the document may say it: the role, and the name in the officer's own copy. */
const staffWords = (entry: Trail['accessLog'][number]): string => {
  const role = wordFor(roleWords, entry.role);
  if (!entry.userId) return 'система';
  return entry.userName ? `${entry.userName} (${role})` : `сотрудник (${role})`;
};

export const trailPrintable = (stored: Trail): Printable => {
  const trail = completedTrail(stored);
  const zone = trail.timeZone;
  const profile = fieldsOf(trail.subject.profile);
  const erased = trail.subject.status === 'erased';
  return {
    title: 'Сведения об обработке персональных данных',
    blocks: [
      { kind: 'heading', level: 1, text: 'Сведения об обработке персональных данных' },
      {
        kind: 'paragraph',
        text: `Всё, что информационная система станции хранит о вас, по состоянию на ${wallTime(trail.generatedAt, zone)} (время станции). Ответ на запрос по ч. 7 ст. 14 Федерального закона № 152-ФЗ «О персональных данных».`,
      },
      {
        kind: 'definitions',
        items: [
          ['ФИО', textOf(profile.name)],
          ['Телефон', typeof profile.phone === 'string' ? phoneWords(profile.phone) : '—'],
          ['Электронная почта', textOf(profile.email)],
          ['Заметка сотрудников', textOf(profile.note)],
          [
            'Чаты со станцией в мессенджерах',
            trail.messengers
              .map((messenger) => `${wordFor(sourceWords, messenger.channel)}: подключён ${wallTime(messenger.linkedAt, zone)}`)
              .join('; ') || 'нет',
          ],
          ['Как данные получены', trail.subject.sources.map((source) => wordFor(sourceWords, source)).join(', ') || '—'],
          ['Состояние', erased ? 'данные уничтожены' : 'обрабатываются'],
        ],
      },
      { kind: 'heading', level: 2, text: 'Автомобили' },
      tableOrNone(
        ['автомобиль'],
        trail.subject.cars.map((car) => [carWords(car)]),
      ),
      { kind: 'heading', level: 2, text: 'Сведения по ч. 7 ст. 14 152-ФЗ' },
      { kind: 'definitions', items: trail.notice.map((part) => [part.title, part.text] as const) },
      { kind: 'heading', level: 2, text: 'Согласия' },
      ...(trail.consents.history.length
        ? [
            {
              kind: 'paragraph',
              text: `Действуют: ${trail.consents.current.map((purpose) => wordFor(purposeWords, purpose)).join(', ') || 'нет'}.`,
            } as const,
            {
              kind: 'table',
              headers: ['согласие', 'что произошло', 'версия текста', 'когда'],
              rows: trail.consents.history.map((consent) => [
                wordFor(purposeWords, consent.purpose),
                consent.event === 'ConsentGiven' ? 'дано' : 'отозвано',
                consent.noticeVersion ?? '—',
                wallTime(consent.at, zone),
              ]),
            } as const,
          ]
        : [{ kind: 'paragraph', text: 'Согласий не записано.' } as const]),
      { kind: 'heading', level: 2, text: `Записи на обслуживание (${trail.bookings.length})` },
      tableOrNone(
        ['когда', 'филиал', 'услуги', 'состояние', 'автомобиль и комментарий'],
        trail.bookings.map((booking) => {
          const details = fieldsOf(booking.details);
          return [
            `${wallTime(booking.start, booking.timeZone)}–${wallTime(booking.end, booking.timeZone).slice(11)}`,
            booking.branch ?? '—',
            booking.services.join(', ') || '—',
            wordFor(bookingStatusWords, booking.status),
            [details.car ? carWords(details.car) : '', typeof details.comment === 'string' ? details.comment : '']
              .filter((part) => part && part !== '—')
              .join('; ') || '—',
          ];
        }),
      ),
      { kind: 'heading', level: 2, text: `Заказ-наряды (${trail.workOrders.length})` },
      ...(trail.workOrders.length
        ? trail.workOrders.flatMap((order) => workOrderBlocks(order, zone))
        : [{ kind: 'paragraph', text: 'Нет.' } as const]),
      { kind: 'heading', level: 2, text: `Переписка со станцией (${trail.conversation.length})` },
      tableOrNone(
        ['когда', 'кто', 'мессенджер', 'сообщение'],
        trail.conversation.map((message) => [
          wallTime(message.at, zone),
          message.direction === 'in' ? 'клиент' : 'станция',
          wordFor(sourceWords, message.channel),
          messageWords(message),
        ]),
      ),
      { kind: 'heading', level: 2, text: 'Сообщения о записях' },
      tableOrNone(
        ['как', 'отправлено', 'не дошло'],
        trail.deliveries.map((delivery) => [
          wordFor(deliveryChannelWords, delivery.channel),
          String(delivery.sent),
          String(delivery.failed),
        ]),
      ),
      { kind: 'heading', level: 2, text: `Задачи сотрудников (${trail.tasks.length})` },
      tableOrNone(
        ['поставлена', 'срок', 'вид', 'задача', 'состояние'],
        trail.tasks.map((task) => [
          wallTime(task.createdAt, zone),
          wallTime(task.dueAt, zone),
          taskKindWords[task.kind],
          task.title || '—',
          task.completedAt ? `выполнена ${wallTime(task.completedAt, zone)}` : 'открыта',
        ]),
      ),
      { kind: 'heading', level: 2, text: 'Ваши запросы' },
      tableOrNone(
        ['запрос', 'получен', 'как', 'срок ответа', 'состояние'],
        trail.requests.map((request) => [
          requestKindWords[request.kind],
          wallTime(request.receivedAt, zone),
          requestChannelWords[request.channel],
          wallDate(request.dueDate),
          request.outcome ? outcomeWords[request.outcome] : wordFor(requestStatusWords, request.status),
        ]),
      ),
      { kind: 'heading', level: 2, text: 'Кто обращался к вашим данным' },
      tableOrNone(
        ['когда', 'журнал', 'кто', 'действие'],
        trail.accessLog.map((entry) => [
          wallTime(entry.at, zone),
          logWords[entry.log],
          staffWords(entry),
          wordFor(actionWords, entry.action),
        ]),
      ),
      {
        kind: 'paragraph',
        text: `Записей об этих данных в журнале событий системы: ${trail.events.length}. Станция выдаст их в машиночитаемом виде (JSON) по вашему запросу.`,
      },
    ],
  };
};

export const trailHtml = (trail: Trail): string => printableHtml(trailPrintable(trail));
