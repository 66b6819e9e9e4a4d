import QRCode from 'qrcode';
import { errors, problem } from '../../contract/shared.ts';
import { telegramBotStatus, telegramBotTokenBody } from '../../contract/telegram-bot.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';

const owner = { roles: ['owner'] as const };
const answers = { 200: telegramBotStatus, ...errors, 502: problem };

/** The owner's Telegram bot: paste BotFather's token, see the bot's link and its printable QR code, remove it. */
export const telegramBotSettingsRoutes = async (app: ContractApp, { telegramBot }: AppDeps) => {
  app.get('/api/settings/telegram-bot', { config: owner, schema: { tags: ['settings'], response: answers } }, async (request) =>
    telegramBot.status(sessionOf(request).orgId),
  );

  app.put(
    '/api/settings/telegram-bot',
    {
      config: owner,
      // The body is the bot's secret: never logged, even at debug level.
      logLevel: 'warn',
      schema: { tags: ['settings'], body: telegramBotTokenBody, response: answers },
    },
    async (request) => {
      const session = sessionOf(request);
      return telegramBot.connect({ orgId: session.orgId, userId: session.userId }, request.body.token);
    },
  );

  app.delete(
    '/api/settings/telegram-bot',
    { config: owner, schema: { tags: ['settings'], response: answers } },
    async (request) => telegramBot.disconnect(sessionOf(request).orgId),
  );

  // SVG, drawn on the server: it prints sharp at any size, for the counter or the website.
  app.get(
    '/api/settings/telegram-bot/qr.svg',
    { config: owner, schema: { tags: ['settings'], response: { 200: { type: 'string' }, ...errors } } },
    async (request, reply) => {
      const { link } = await telegramBot.status(sessionOf(request).orgId);
      if (!link) throw new HttpProblem(404, 'NO_BOT', 'No Telegram bot is connected yet');
      const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-store').send(svg);
    },
  );
};
