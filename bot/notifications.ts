import { InputFile, type Api } from 'grammy';
import type { Pool } from 'pg';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import { markTrailDelivery, pendingTrailDelivery } from '../core/compliance/trail-export-store.ts';
import type { TrailDocument } from '../core/compliance/trail-exports.ts';
import { trailPrintable } from '../core/compliance/trail-printable.ts';
import { renderPrintablePdf } from '../core/documents/printable-pdf.ts';
import type { Vault } from '../core/vault/vault.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { TrailReleased } from '../domain/compliance/trail-release.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { describeError, inline } from './bot.ts';
import { PERSONAL_DATA } from '../conversation/consent.ts';
import type { BotLog } from '../conversation/context.ts';
import { createChatStore, eraseBotData } from '../core/chats/chat-store.ts';
import { createStatusMessages } from '../conversation/status-messages.ts';
import { createApprovalMessages } from '../conversation/approval-messages.ts';
import { createMaintenanceMessages } from '../conversation/maintenance-messages.ts';
import type { Say } from '../conversation/port.ts';
import type { VisitCommands } from '../core/work-order/visit.ts';
import { textsFor } from '../conversation/texts.ts';
import { createInboxReplies } from '../conversation/inbox-replies.ts';

export type NotificationDeps = {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  api: Api;
  visit: VisitCommands;
  log: BotLog;
  now: () => number;
  /** False when status messages go through the delivery cascade instead (composition-root.ts). */
  statusMessages?: boolean;
};

/**
 * Turns booking events into the client's Telegram messages (conversation/status-messages.ts
 * says which and in what words). Erasure and a withdrawn consent delete the bot's rows. A released answer to a bot
 * request goes to the client's chat as a document. Runs inside a checkpointed reactor; never
 * throws for one client's failure.
 */
export const createNotifications = (deps: NotificationDeps) => {
  const chats = createChatStore(deps.pool);

  const statusMessages = createStatusMessages(
    deps,
    'telegram',
    async (chatId, text) => {
      await deps.api.sendMessage(chatId, text);
    },
    // 403 already marked the chat unreachable in the guard; 429 was retried within bounds.
    (error, recorded) =>
      deps.log.warn({ ...describeError(error), position: recorded.globalPosition.toString() }, 'notification not delivered'),
  );

  const replies = createInboxReplies(
    deps,
    'telegram',
    async (chatId, text) => {
      await deps.api.sendMessage(chatId, text);
    },
    (error, recorded) =>
      deps.log.warn({ ...describeError(error), position: recorded.globalPosition.toString() }, 'inbox answer not delivered'),
  );
  const say = async (chatId: number, say: Say) =>
    (
      await deps.api.sendMessage(chatId, say.text, {
        reply_markup: inline(say.buttons ?? []),
      })
    ).message_id;
  const approvals = createApprovalMessages(
    deps,
    'telegram',
    {
      sendPhoto: async (chatId, photo, caption) => {
        await deps.api.sendPhoto(chatId, new InputFile(photo, 'photo.jpg'), { caption });
      },
      say,
    },
    (error, recorded) =>
      deps.log.warn({ ...describeError(error), position: recorded.globalPosition.toString() }, 'approval request not delivered'),
  );
  const maintenance = createMaintenanceMessages(deps, 'telegram', say, (error, recorded) =>
    deps.log.warn(
      { ...describeError(error), position: recorded.globalPosition.toString() },
      'maintenance reminder not delivered',
    ),
  );

  const onClientEvent = async (event: RecordedEvent): Promise<boolean> => {
    const clientId = event.data.clientId as string | undefined;
    if (!clientId) return false;
    if (event.type === 'ClientErased' || (event.type === 'ConsentWithdrawn' && event.data.purpose === PERSONAL_DATA)) {
      await eraseBotData(deps.pool, clientId);
    }
    return false;
  };

  /** The answer to the client's access request, as a PDF; the delivery's outcome is recorded for the officer. */
  const deliverTrail = async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.type !== 'TrailReleased') return false;
    const { exportId, delivery } = recorded.data as TrailReleased['data'];
    if (delivery !== 'telegram') return false;
    const pending = await pendingTrailDelivery(deps.pool, exportId);
    if (!pending) return false;
    const failed = (error: string) => markTrailDelivery(deps.pool, exportId, { status: 'failed', error }, deps.now());
    const opened = pending.content
      ? await deps.vault.open<TrailDocument>(pending.clientId, pending.content).catch(() => null)
      : null;
    if (!opened) {
      await failed('erased');
      return false;
    }
    const targets = (await chats.byClient(pending.orgId, pending.clientId)).filter(
      (chat) => !chat.unreachable && chat.channel === 'telegram',
    );
    if (targets.length === 0) {
      await failed('no-chat');
      return false;
    }
    let sent = false;
    // A PDF opens on any phone; an HTML file in a chat does not.
    const pdf = await renderPrintablePdf(trailPrintable(opened.trail));
    for (const chat of targets) {
      try {
        const file = new InputFile(pdf, `personal-data-${exportId.slice(0, 8)}.pdf`);
        await deps.api.sendDocument(chat.chatId, file, { caption: textsFor(chat.language).subject.trailCaption });
        sent = true;
      } catch (error) {
        deps.log.warn({ ...describeError(error), position: recorded.globalPosition.toString() }, 'trail answer not delivered');
      }
    }
    if (sent) await markTrailDelivery(deps.pool, exportId, { status: 'sent' }, deps.now());
    else await failed('telegram-error');
    return true;
  };

  const handle = async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.streamName.startsWith('client-')) return onClientEvent(recorded);
    if (recorded.streamName.startsWith('trailrelease-')) return deliverTrail(recorded);
    if (recorded.streamName.startsWith('inbox-')) return replies(recorded);
    if (recorded.streamName.startsWith('workorder-')) return approvals(recorded);
    if (recorded.streamName.startsWith('maintenance-')) return maintenance(recorded);
    return deps.statusMessages === false ? false : statusMessages(recorded);
  };

  return { handle };
};
