import type { Lang } from '../i18n';

/** Texts of the Telegram bot block of /settings. */
const ru = {
  title: 'Telegram-бот',
  hint: 'Создайте бота у @BotFather в Telegram (команда /newbot) и вставьте сюда токен, который он пришлёт. Бот заработает сразу, без перезапуска сервера.',
  token: 'Токен от BotFather',
  tokenPlaceholder: '123456789:AA…',
  connect: 'Подключить бота',
  connecting: 'Проверяем токен…',
  connected: 'Бот подключён',
  replace: 'Заменить токен',
  disconnect: 'Отключить бота',
  disconnectConfirm: 'Отключить бота? Клиенты перестанут получать сообщения, пока вы не подключите его снова.',
  disconnected: 'Бот отключён',
  link: 'Ссылка на бота',
  copy: 'Скопировать ссылку',
  copied: 'Ссылка скопирована',
  qr: 'QR-код для стойки и сайта',
  print: 'Открыть QR-код для печати',
  fromEnvironment: 'Бот задан на сервере (переменная TELEGRAM_BOT_TOKEN). Чтобы сменить его, измените настройку сервера.',
  waitingForEnvironment: 'Бот задан на сервере и запускается…',
  loading: 'Загрузка…',
  cancel: 'Отмена',
  errors: {
    BOT_TOKEN_FORMAT:
      'Это не похоже на токен бота. Токен выглядит как 123456789:AA… — скопируйте его из сообщения BotFather целиком.',
    BOT_TOKEN_REJECTED:
      'Telegram не узнал этот токен. Возможно, он отозван или скопирован не полностью — получите его у BotFather ещё раз.',
    TELEGRAM_UNREACHABLE: 'Telegram не ответил. Проверьте доступ сервера в интернет и попробуйте ещё раз — токен не сохранён.',
    BOT_SET_BY_ENVIRONMENT: 'Бот задан на сервере переменной TELEGRAM_BOT_TOKEN: сменить его можно только там.',
    BOT_OTHER_ORGANIZATION: 'Бот этой установки обслуживает другую организацию.',
  } as Record<string, string>,
};

type TelegramBotTexts = typeof ru;

const en: TelegramBotTexts = {
  title: 'Telegram bot',
  hint: 'Create a bot with @BotFather in Telegram (the /newbot command) and paste the token it sends here. The bot starts at once, no server restart needed.',
  token: 'Token from BotFather',
  tokenPlaceholder: '123456789:AA…',
  connect: 'Connect the bot',
  connecting: 'Checking the token…',
  connected: 'The bot is connected',
  replace: 'Replace the token',
  disconnect: 'Disconnect the bot',
  disconnectConfirm: 'Disconnect the bot? Clients get no messages until you connect it again.',
  disconnected: 'The bot is disconnected',
  link: 'Link to the bot',
  copy: 'Copy the link',
  copied: 'Link copied',
  qr: 'QR code for the counter and the website',
  print: 'Open the QR code to print',
  fromEnvironment: 'The bot is set on the server (TELEGRAM_BOT_TOKEN). Change the server setting to replace it.',
  waitingForEnvironment: 'The bot is set on the server and is starting…',
  loading: 'Loading…',
  cancel: 'Cancel',
  errors: {
    BOT_TOKEN_FORMAT:
      'This does not look like a bot token. A token looks like 123456789:AA… — copy all of it from BotFather’s message.',
    BOT_TOKEN_REJECTED: 'Telegram does not know this token. It may be revoked or copied in part — get it from BotFather again.',
    TELEGRAM_UNREACHABLE: 'Telegram did not answer. Check the server’s internet access and try again — the token was not saved.',
    BOT_SET_BY_ENVIRONMENT: 'The bot is set on the server by TELEGRAM_BOT_TOKEN: change it there.',
    BOT_OTHER_ORGANIZATION: 'This installation’s bot serves another organization.',
  },
};

export const telegramBotTexts = { ru, en } satisfies Record<Lang, TelegramBotTexts>;
