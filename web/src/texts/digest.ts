import type { Lang } from '../i18n';

/** Texts of the owner's daily digest settings (a block of /settings). */
const ru = {
  title: 'Ежедневная сводка',
  hint: 'Каждое утро — вчерашние цифры по организации и филиалам: записи, подтверждения, отмены, неявки, доля бота, время подтверждения, просрочки.',
  enabled: 'Присылать сводку',
  time: 'Время отправки',
  timeZone: 'часовой пояс: {zone}',
  channels: 'Куда присылать',
  telegram: 'Telegram',
  email: 'Эл. почта',
  telegramNotLinked: 'Ваш Telegram ещё не привязан: получите код и отправьте его боту.',
  telegramLinked: 'Ваш Telegram привязан',
  linkCode: 'Получить код привязки',
  linkCommand: 'Отправьте боту сообщение: {command}',
  noBot: 'Telegram-бот на сервере не настроен',
  language: 'Язык сводки',
  languages: { ru: 'Русский', en: 'English' },
  save: 'Сохранить',
  saving: 'Сохранение…',
  saved: 'Настройки сводки сохранены',
  badTime: 'Укажите время в формате ЧЧ:ММ, например 08:30',
  loading: 'Загрузка…',
};

type DigestTexts = typeof ru;

const en: DigestTexts = {
  title: 'Daily summary',
  hint: 'Every morning, yesterday’s figures for the organization and each branch: bookings, confirmations, cancellations, no-shows, bot share, time to confirm, overdue confirmations.',
  enabled: 'Send the summary',
  time: 'Time to send',
  timeZone: 'time zone: {zone}',
  channels: 'Send to',
  telegram: 'Telegram',
  email: 'E-mail',
  telegramNotLinked: 'Your Telegram is not linked yet: get a code and send it to the bot.',
  telegramLinked: 'Your Telegram is linked',
  linkCode: 'Get a link code',
  linkCommand: 'Send this message to the bot: {command}',
  noBot: 'The Telegram bot is not set up on the server',
  language: 'Language of the summary',
  languages: { ru: 'Русский', en: 'English' },
  save: 'Save',
  saving: 'Saving…',
  saved: 'Summary settings saved',
  badTime: 'Enter the time as HH:MM, e.g. 08:30',
  loading: 'Loading…',
};

export const digestTexts = { ru, en } satisfies Record<Lang, DigestTexts>;
