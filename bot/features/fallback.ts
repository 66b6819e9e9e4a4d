import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { mainMenu } from './shared.ts';

/**
 * What nothing else handled: a button from an older bot version or a malformed one gets a clear
 * answer (and loses its keyboard), a stray message gets the menu or the way to start.
 */
export const fallbackFeature = () => {
  const composer = new Composer<BotContext>();

  composer.on('callback_query', async (ctx) => {
    const { t, callback } = ctx.z;
    await ctx.z.answer(callback?.ok ? t.wizardExpired : t.outdatedButton, true);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });

  composer.on('message', async (ctx) => {
    const { t, linked } = ctx.z;
    if (linked) await ctx.reply(t.menuPrompt, { reply_markup: mainMenu(t) });
    else await ctx.reply(t.notLinked);
  });

  return composer;
};
