import { Composer, InlineKeyboard } from 'grammy';
import { encode } from '../callback-data.ts';
import { createConsentNotices, type ConsentNotice } from '../consent.ts';
import type { BotContext, BotServices } from '../context.ts';
import { contactKeyboard, mainMenu, onData } from './shared.ts';

const consentKeyboard = (ctx: BotContext) =>
  new InlineKeyboard()
    .text(ctx.z.t.consentYes, encode({ kind: 'consent', agree: true }))
    .text(ctx.z.t.consentNo, encode({ kind: 'consent', agree: false }));

/**
 * /start: a greeting with the station's name, then the consent as its own message. Nothing
 * personal is stored until «Согласен» is pressed and the client shares their own contact.
 */
export const startFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();
  const notices = createConsentNotices(s.compliance.texts, s.log);

  const sendConsent = async (ctx: BotContext) => {
    const notice = await notices.current(ctx.z.org, ctx.z.lang);
    await ctx.reply(notice.text, { reply_markup: consentKeyboard(ctx) });
  };

  /** The notice the client actually saw: the pressed message's text must be a current notice. */
  const noticeShown = async (ctx: BotContext): Promise<ConsentNotice | null> => {
    const shown = ctx.callbackQuery?.message?.text;
    return (await notices.allCurrent(ctx.z.org)).find((notice) => notice.text === shown) ?? null;
  };

  composer.command('start', async (ctx) => {
    const { t, org, linked } = ctx.z;
    if (linked) {
      await ctx.reply(t.greetingBack(org.name), { reply_markup: mainMenu(t) });
      return;
    }
    await ctx.reply(t.greeting(org.name), { reply_markup: { remove_keyboard: true } });
    if (ctx.z.session.consent) {
      await ctx.reply(t.askPhone, { reply_markup: contactKeyboard(t) });
      return;
    }
    await sendConsent(ctx);
  });

  onData(composer, 'consent', async (ctx, data) => {
    const { t } = ctx.z;
    if (ctx.z.linked) {
      await ctx.z.answer(t.consentAlready);
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    if (!data.agree) {
      await ctx.z.answer();
      delete ctx.z.session.consent;
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(t.consentDeclined, { reply_markup: { remove_keyboard: true } });
      return;
    }
    const notice = await noticeShown(ctx);
    if (!notice) {
      // A notice of an older version or another station name: show the current one instead.
      await ctx.z.answer(t.outdatedButton, true);
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await sendConsent(ctx);
      return;
    }
    await ctx.z.answer(t.consentRecorded);
    ctx.z.session.consent = {
      noticeVersion: notice.version,
      textHash: notice.hash,
      givenAt: new Date(s.now()).toISOString(),
      updateId: ctx.update.update_id,
      callbackQueryId: ctx.callbackQuery!.id,
    };
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(t.askPhone, { reply_markup: contactKeyboard(t) });
  });

  return composer;
};
