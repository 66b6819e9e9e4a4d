import { nullableText, obj, type Shape } from './shared.ts';

// ---- GET/PUT/DELETE /api/settings/telegram-bot, GET /api/settings/telegram-bot/qr.svg
export const telegramBotStatus = obj({
  /** Where the running bot's token comes from: none yet, the panel, or TELEGRAM_BOT_TOKEN on the server. */
  source: { type: 'string', enum: ['none', 'panel', 'environment'] },
  username: nullableText,
  /** https://t.me/<username>: what the printed QR code opens. */
  link: nullableText,
});
export type TelegramBotStatus = Shape<typeof telegramBotStatus>;

/** The token as BotFather gives it; its form is checked in core (a clear code, not a schema message). */
export const telegramBotTokenBody = obj({ token: { type: 'string', minLength: 1, maxLength: 200 } });
