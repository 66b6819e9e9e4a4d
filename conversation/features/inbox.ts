import type { ConversationServices, Feature } from '../context.ts';
import { inboxTextsFor } from '../inbox-texts.ts';
import { isThanks } from '../understand.ts';
import type { Input } from '../port.ts';
import { mainMenu } from './shared.ts';

/** What goes to the inbox: typed text that no step of the flow took, or a photo, voice, location or file. */
const messageOf = (input: Input) => {
  if (input.kind === 'text' && !input.command) return { kind: 'text' as const, body: { text: input.text } };
  if (input.kind === 'other') return input.message ?? null;
  return null;
};

/**
 * A linked client writing outside the menu reaches the station: the message (sealed) lands in the
 * inbox, live on the panel, and the client is told a manager will answer here. Someone not linked
 * yet is left to the fallback (there is no client to file it under).
 */
export const inboxFeature =
  (s: ConversationServices): Feature =>
  async (turn) => {
    const { linked } = turn;
    const message = messageOf(turn.input);
    if (!linked || !message) return false;
    await s.inbox.receive({
      orgId: turn.org.id,
      clientId: linked.clientId,
      channel: turn.sender.channel,
      kind: message.kind,
      body: message.body,
    });
    const words = inboxTextsFor(turn.lang);
    // A thanks is kept for the manager too, but answered as a thanks, not as a question on its way.
    const thanks = message.kind === 'text' && isThanks(message.body.text ?? '');
    await turn.out.say({ text: thanks ? words.thanked : words.passedOn, menu: mainMenu(turn.t) });
    return true;
  };
