import type { Lang } from '../domain/shared/lang.ts';

/** Kilometres as people write them: «55 300 км» (a no-break space the messengers keep). */
const km = (value: number, unit: string) =>
  `${new Intl.NumberFormat('ru-RU').format(value).replace(/\u202f|\u00a0/g, '\u00a0')}\u00a0${unit}`;

/** What the bot says when a car's periodic work is due again (kept apart from the booking texts). */
const ru = {
  title: (service: string) => `🔧 Пора на техобслуживание: ${service}`,
  lastTime: (car: string | null, date: string, odometer: number | null) =>
    `${car ? `${car}: в` : 'В'} прошлый раз — ${date}${odometer === null ? '' : `, пробег ${km(odometer, 'км')}`}.`,
  byKm: (estimate: number) => `По нашей оценке, сейчас около ${km(estimate, 'км')} — пора по пробегу.`,
  byDate: 'Подошёл срок по времени.',
  offer: (when: string) => `Свободное время: ${when}. Записать вас?`,
  chooseTime: 'Выберите удобное время — запишем вас.',
  bookAt: (when: string) => `✅ Записаться на ${when}`,
  otherTime: '🗓 Другое время',
  stop: '🔕 Не напоминать о ТО',
  stopped: 'Хорошо, больше не будем напоминать о техобслуживании. Передумаете — просто напишите нам.',
  already: (when: string) => `Вы уже записаны по этому напоминанию: ${when}.`,
  cancelledBefore: 'Запись по этому напоминанию была отменена. Записаться снова можно кнопкой «📅 Записаться».',
  taken: 'Это время уже заняли. Свободно рядом:',
  takenNone: 'Это время уже заняли, а рядом свободного нет. Выберите другое время.',
  notYours: 'Это напоминание отправлено другому клиенту.',
};

type MaintenanceTexts = typeof ru;

const en: MaintenanceTexts = {
  title: (service) => `🔧 Time for maintenance: ${service}`,
  lastTime: (car, date, odometer) =>
    `${car ? `${car}: last` : 'Last'} time — ${date}${odometer === null ? '' : `, odometer ${km(odometer, 'km')}`}.`,
  byKm: (estimate) => `By our estimate it has about ${km(estimate, 'km')} now — due by mileage.`,
  byDate: 'It is due by time.',
  offer: (when) => `Free time: ${when}. Shall we book you?`,
  chooseTime: 'Choose a time that suits you and we will book you.',
  bookAt: (when) => `✅ Book for ${when}`,
  otherTime: '🗓 Another time',
  stop: '🔕 No maintenance reminders',
  stopped: 'All right, no more maintenance reminders. If you change your mind, just write to us.',
  already: (when) => `You are already booked from this reminder: ${when}.`,
  cancelledBefore: 'The booking from this reminder was cancelled. To book again, press «📅 Book».',
  taken: 'This time is already taken. Free times nearby:',
  takenNone: 'This time is already taken and there is nothing free nearby. Please choose another time.',
  notYours: 'This reminder was sent to another client.',
};

export const maintenanceTexts = (lang: Lang): MaintenanceTexts => (lang === 'en' ? en : ru);

/** «15 марта 2026 г.» / «15 March 2026» in the branch's zone. */
export const longDate = (lang: Lang, epochMs: number, timeZone: string): string =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(
    epochMs,
  );
