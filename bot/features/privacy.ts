import { Composer, InlineKeyboard } from 'grammy';
import type { AuditActor } from '../../core/compliance/audit-log.ts';
import type { RequestView } from '../../core/compliance/requests.ts';
import { consentPurposes, PURPOSE_MARKETING } from '../../domain/compliance/notice.ts';
import type { RequestKind } from '../../domain/compliance/requests.ts';
import { encode, type PrivacyAction } from '../callback-data.ts';
import { PERSONAL_DATA } from '../consent.ts';
import type { BotContext, BotServices } from '../context.ts';
import { eraseBotData } from '../../core/chats/chat-store.ts';
import { actorOf, onData } from './shared.ts';

const MESSAGE_LIMIT = 4096;

const button = (action: PrivacyAction) => encode({ kind: 'privacy', action });

/** «21.12.2026» for a plain ISO date. */
const dueLabel = (isoDate: string) => isoDate.split('-').reverse().join('.');

/** Splits a text longer than one Telegram message at line breaks (a station's notice may be long). */
const pieces = (text: string): string[] => {
  const result: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (let rest = line; ;) {
      const room = MESSAGE_LIMIT - (current ? current.length + 1 : 0);
      if (rest.length <= room) {
        current = current ? `${current}\n${rest}` : rest;
        break;
      }
      if (current) {
        result.push(current);
        current = '';
        continue;
      }
      result.push(rest.slice(0, MESSAGE_LIMIT));
      rest = rest.slice(MESSAGE_LIMIT);
    }
  }
  return [...result, current];
};

/**
 * The person's rights in the bot (152-FZ art. 14, 20, 21): /privacy shows the station's notice
 * and the consent status per purpose, with buttons to get a report on one's data, opt out of
 * advertising, ask to stop processing or to erase, and withdraw the booking consent; /mydata asks
 * for the report. Each is a subject request with channel `telegram`, and the identity evidence is
 * the account whose own contact was verified and linked to the client, so only a linked chat asks.
 */
export const privacyFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();
  const { requests, texts } = s.compliance;

  // The client acts for themselves: no staff user, role or address behind the request.
  const clientActor = (ctx: BotContext): AuditActor => ({ orgId: ctx.z.org.id, userId: null, role: null, ip: null });

  /** Registers a request unless one of the kind is already waiting: a second tap is not a new request. */
  const ask = async (
    ctx: BotContext,
    clientId: string,
    kind: RequestKind,
    note?: string,
  ): Promise<{ request: RequestView; fresh: boolean }> => {
    if (kind !== 'withdrawal') {
      const open = await requests.findOpen(ctx.z.org.id, clientId, kind);
      if (open) return { request: open, fresh: false };
    }
    const request = await requests.register(clientActor(ctx), {
      clientId,
      kind,
      channel: 'telegram',
      evidence: 'telegram-account',
      ...(note ? { note } : {}),
    });
    return { request, fresh: true };
  };

  const noticeOf = async (ctx: BotContext): Promise<string> => {
    const wording = (await texts.all(ctx.z.org.id))['privacy-notice'];
    const fallback = ctx.z.t.subject.noticeDefault;
    return wording.isDefault && fallback ? fallback(ctx.z.org.name) : wording.text;
  };

  const reply = async (ctx: BotContext, text: string, keyboard?: InlineKeyboard) => {
    const parts = pieces(text);
    for (const [i, part] of parts.entries()) {
      await ctx.reply(part, i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : undefined);
    }
  };

  const mydata = async (ctx: BotContext) => {
    const { t, linked } = ctx.z;
    if (!linked) {
      await ctx.reply(t.subject.mydataNotLinked);
      return;
    }
    const { request, fresh } = await ask(ctx, linked.clientId, 'access');
    const due = dueLabel(request.dueDate);
    await ctx.reply(fresh ? t.subject.accessAccepted(due) : t.subject.pending(due));
  };

  composer.command('mydata', mydata);

  composer.command('privacy', async (ctx) => {
    const { t, linked } = ctx.z;
    const notice = await noticeOf(ctx);
    if (!linked) {
      await reply(ctx, `${notice}\n\n${t.privacyNotLinked}`);
      return;
    }
    const consents = new Map(
      (await s.compliance.consents.registry(ctx.z.org.id, { clientId: linked.clientId })).map((consent) => [
        consent.purpose,
        consent,
      ]),
    );
    const lines = [...new Set([...consentPurposes, ...consents.keys()])].map((purpose) => {
      const consent = consents.get(purpose);
      const status = !consent
        ? t.subject.consentNone
        : consent.status === 'given'
          ? t.subject.consentGiven(consent.noticeVersion)
          : t.subject.consentWithdrawn;
      return t.subject.consentLine(t.subject.purposes[purpose] ?? purpose, status);
    });
    const keyboard = new InlineKeyboard().text(t.subject.mydataButton, button('mydata')).row();
    if (consents.get(PURPOSE_MARKETING)?.status === 'given') {
      keyboard.text(t.subject.marketingOff, button('marketing')).row();
    }
    keyboard
      .text(t.subject.stopButton, button('stop'))
      .row()
      .text(t.subject.eraseButton, button('erase'))
      .row()
      .text(t.privacyWithdraw, button('withdraw'));
    await reply(ctx, [notice, '', t.subject.consentsTitle, ...lines].join('\n'), keyboard);
  });

  // Withdrawing the booking consent: the bot forgets the chat at once, and the destruction of the
  // data within 30 days is a request in the officer's registry.
  const withdraw = async (ctx: BotContext, clientId: string) => {
    const { t } = ctx.z;
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const recorded = await s.clients.withdrawConsent(actorOf(ctx), clientId, PERSONAL_DATA);
    if (recorded) await ask(ctx, clientId, 'withdrawal', `Отзыв согласия «${PERSONAL_DATA}» через Telegram-бот`);
    // The reactor does the same on ConsentWithdrawn; doing it here makes the bot forget at once.
    await eraseBotData(s.pool, clientId);
    ctx.z.linked = null;
    ctx.z.session = {};
    await ctx.reply(t.privacyWithdrawn, { reply_markup: { remove_keyboard: true } });
  };

  onData(composer, 'privacy', async (ctx, { action }) => {
    const { t, linked } = ctx.z;
    await ctx.z.answer();
    if (!linked) {
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(t.privacyNotLinked);
      return;
    }
    const confirm = (question: string, yes: 'eraseYes' | 'stopYes') =>
      ctx.reply(question, {
        reply_markup: new InlineKeyboard().text(t.subject.confirmYes, button(yes)).text(t.subject.confirmNo, button('keep')),
      });
    switch (action) {
      case 'withdraw':
        return withdraw(ctx, linked.clientId);
      case 'mydata':
        return mydata(ctx);
      case 'marketing': {
        const recorded = await s.clients.withdrawConsent(actorOf(ctx), linked.clientId, PURPOSE_MARKETING);
        if (recorded) await ask(ctx, linked.clientId, 'withdrawal', `Отзыв согласия «${PURPOSE_MARKETING}» через Telegram-бот`);
        await ctx.reply(recorded ? t.subject.marketingWithdrawn : t.subject.marketingNotGiven);
        return;
      }
      case 'erase':
        return confirm(t.subject.confirmErase, 'eraseYes');
      case 'stop':
        return confirm(t.subject.confirmStop, 'stopYes');
      case 'eraseYes':
      case 'stopYes': {
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        const { request, fresh } = await ask(ctx, linked.clientId, action === 'eraseYes' ? 'erasure' : 'stop-processing');
        const due = dueLabel(request.dueDate);
        const accepted = action === 'eraseYes' ? t.subject.erasureAccepted(due) : t.subject.stopAccepted(due);
        await ctx.reply(fresh ? accepted : t.subject.pending(due));
        return;
      }
      case 'keep':
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        await ctx.reply(t.subject.kept);
        return;
    }
  });

  return composer;
};
