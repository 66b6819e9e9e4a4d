import type { ConversationServices, Feature } from '../context.ts';
import { redeemManagerLinkCode } from '../../core/staff/manager-links.ts';
import { commandArgs } from './shared.ts';

/**
 * `/link CODE`: a staff member links this chat for new-booking and cancellation alerts. Staff
 * alerts go by Telegram only, so on other messengers the command is not known.
 */
export const managerLinkFeature =
  (s: ConversationServices): Feature =>
  async (turn) => {
    const args = turn.sender.channel === 'telegram' ? commandArgs(turn, 'link') : null;
    if (args === null) return false;
    const linked = args.trim() !== '' && (await redeemManagerLinkCode(s.pool, args, turn.sender.chatId, s.now()));
    await turn.out.say({ text: linked ? turn.t.managerLinked : turn.t.managerLinkBad });
    return true;
  };
