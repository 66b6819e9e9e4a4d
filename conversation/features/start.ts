import { linkSource } from '../../domain/booking/lead-source.ts';
import { encode } from '../callback-data.ts';
import { createConsentNotices, type ConsentNotice } from '../consent.ts';
import type { ConversationServices, Feature, Turn } from '../context.ts';
import { Buttons } from '../port.ts';
import { stationContacts } from '../station-facts.ts';
import { clearTapped, commandArgs, contactMenu, mainMenu, noMenu, tapped, tappedMessage } from './shared.ts';

const consentButtons = (turn: Turn) =>
  new Buttons()
    .text(turn.t.consentYes, encode({ kind: 'consent', agree: true }))
    .text(turn.t.consentNo, encode({ kind: 'consent', agree: false })).rows;

/**
 * /start: a greeting with the station's name, then the consent as its own message. Nothing
 * personal is stored until «Согласен» is pressed and the client shares their own contact.
 */
export const startFeature = (s: ConversationServices): Feature => {
  const notices = createConsentNotices(s.compliance.texts, s.log);

  const sendConsent = async (turn: Turn) => {
    const notice = await notices.current(turn.org, turn.lang);
    await turn.out.say({ text: notice.text, buttons: consentButtons(turn) });
  };

  /** The notice the client actually saw: the pressed message's text must be a current notice. */
  const noticeShown = async (turn: Turn): Promise<ConsentNotice | null> => {
    const shown = tappedMessage(turn)?.text;
    return (await notices.allCurrent(turn.org)).find((notice) => notice.text === shown) ?? null;
  };

  const start = async (turn: Turn) => {
    const { t, org, linked } = turn;
    if (linked) {
      await turn.out.say({ text: t.greetingBack(org.name), menu: mainMenu(turn.t) });
      return;
    }
    await turn.out.say({ text: t.greeting(org.name), menu: noMenu });
    if (turn.session.consent) {
      await turn.out.say({ text: t.askPhone, menu: contactMenu(turn.t) });
      return;
    }
    await sendConsent(turn);
  };

  /**
   * The number a client who refused the bot can call instead: the branch's own when the station has
   * one branch (no branch is chosen yet), else the station's; null when neither is filled in.
   */
  const phoneToCall = async (turn: Turn): Promise<string | null> => {
    const branches = await s.catalog.listBranches(turn.org.id);
    const only = branches.length === 1 ? branches[0]!.id : undefined;
    return (await stationContacts(s.pool, turn.org.id, only)).phone;
  };

  const consent = async (turn: Turn, agree: boolean) => {
    const { t, input } = turn;
    if (turn.linked) {
      await turn.answer(t.consentAlready);
      await clearTapped(turn);
      return;
    }
    if (!agree) {
      await turn.answer();
      delete turn.session.consent;
      await clearTapped(turn);
      await turn.out.say({ text: t.consentDeclined(await phoneToCall(turn)), menu: noMenu });
      return;
    }
    const notice = await noticeShown(turn);
    if (!notice) {
      // A notice of an older version or another station name: show the current one instead.
      await turn.answer(t.outdatedButton, true);
      await clearTapped(turn);
      await sendConsent(turn);
      return;
    }
    if (input.kind !== 'button') return;
    await turn.answer(t.consentRecorded);
    turn.session.consent = {
      noticeVersion: notice.version,
      textHash: notice.hash,
      givenAt: new Date(s.now()).toISOString(),
      updateId: input.updateId,
      callbackQueryId: input.callbackId,
    };
    await clearTapped(turn);
    await turn.out.say({ text: t.askPhone, menu: contactMenu(turn.t) });
  };

  return async (turn) => {
    const payload = commandArgs(turn, 'start');
    if (payload !== null) {
      // t.me/bot?start=qr-counter: the bookings made in this chat say where the client came from.
      const source = linkSource(payload);
      if (source) turn.session.source = source;
      await start(turn);
      return true;
    }
    const data = tapped(turn, 'consent');
    if (!data) return false;
    await consent(turn, data.agree);
    return true;
  };
};
