import type { Pool } from 'pg';
import { createChatStore } from '../core/chats/chat-store.ts';
import { isClientSilenced } from '../core/compliance/silenced.ts';
import { aggregate } from '../core/event-store/aggregate.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { Vault } from '../core/vault/vault.ts';
import type { VisitCommands } from '../core/work-order/visit.ts';
import { workOrderDecider } from '../domain/work-order/business-logic.ts';
import { amountOf, quantity, roubles, type OrderLine } from '../domain/work-order/money.ts';
import type { ApprovalRequested, FindingAdded, OpenWorkOrder } from '../domain/work-order/work-order.ts';
import { getEarlierDeclined } from '../projections/work-orders/queries.ts';
import type { RecordedEvent } from '../projections/recorded-event.ts';
import { approvalTexts } from './approval-texts.ts';
import { encode } from './callback-data.ts';
import type { MessageId, MessengerChannel, Say } from './port.ts';

/** How one messenger sends what the approval request holds, outside any conversation turn. */
export type ApprovalOutbound = {
  sendPhoto: (chatId: number, photo: Buffer, caption: string) => Promise<void>;
  say: (chatId: number, say: Say) => Promise<MessageId>;
};

export type ApprovalMessageDeps = { pool: Pool; store: EventStore; vault: Vault; visit: VisitCommands };

const lineText = (line: OrderLine, index: number) => {
  const maker = [line.manufacturer, line.article].filter(Boolean).join(' ');
  const discount = line.discountPercent > 0 ? ` − ${line.discountPercent} %` : '';
  return `${index + 1}. ${line.name}${maker ? ` (${maker})` : ''} — ${quantity(line.quantityMilli)} × ${roubles(line.unitPriceKopecks)}${discount} = ${roubles(amountOf(line))}`;
};

/**
 * Sends an estimate or additional works to the client's chats on one messenger: the findings'
 * photos first, then the lines with their sums, the total and the «Согласовать» / «Отказаться»
 * buttons. With an estimate go the works the client declined at earlier visits. A blocked client,
 * or one who withdrew consent, gets nothing; a chat that fails is reported through `failed` and the
 * others still get theirs.
 */
export const createApprovalMessages = (
  deps: ApprovalMessageDeps,
  channel: MessengerChannel,
  out: ApprovalOutbound,
  failed: (error: unknown, recorded: RecordedEvent, chatId: number) => void,
) => {
  const chats = createChatStore(deps.pool);

  return async (recorded: RecordedEvent): Promise<boolean> => {
    if (recorded.type !== 'ApprovalRequested' || !recorded.streamName.startsWith('workorder-')) return false;
    const request = recorded.data as ApprovalRequested['data'];
    const { events } = await deps.store.readStream(recorded.streamName);
    const order = aggregate(workOrderDecider, events.slice(0, recorded.streamPosition));
    if (order.status === 'Empty' || (await isClientSilenced(deps.pool, order.clientId))) return false;
    const targets = (await chats.byClient(order.orgId, order.clientId)).filter(
      (chat) => !chat.unreachable && chat.channel === channel,
    );
    if (targets.length === 0) return false;
    const findings = events
      .filter((event): event is typeof event & FindingAdded => event.type === 'FindingAdded')
      .filter((event) => request.findingIds.includes(event.data.findingId));
    const notes = (
      await Promise.all(
        findings.map((event) =>
          event.data.note ? deps.vault.open<{ note: string }>(order.clientId, event.data.note) : Promise.resolve(null),
        ),
      )
    ).flatMap((opened) => (opened ? [opened.note] : []));
    const photos = await photosOf(
      deps,
      order,
      findings.flatMap((event) => event.data.photoIds),
    );
    const earlier =
      request.scope === 'estimate' ? await getEarlierDeclined(deps.pool, order.orgId, order.clientId, order.workOrderId) : [];
    const lines = request.lineIds.flatMap((lineId) => order.lines.filter((line) => line.lineId === lineId));

    for (const chat of targets) {
      const t = approvalTexts(chat.language);
      const text = [
        request.scope === 'estimate' ? t.estimateTitle(order.number) : t.additionalTitle(order.number),
        ...notes.map((note) => t.found(note)),
        '',
        ...lines.map(lineText),
        '',
        request.scope === 'estimate' ? t.total(roubles(request.totalKopecks)) : t.additionalTotal(roubles(request.totalKopecks)),
        ...(earlier.length > 0
          ? ['', t.earlierDeclined, ...earlier.map((line) => `• ${line.name} — ${roubles(line.amountKopecks)}`)]
          : []),
        '',
        t.question,
      ].join('\n');
      const button = (approve: boolean) =>
        encode({ kind: 'approval', workOrderId: order.workOrderId, requestId: request.requestId, approve });
      try {
        for (const photo of photos) await out.sendPhoto(chat.chatId, photo, t.photoCaption(order.number));
        await out.say(chat.chatId, {
          text,
          buttons: [
            [
              { text: t.approve, data: button(true) },
              { text: t.decline, data: button(false) },
            ],
          ],
        });
      } catch (error) {
        failed(error, recorded, chat.chatId);
      }
    }
    return true;
  };
};

/** The photos that can still be opened (an erased client's cannot). */
const photosOf = async (deps: ApprovalMessageDeps, order: OpenWorkOrder, photoIds: string[]) => {
  const actor = { orgId: order.orgId, userId: null };
  const read = await Promise.all(photoIds.map((photoId) => deps.visit.photo(actor, order.workOrderId, photoId)));
  return read.filter((photo): photo is Buffer => photo !== null);
};
