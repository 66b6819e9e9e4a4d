import type { Lang } from '../domain/shared/lang.ts';

/** What the bot says about a work order's estimate and additional works (kept apart from the booking texts). */
const ru = {
  estimateTitle: (number: number) => `Смета по заказ-наряду № ${number}`,
  additionalTitle: (number: number) => `Дополнительные работы по заказ-наряду № ${number}`,
  found: (note: string) => `Мастер обнаружил: ${note}`,
  photoCaption: (number: number) => `Фото к заказ-наряду № ${number}`,
  total: (sum: string) => `Итого: ${sum}`,
  additionalTotal: (sum: string) => `Итого дополнительно: ${sum}`,
  earlierDeclined: 'Ранее рекомендовано (вы отказались):',
  question: 'Согласуете?',
  approve: '✅ Согласовать',
  decline: '✖ Отказаться',
  approved: (title: string) => `${title}: согласовано. Спасибо!`,
  declined: (title: string) => `${title}: вы отказались. Мы запомним рекомендацию.`,
  changed: 'Смета изменилась с момента отправки — дождитесь новой, пожалуйста.',
  visitCancelled: 'Запись отменена — согласовывать больше нечего.',
  notYours: 'Эта смета отправлена другому клиенту.',
  alreadyAnswered: 'Ответ уже получен.',
};

type ApprovalTexts = typeof ru;

const en: ApprovalTexts = {
  estimateTitle: (number) => `Estimate for work order No. ${number}`,
  additionalTitle: (number) => `Additional works for work order No. ${number}`,
  found: (note) => `The mechanic found: ${note}`,
  photoCaption: (number) => `Photo for work order No. ${number}`,
  total: (sum) => `Total: ${sum}`,
  additionalTotal: (sum) => `Additional total: ${sum}`,
  earlierDeclined: 'Recommended earlier (you declined):',
  question: 'Do you agree?',
  approve: '✅ Agree',
  decline: '✖ Decline',
  approved: (title) => `${title}: agreed. Thank you!`,
  declined: (title) => `${title}: declined. We will keep the recommendation.`,
  changed: 'The estimate has changed since it was sent — please wait for the new one.',
  visitCancelled: 'The visit was cancelled — there is nothing to agree to any more.',
  notYours: 'This estimate was sent to another client.',
  alreadyAnswered: 'Your answer is already recorded.',
};

export const approvalTexts = (lang: Lang): ApprovalTexts => (lang === 'en' ? en : ru);
