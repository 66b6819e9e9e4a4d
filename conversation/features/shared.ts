import type { CallbackData } from '../callback-data.ts';
import type { Turn } from '../context.ts';
import type { Menu, Say } from '../port.ts';
import type { Texts } from '../texts.ts';

/** The arguments of `/name …` (any of `names`), or null when the turn is not that command. */
export const commandArgs = (turn: Turn, ...names: string[]): string | null => {
  const { input } = turn;
  if (input.kind !== 'text' || !input.command || !names.includes(input.command.name)) return null;
  return input.command.args;
};

/** True when the turn is exactly one of `labels` (a menu button's text). */
export const hears = (turn: Turn, labels: readonly string[]): boolean =>
  turn.input.kind === 'text' && labels.includes(turn.input.text);

type DataOf<K extends CallbackData['kind']> = Extract<CallbackData, { kind: K }>;

/** The decoded data of a tap on a button of `kind`, or null. */
export const tapped = <K extends CallbackData['kind']>(turn: Turn, kind: K): DataOf<K> | null => {
  const { input } = turn;
  if (input.kind !== 'button' || !input.data.ok || input.data.data.kind !== kind) return null;
  return input.data.data as DataOf<K>;
};

/** The id of the message whose button was tapped, when the messenger said. */
export const tappedMessage = (turn: Turn) => (turn.input.kind === 'button' ? turn.input.message : undefined);

/** Takes the buttons off the tapped message; a message too old to edit keeps them. */
export const clearTapped = async (turn: Turn): Promise<void> => {
  const message = tappedMessage(turn);
  if (message) await turn.out.clearButtons(message.id).catch(() => undefined);
};

/** Replaces the tapped message; throws when there is none or the messenger refuses. */
export const editTapped = async (turn: Turn, say: Say): Promise<void> => {
  const message = tappedMessage(turn);
  if (!message) throw new Error('no tapped message to edit');
  await turn.out.edit(message.id, say);
};

/** The menu of a linked client: book and my bookings, always at hand. */
export const mainMenu = (t: Texts): Menu => ({ kind: 'main', labels: [t.menuBook, t.menuMine] });

/** The button that shares the sender's own phone. */
export const contactMenu = (t: Texts): Menu => ({ kind: 'contact', label: t.sharePhoneButton });

export const noMenu: Menu = { kind: 'remove' };

/**
 * What a chat not linked yet is told when it asks for something only a client has: after the
 * consent the one step left is the phone, so the share button comes again instead of «/start».
 */
export const notLinkedYet = (turn: Turn): Promise<unknown> =>
  turn.session.consent
    ? turn.out.say({ text: turn.t.phoneStillNeeded, menu: contactMenu(turn.t) })
    : turn.out.say({ text: turn.t.notLinked });
