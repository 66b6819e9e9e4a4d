import type { BotDeps } from '../../conversation/context.ts';
import { createStatusMessages } from '../../conversation/status-messages.ts';
import { createInboxReplies } from '../../conversation/inbox-replies.ts';
import { messengerRoute } from '../../conversation/status-cascade.ts';
import { createApprovalMessages } from '../../conversation/approval-messages.ts';
import { createMaintenanceMessages } from '../../conversation/maintenance-messages.ts';
import type { Say } from '../../conversation/port.ts';
import type { RecordedEvent } from '../../projections/recorded-event.ts';
import { createChatStore } from '../../core/chats/chat-store.ts';
import type { StartReactor } from '../../core/followers/reactor.ts';
import { createMaxBot, describeMaxError, keyboardOf, type MaxOptions } from './max-bot.ts';

export type MaxDeps = BotDeps & { follow: StartReactor };

/** A 403 from MAX: the user stopped the bot or the chat is closed to it. */
const blocked = (error: unknown) => (error as { status?: unknown }).status === 403;

/**
 * Starts the MAX bot (polling or webhook) and the reactor that sends clients their status
 * messages (unless the delivery cascade does) and the managers' inbox answers in MAX chats. A 403 marks the chat
 * unreachable until the person writes again.
 */
export const startMax = async (deps: MaxDeps, options: MaxOptions, { statusMessages = true } = {}) => {
  const bot = createMaxBot(deps, options);
  const chats = createChatStore(deps.pool);
  const send = async (chatId: number, text: string) => {
    await bot.api.sendMessageToChat(chatId, text);
  };
  const notDelivered = (error: unknown, recorded: RecordedEvent, chatId: number) => {
    if (blocked(error)) void chats.markUnreachable(chatId, 'max').catch(() => undefined);
    deps.log.warn(
      { channel: 'max', ...describeMaxError(error), position: recorded.globalPosition.toString() },
      'notification not delivered',
    );
  };
  const statusMessagesHere = createStatusMessages(deps, 'max', send, notDelivered);
  // With the delivery cascade on, it sends the status messages (MAX being one of its routes).
  const ownStatusMessages = async (recorded: RecordedEvent) => statusMessages && statusMessagesHere(recorded);
  const replies = createInboxReplies(deps, 'max', send, (error, recorded, chatId) => {
    if (blocked(error)) void chats.markUnreachable(chatId, 'max').catch(() => undefined);
    deps.log.warn(
      { channel: 'max', ...describeMaxError(error), position: recorded.globalPosition.toString() },
      'inbox answer not delivered',
    );
  });
  const say = async (chatId: number, say: Say) => {
    const attachments = keyboardOf(say);
    return (await bot.api.sendMessageToChat(chatId, say.text, attachments.length > 0 ? { attachments } : {})).body.mid;
  };
  const approvals = createApprovalMessages(
    deps,
    'max',
    {
      // MAX takes a file in two steps: the upload gives a token, the message attaches it.
      sendPhoto: async (chatId, photo, caption) => {
        const image = await bot.api.uploadImage({ source: photo });
        await bot.api.sendMessageToChat(chatId, caption, { attachments: [image.toJson()] });
      },
      say,
    },
    notDelivered,
  );
  const maintenance = createMaintenanceMessages(deps, 'max', say, notDelivered);
  const reactor = deps.follow({
    pool: deps.pool,
    name: 'max-notifications',
    handle: async (recorded) => {
      if (recorded.streamName.startsWith('inbox-')) return replies(recorded);
      if (recorded.streamName.startsWith('workorder-')) return approvals(recorded);
      if (recorded.streamName.startsWith('maintenance-')) return maintenance(recorded);
      return ownStatusMessages(recorded);
    },
    startFrom: 'end',
    onError: (error, event) =>
      deps.log.error(
        { channel: 'max', ...describeMaxError(error), position: event?.globalPosition.toString() },
        'reactor failed',
      ),
  });
  await bot.start();
  return {
    bot,
    webhook: options.webhook ? bot.webhook : null,
    /** MAX as a route of the delivery cascade; a 403 marks the chat unreachable. */
    route: messengerRoute(deps.pool, 'max', say, (error, chatId) => {
      if (blocked(error)) void chats.markUnreachable(chatId, 'max').catch(() => undefined);
      deps.log.warn({ channel: 'max', ...describeMaxError(error) }, 'status message not delivered');
    }),
    poke: () => reactor.poke(),
    stop: async () => {
      await bot.stop();
      await reactor.stop();
    },
  };
};

export type MaxMessaging = Awaited<ReturnType<typeof startMax>>;
