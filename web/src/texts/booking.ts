import type { Lang } from '../i18n';

/** Texts of the booking card (call, call outcomes) and of the calendar's resize; read with usePageTexts. */
const ru = {
  callOutcome: 'Итог звонка',
  outcomes: { reached: 'Дозвонился', no_answer: 'Не ответил', asked_to_reschedule: 'Просит перенести' },
  lastCall: 'Звонок',
  callSaved: 'Итог звонка записан',
  callLogged: 'Номер открывается при звонке, это записывается в журнал доступа',
  events: {
    CallOutcomeRecorded: 'Звонок',
    BookingDurationChanged: 'Изменена длительность',
    BookingOverran: 'Работа идёт дольше плана',
  } as Record<string, string>,
  until: 'до',
  bayHeldUntil: 'пост занят до',
  resized: 'Длительность изменена',
  resizeTaken: 'Нельзя растянуть: дальше на этом посту другая запись',
  assign: 'Назначить механика',
  assigned: 'Механик назначен',
  noMechanics: 'В филиале нет механиков: добавьте их в настройках',
  notAssigned: 'не назначен',
  cancelPrepaid: (sum: string) =>
    `По записи получено ${sum}. После отмены верните деньги клиенту: заказ-наряд с платежом останется в карточке.`,
};

const en: typeof ru = {
  callOutcome: 'Call outcome',
  outcomes: { reached: 'Reached', no_answer: 'No answer', asked_to_reschedule: 'Asks to reschedule' },
  lastCall: 'Call',
  callSaved: 'Call outcome saved',
  callLogged: 'The number is revealed when you call, which is recorded in the access log',
  events: { CallOutcomeRecorded: 'Call', BookingDurationChanged: 'Duration changed', BookingOverran: 'Running over the plan' },
  until: 'until',
  bayHeldUntil: 'bay held until',
  resized: 'Duration changed',
  resizeTaken: 'Cannot stretch it: the bay has another booking there',
  assign: 'Assign a mechanic',
  assigned: 'Mechanic assigned',
  noMechanics: 'The branch has no mechanics: add them in the settings',
  notAssigned: 'not assigned',
  cancelPrepaid: (sum) =>
    `The client paid ${sum} for this visit. After cancelling, give the money back: the work order with the payment stays on the card.`,
};

export const bookingTexts = { ru, en } satisfies Record<Lang, typeof ru>;
