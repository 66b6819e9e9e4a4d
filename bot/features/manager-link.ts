import { Composer } from 'grammy';
import type { BotContext, BotServices } from '../context.ts';
import { redeemManagerLinkCode } from '../../core/staff/manager-links.ts';

/** `/link CODE`: a staff member links this chat for new-booking and cancellation alerts. */
export const managerLinkFeature = (s: BotServices) => {
  const composer = new Composer<BotContext>();
  composer.command('link', async (ctx) => {
    const { t } = ctx.z;
    const linked = ctx.match.trim() !== '' && (await redeemManagerLinkCode(s.pool, ctx.match, ctx.chat.id, s.now()));
    await ctx.reply(linked ? t.managerLinked : t.managerLinkBad);
  });
  return composer;
};
