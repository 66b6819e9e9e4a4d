import { Composer, Keyboard } from 'grammy';
import type { Actor } from '../../core/shared/actor.ts';
import type { CallbackData } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import type { Texts } from '../texts.ts';

/** The reply keyboard of a linked client: book and my bookings, always at hand. */
export const mainMenu = (t: Texts) => new Keyboard().text(t.menuBook).text(t.menuMine).resized().persistent();

export const contactKeyboard = (t: Texts) => new Keyboard().requestContact(t.sharePhoneButton).resized().oneTime();

/** The bot books as the client itself: no staff user behind the command. */
export const actorOf = (ctx: BotContext): Actor => ({ orgId: ctx.z.org.id, userId: null });

type DataOf<K extends CallbackData['kind']> = Extract<CallbackData, { kind: K }>;

/** Runs `handler` for callback queries whose decoded data is of `kind`. */
export const onData = <K extends CallbackData['kind']>(
  composer: Composer<BotContext>,
  kind: K,
  handler: (ctx: BotContext, data: DataOf<K>) => Promise<unknown>,
) => {
  composer.use(async (ctx, next) => {
    const data = ctx.z.callback;
    if (data?.ok && data.data.kind === kind) {
      await handler(ctx, data.data as DataOf<K>);
      return;
    }
    await next();
  });
};

export const chatIdOf = (ctx: BotContext): number => ctx.chat!.id;
