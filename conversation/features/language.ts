import { encode } from '../callback-data.ts';
import type { ConversationServices, Feature } from '../context.ts';
import { languages } from '../../domain/shared/lang.ts';
import { Buttons } from '../port.ts';
import { textsFor } from '../texts.ts';
import { clearTapped, commandArgs, mainMenu, tapped } from './shared.ts';

/** /language: Russian by default, English on request; kept with the chat once linked. */
export const languageFeature =
  (s: ConversationServices): Feature =>
  async (turn) => {
    if (commandArgs(turn, 'language') !== null) {
      const buttons = new Buttons();
      for (const lang of languages) buttons.text(textsFor(lang).languageName, encode({ kind: 'language', lang }));
      await turn.out.say({ text: turn.t.chooseLanguage, buttons: buttons.rows });
      return true;
    }
    const data = tapped(turn, 'language');
    if (!data) return false;
    turn.lang = data.lang;
    turn.t = textsFor(data.lang);
    turn.session.lang = data.lang;
    if (turn.linked) await s.chats.setLanguage(turn.userKey, data.lang);
    await turn.answer(turn.t.languageSet);
    await clearTapped(turn);
    await turn.out.say({ text: turn.t.languageSet, ...(turn.linked ? { menu: mainMenu(turn.t) } : {}) });
    return true;
  };
