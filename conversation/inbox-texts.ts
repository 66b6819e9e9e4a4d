import type { Lang } from '../domain/shared/lang.ts';

/** The inbox's words in the chat: kept apart from texts.ts, which the booking flow owns. */
const ru = {
  passedOn: 'Передали ваше сообщение менеджеру — ответ придёт сюда же.',
  thanked: 'Пожалуйста! Менеджер увидит ваше сообщение. Если что-то понадобится — пишите сюда.',
  managerSays: (text: string) => `Сообщение от менеджера:\n${text}`,
};

const en: typeof ru = {
  passedOn: 'We passed your message to a manager; the answer will come here.',
  thanked: 'You are welcome! A manager will see your message. Write here whenever you need anything.',
  managerSays: (text: string) => `A message from the manager:\n${text}`,
};

export const inboxTextsFor = (lang: Lang) => (lang === 'en' ? en : ru);
