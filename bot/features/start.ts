import { Composer, InlineKeyboard } from 'grammy';
import { encode } from '../callback-data.ts';
import { consentNotice, PERSONAL_DATA, type ConsentNotice } from '../consent.ts';
import type { BotContext, BotServices } from '../context.ts';
import { eraseBotData } from '../storage.ts';
import { languages } from '../texts.ts';
import { actorOf, contactKeyboard, mainMenu, onData } from './shared.ts';

const consentKeyboard = (ctx: BotContext) =>
  new InlineKeyboard()
    .text(ctx.z.t.consentYes, encode({ kind: 'consent', agree: true }))
    .text(ctx.z.t.consentNo, encode({ kind: 'consent', agree: false }));

/** The notice the client actually saw: the pressed message's text must be a current notice. */
const noticeShown = (ctx: BotContext): ConsentNotice | null => {
  const shown = ctx.callbackQuery?.message?.text;
  for (const lang of languages) {
    const notice = consentNotice(lang, ctx.z.org.name);
    if (notice.text === shown) return notice;
  }
  return null;
};

export const sendConsent = async (ctx: BotContext) => {
  const notice = consentNotice(ctx.z.lang, ctx.z.org.name);
  await ctx.reply(notice.text, { reply_markup: consentKeyboard(ctx) });
};

/**
 * /start: a greeting with the station's name, then the consent as its own message. Nothing
 * personal is stored until «Согласен» is pressed and the client shares their own contact.
 * /privacy shows the policy and lets a linked client withdraw.
 */
export const startFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();

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
    const notice = noticeShown(ctx);
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

  composer.command('privacy', async (ctx) => {
    const { t, linked } = ctx.z;
    const notice = consentNotice(ctx.z.lang, ctx.z.org.name);
    if (!linked) {
      await ctx.reply(`${t.privacy(notice.version)}\n\n${t.privacyNotLinked}`);
      return;
    }
    await ctx.reply(t.privacy(notice.version), {
      reply_markup: new InlineKeyboard().text(t.privacyWithdraw, encode({ kind: 'privacy', action: 'withdraw' })),
    });
  });

  onData(composer, 'privacy', async (ctx) => {
    const { t, linked } = ctx.z;
    await ctx.z.answer();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (!linked) {
      await ctx.reply(t.privacyNotLinked);
      return;
    }
    await s.clients.withdrawConsent(actorOf(ctx), linked.clientId, PERSONAL_DATA);
    // The reactor does the same on ConsentWithdrawn; doing it here makes the bot forget at once.
    await eraseBotData(s.pool, linked.clientId);
    ctx.z.linked = null;
    ctx.z.session = {};
    await ctx.reply(t.privacyWithdrawn, { reply_markup: { remove_keyboard: true } });
  });

  return composer;
};
