import { Composer } from 'grammy';
import { isDomainError } from '../../domain/shared/errors.ts';
import { cleanOutsideName } from '../../domain/shared/input-rules.ts';
import { normalizePhone } from '../../domain/shared/phone.ts';
import { PERSONAL_DATA } from '../consent.ts';
import type { BotContext, BotServices } from '../context.ts';
import { actorOf, chatIdOf, contactKeyboard, mainMenu } from './shared.ts';

/** Telegram sends numbers in international form, usually without the «+». */
const phoneOf = (raw: string): string | null => normalizePhone(/^\d{8,15}$/.test(raw.trim()) ? `+${raw.trim()}` : raw);

/**
 * The phone, shared with the request_contact button after consent. Only the sender's own
 * contact is accepted: user_id must be present (it is optional in the Bot API, so a typed or
 * picked contact has none) and equal the sender, and the message must not be forwarded.
 */
export const contactFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();

  composer.on('message:contact', async (ctx) => {
    const { t, session } = ctx.z;
    const message = ctx.message;
    const contact = message.contact;
    if (ctx.z.linked) {
      await ctx.reply(t.menuPrompt, { reply_markup: mainMenu(t) });
      return;
    }
    if (!session.consent) {
      await ctx.reply(t.contactNeedsConsent, { reply_markup: { remove_keyboard: true } });
      return;
    }
    const forwarded = message.forward_origin !== undefined || 'forward_date' in message;
    if (forwarded) {
      await ctx.reply(t.contactForwarded, { reply_markup: contactKeyboard(t) });
      return;
    }
    if (contact.user_id === undefined) {
      await ctx.reply(t.contactUnverified, { reply_markup: contactKeyboard(t) });
      return;
    }
    if (contact.user_id !== ctx.from.id) {
      await ctx.reply(t.contactNotOwn, { reply_markup: contactKeyboard(t) });
      return;
    }
    const phone = phoneOf(contact.phone_number);
    if (!phone) {
      await ctx.reply(t.contactBadPhone, { reply_markup: contactKeyboard(t) });
      return;
    }
    // The name is the messenger's, not typed to us: cleaned to the name rules rather than refused.
    const name = cleanOutsideName([ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(' '));
    const { consent } = session;
    let connected;
    try {
      connected = await s.clients.connectTelegram(actorOf(ctx), {
        phone,
        name,
        telegramUserId: ctx.from.id,
        consent: {
          purpose: PERSONAL_DATA,
          noticeVersion: consent.noticeVersion,
          textHash: consent.textHash,
          givenAt: consent.givenAt,
          evidence: {
            channel: 'telegram',
            telegramUserId: ctx.from.id,
            consentUpdateId: consent.updateId,
            callbackQueryId: consent.callbackQueryId,
            contactUpdateId: ctx.update.update_id,
          },
        },
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await ctx.reply(t.somethingWrong, { reply_markup: { remove_keyboard: true } });
      return;
    }
    await s.chats.link({
      userKey: ctx.z.userKey,
      orgId: ctx.z.org.id,
      clientId: connected.clientId,
      chatId: chatIdOf(ctx),
      language: ctx.z.lang,
      profile: await s.vault.seal(connected.clientId, { name: name || connected.phone, phone: connected.phone }),
    });
    ctx.z.linked = await s.chats.byKey(ctx.z.userKey);
    delete session.consent;
    await ctx.reply(connected.existing ? t.linkedExisting : t.linkedNew, { reply_markup: mainMenu(t) });
  });

  // Someone typing digits instead of pressing the button: explain, do not store.
  composer.on('message:text', async (ctx, next) => {
    if (ctx.z.linked || !ctx.z.session.consent || !/^[+\d\s()\-.]{6,20}$/.test(ctx.message.text.trim())) return next();
    await ctx.reply(ctx.z.t.typedPhone, { reply_markup: contactKeyboard(ctx.z.t) });
  });

  return composer;
};
