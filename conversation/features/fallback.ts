import type { Feature } from '../context.ts';
import { clearTapped, mainMenu, notLinkedYet } from './shared.ts';

/**
 * What nothing else handled: a button from an older bot version or a malformed one gets a clear
 * answer (and loses its keyboard), a stray message gets the menu, the phone button or the way to start.
 */
export const fallbackFeature = (): Feature => async (turn) => {
  const { t, linked, input } = turn;
  if (input.kind === 'button') {
    await turn.answer(input.data.ok ? t.wizardExpired : t.outdatedButton, true);
    await clearTapped(turn);
    return true;
  }
  if (linked) await turn.out.say({ text: t.menuPrompt, menu: mainMenu(turn.t) });
  else await notLinkedYet(turn);
  return true;
};
