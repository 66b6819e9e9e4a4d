import { Composer, InlineKeyboard } from 'grammy';
import { encode } from '../callback-data.ts';
import type { BotContext, BotServices } from '../context.ts';
import { languages } from '../../domain/shared/lang.ts';
import { textsFor } from '../texts.ts';
import { mainMenu, onData } from './shared.ts';

/** /language: Russian by default, English on request; kept with the chat once linked. */
export const languageFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();

  composer.command('language', async (ctx) => {
    const keyboard = new InlineKeyboard();
    for (const lang of languages) keyboard.text(textsFor(lang).languageName, encode({ kind: 'language', lang }));
    await ctx.reply(ctx.z.t.chooseLanguage, { reply_markup: keyboard });
  });

  onData(composer, 'language', async (ctx, { lang }) => {
    ctx.z.lang = lang;
    ctx.z.t = textsFor(lang);
    ctx.z.session.lang = lang;
    if (ctx.z.linked) await s.chats.setLanguage(ctx.z.userKey, lang);
    await ctx.z.answer(ctx.z.t.languageSet);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.z.t.languageSet, ctx.z.linked ? { reply_markup: mainMenu(ctx.z.t) } : {});
  });

  return composer;
};
