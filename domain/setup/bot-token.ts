// The Telegram bot token as BotFather gives it: the bot's numeric id, a colon, 35 or so URL-safe
// characters. Checked before anything is sent to Telegram, so a pasted sentence never leaves the server.

export const TELEGRAM_TOKEN_PATTERN = /^\d{5,15}:[\w-]{20,100}$/;

export const isTelegramToken = (value: string): boolean => TELEGRAM_TOKEN_PATTERN.test(value);

/** The public address clients open the bot by (printed as a QR code at the counter). */
export const telegramBotLink = (username: string): string => `https://t.me/${username}`;
