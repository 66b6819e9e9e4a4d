import type { AuditActor } from '../../core/compliance/audit-log.ts';
import type { RequestView } from '../../core/compliance/requests.ts';
import { consentPurposes, PURPOSE_MARKETING } from '../../domain/compliance/notice.ts';
import type { RequestKind } from '../../domain/compliance/requests.ts';
import { countOpenBookings } from '../../core/booking/open-bookings.ts';
import { encode, type PrivacyAction } from '../callback-data.ts';
import { PERSONAL_DATA } from '../consent.ts';
import { actorOf, type ConversationServices, type Feature, type Turn } from '../context.ts';
import { eraseBotData } from '../../core/chats/chat-store.ts';
import { Buttons } from '../port.ts';
import { clearTapped, commandArgs, noMenu, tapped } from './shared.ts';
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
 * for the report. Each is a subject request with the messenger as its channel, and the identity evidence is
 * the account whose own contact was verified and linked to the client, so only a linked chat asks.
 */
export const privacyFeature = (s: ConversationServices): { feature: Feature; show: (turn: Turn) => Promise<void> } => {
  const { requests, texts } = s.compliance;

  // The client acts for themselves: no staff user, role or address behind the request.
  const clientActor = (turn: Turn): AuditActor => ({ orgId: turn.org.id, userId: null, role: null, ip: null });

  /**
   * Registers a request unless one of the kind is already waiting: a second tap is not a new request.
   * Each withdrawal is its own (of another purpose, or given again and taken back).
   */
  const ask = async (
    turn: Turn,
    clientId: string,
    kind: RequestKind,
    note?: string,
  ): Promise<{ request: RequestView; fresh: boolean }> => {
    const { channel } = turn.sender;
    const input = {
      clientId,
      kind,
      channel,
      evidence: channel === 'telegram' ? ('telegram-account' as const) : ('max-account' as const),
      ...(note ? { note } : {}),
    };
    if (kind !== 'withdrawal') return requests.registerUnlessOpen(clientActor(turn), input);
    return { request: await requests.register(clientActor(turn), input), fresh: true };
  };

  /** How the notes in the officer's registry name the messenger a request came through. */
  const botName = (turn: Turn) => (turn.sender.channel === 'telegram' ? 'Telegram-бот' : 'бот в MAX');

  const noticeOf = async (turn: Turn): Promise<string> => {
    const wording = (await texts.all(turn.org.id))['privacy-notice'];
    const fallback = turn.t.subject.noticeDefault;
    return wording.isDefault && fallback ? fallback(turn.org.name) : wording.text;
  };

  const reply = async (turn: Turn, text: string, buttons?: Buttons) => {
    const parts = pieces(text);
    for (const [i, part] of parts.entries()) {
      await turn.out.say(i === parts.length - 1 && buttons ? { text: part, buttons: buttons.rows } : { text: part });
    }
  };

  const mydata = async (turn: Turn) => {
    const { t, linked } = turn;
    if (!linked) {
      await turn.out.say({ text: t.subject.mydataNotLinked });
      return;
    }
    const { request, fresh } = await ask(turn, linked.clientId, 'access');
    const due = dueLabel(request.dueDate);
    await turn.out.say({ text: fresh ? t.subject.accessAccepted(due) : t.subject.pending(due) });
  };

  const privacy = async (turn: Turn) => {
    const { t, linked } = turn;
    const notice = await noticeOf(turn);
    if (!linked) {
      await reply(turn, `${notice}\n\n${t.privacyNotLinked}`);
      return;
    }
    const consents = new Map(
      (await s.compliance.consents.registry(turn.org.id, { clientId: linked.clientId })).map((consent) => [
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
    const buttons = new Buttons().text(t.subject.mydataButton, button('mydata')).row();
    if (consents.get(PURPOSE_MARKETING)?.status === 'given') {
      buttons.text(t.subject.marketingOff, button('marketing')).row();
    }
    buttons
      .text(t.subject.stopButton, button('stop'))
      .row()
      .text(t.subject.eraseButton, button('erase'))
      .row()
      .text(t.privacyWithdraw, button('withdraw'));
    await reply(turn, [notice, '', t.subject.consentsTitle, ...lines].join('\n'), buttons);
  };

  // Withdrawing the booking consent: the bot forgets the chat at once, and the destruction of the
  // data within 30 days is a request in the officer's registry.
  const withdraw = async (turn: Turn, clientId: string) => {
    const { t } = turn;
    const recorded = await s.clients.withdrawConsent(actorOf(turn), clientId, PERSONAL_DATA);
    if (recorded) await ask(turn, clientId, 'withdrawal', `Отзыв согласия «${PERSONAL_DATA}» через ${botName(turn)}`);
    // The reactor does the same on ConsentWithdrawn; doing it here makes the bot forget at once.
    await eraseBotData(s.pool, clientId);
    turn.linked = null;
    turn.session = {};
    await turn.out.say({ text: t.privacyWithdrawn, menu: noMenu });
  };

  const act = async (turn: Turn, action: PrivacyAction) => {
    const { t, linked } = turn;
    await turn.answer();
    if (!linked) {
      await clearTapped(turn);
      await turn.out.say({ text: t.privacyNotLinked });
      return;
    }
    const confirm = (question: string, yes: 'eraseYes' | 'stopYes' | 'withdrawYes', yesLabel = t.subject.confirmYes) => {
      turn.session.privacyAsked = yes;
      return turn.out.say({
        text: question,
        buttons: new Buttons().text(yesLabel, button(yes)).text(t.subject.confirmNo, button('keep')).rows,
      });
    };
    switch (action) {
      case 'withdraw': {
        // Asked first: one tap forgets the chat, and the client's upcoming visits go quiet.
        const upcoming = await countOpenBookings(s.pool, linked.clientId, new Date(s.now()));
        await confirm(t.subject.confirmWithdraw(upcoming), 'withdrawYes', t.subject.withdrawYes);
        return;
      }
      case 'withdrawYes':
        await clearTapped(turn);
        if (turn.session.privacyAsked !== action) {
          await turn.out.say({ text: t.subject.notAsked });
          return;
        }
        delete turn.session.privacyAsked;
        return withdraw(turn, linked.clientId);
      case 'mydata':
        return mydata(turn);
      case 'marketing': {
        const recorded = await s.clients.withdrawConsent(actorOf(turn), linked.clientId, PURPOSE_MARKETING);
        if (recorded) {
          await ask(turn, linked.clientId, 'withdrawal', `Отзыв согласия «${PURPOSE_MARKETING}» через ${botName(turn)}`);
        }
        await turn.out.say({ text: recorded ? t.subject.marketingWithdrawn : t.subject.marketingNotGiven });
        return;
      }
      case 'erase':
        await confirm(t.subject.confirmErase, 'eraseYes');
        return;
      case 'stop':
        await confirm(t.subject.confirmStop, 'stopYes');
        return;
      case 'eraseYes':
      case 'stopYes': {
        await clearTapped(turn);
        const kind = action === 'eraseYes' ? 'erasure' : 'stop-processing';
        // A yes counts only as the answer to the question this chat was asked last, never on its own.
        if (turn.session.privacyAsked !== action) {
          // The yes tapped again after its request was taken: the client is told it is accepted, not that it failed.
          const open = (await requests.list(turn.org.id, { clientId: linked.clientId, status: 'open' })).find(
            (request) => request.kind === kind,
          );
          await turn.out.say({ text: open ? t.subject.pending(dueLabel(open.dueDate)) : t.subject.notAsked });
          return;
        }
        delete turn.session.privacyAsked;
        const { request, fresh } = await ask(turn, linked.clientId, kind);
        const due = dueLabel(request.dueDate);
        const accepted = action === 'eraseYes' ? t.subject.erasureAccepted(due) : t.subject.stopAccepted(due);
        await turn.out.say({ text: fresh ? accepted : t.subject.pending(due) });
        return;
      }
      case 'keep':
        delete turn.session.privacyAsked;
        await clearTapped(turn);
        await turn.out.say({ text: t.subject.kept });
        return;
    }
  };

  const feature: Feature = async (turn) => {
    if (commandArgs(turn, 'mydata') !== null) {
      await mydata(turn);
      return true;
    }
    if (commandArgs(turn, 'privacy') !== null) {
      await privacy(turn);
      return true;
    }
    const data = tapped(turn, 'privacy');
    if (!data) return false;
    await act(turn, data.action);
    return true;
  };
  return { feature, show: privacy };
};
