import { isDomainError } from '../../domain/shared/errors.ts';
import { cleanOutsideName } from '../../domain/shared/input-rules.ts';
import { normalizePhone } from '../../domain/shared/phone.ts';
import { PERSONAL_DATA } from '../consent.ts';
import { actorOf, type ConversationServices, type Feature, type Turn } from '../context.ts';
import type { ContactVerdict } from '../port.ts';
import { mainMenu, contactMenu, noMenu } from './shared.ts';

/** Messengers send numbers in international form, usually without the «+». */
const phoneOf = (raw: string): string | null => normalizePhone(/^\d{8,15}$/.test(raw.trim()) ? `+${raw.trim()}` : raw);

/**
 * The phone, shared with the contact-request button after consent. Only the sender's own contact
 * is accepted: the adapter judges that the way its messenger allows (Telegram: the contact's
 * user_id is the sender and the message is not forwarded; MAX: the card's account is the sender)
 * and the conversation refuses every other verdict with the reason. Once linked, the booking
 * wizard opens at once: most people start a station's bot to book, and «Записаться» would be
 * one more tap between them and the services.
 */
export const contactFeature = (s: ConversationServices, startBooking: (turn: Turn) => Promise<void>): Feature => {
  const refusals = (turn: Turn): Record<Exclude<ContactVerdict, 'own'>, string> => ({
    forwarded: turn.t.contactForwarded,
    unverified: turn.t.contactUnverified,
    notOwn: turn.t.contactNotOwn,
  });

  const shared = async (turn: Turn, raw: string, verdict: ContactVerdict, updateId: number) => {
    const { t, session, sender } = turn;
    if (turn.linked) {
      await turn.out.say({ text: t.menuPrompt, menu: mainMenu(turn.t) });
      return;
    }
    if (!session.consent) {
      await turn.out.say({ text: t.contactNeedsConsent, menu: noMenu });
      return;
    }
    if (verdict !== 'own') {
      await turn.out.say({ text: refusals(turn)[verdict], menu: contactMenu(turn.t) });
      return;
    }
    const phone = phoneOf(raw);
    if (!phone) {
      await turn.out.say({ text: t.contactBadPhone, menu: contactMenu(turn.t) });
      return;
    }
    // The name is the messenger's, not typed to us: cleaned to the name rules rather than refused.
    const name = cleanOutsideName(sender.name);
    const { consent } = session;
    const account = sender.channel === 'telegram' ? { telegramUserId: sender.userId } : { maxUserId: sender.userId };
    let connected;
    try {
      connected = await s.clients.connectMessenger(actorOf(turn), {
        phone,
        name,
        channel: sender.channel,
        userId: sender.userId,
        consent: {
          purpose: PERSONAL_DATA,
          noticeVersion: consent.noticeVersion,
          textHash: consent.textHash,
          givenAt: consent.givenAt,
          evidence: {
            channel: sender.channel,
            ...account,
            consentUpdateId: consent.updateId,
            callbackQueryId: consent.callbackQueryId,
            contactUpdateId: updateId,
          },
        },
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await turn.out.say({ text: t.somethingWrong, menu: noMenu });
      return;
    }
    await s.chats.link({
      userKey: turn.userKey,
      orgId: turn.org.id,
      clientId: connected.clientId,
      chatId: sender.chatId,
      channel: sender.channel,
      language: turn.lang,
      profile: await s.vault.seal(connected.clientId, { name: name || connected.phone, phone: connected.phone }),
    });
    turn.linked = await s.chats.byKey(turn.userKey);
    delete session.consent;
    await turn.out.say({ text: connected.existing ? t.linkedExisting : t.linkedNew, menu: mainMenu(turn.t) });
    await startBooking(turn);
  };

  return async (turn) => {
    const { input } = turn;
    if (input.kind === 'contact') {
      await shared(turn, input.phone, input.verdict, input.updateId);
      return true;
    }
    // Someone typing digits instead of pressing the button: explain, do not store.
    if (input.kind !== 'text' || turn.linked || !turn.session.consent || !/^[+\d\s()\-.]{6,20}$/.test(input.text.trim())) {
      return false;
    }
    await turn.out.say({ text: turn.t.typedPhone, menu: contactMenu(turn.t) });
    return true;
  };
};
