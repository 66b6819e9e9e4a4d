import type { Pool } from 'pg';
import { createChatStore } from '../core/chats/chat-store.ts';
import type { Vault } from '../core/vault/vault.ts';
import type { ManagerReplied, MessageBody } from '../domain/inbox/inbox.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { inboxTextsFor } from './inbox-texts.ts';
import type { MessengerChannel } from './port.ts';
import type { SendText } from './status-messages.ts';

/**
 * Carries a manager's answer from the panel to the client's chat in the messenger the client
 * wrote from (each messenger's reactor runs one of these for its own channel). Returns whether the
 * event was an answer for this channel; a chat that fails is reported through `failed`.
 */
export const createInboxReplies = (
  deps: { pool: Pool; vault: Vault },
  channel: MessengerChannel,
  send: SendText,
  failed: (error: unknown, recorded: RecordedEvent, chatId: number) => void,
) => {
  const chats = createChatStore(deps.pool);
  return async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.type !== 'ManagerReplied') return false;
    const data = recorded.data as ManagerReplied['data'];
    if (data.channel !== channel) return false;
    const body = await deps.vault.open<MessageBody>(data.clientId, data.body).catch(() => null);
    if (!body?.text) return false;
    const targets = (await chats.byClient(data.orgId, data.clientId)).filter(
      (chat) => chat.channel === channel && !chat.unreachable,
    );
    for (const chat of targets) {
      try {
        await send(chat.chatId, inboxTextsFor(chat.language).managerSays(body.text));
      } catch (error) {
        failed(error, recorded, chat.chatId);
      }
    }
    return true;
  };
};
