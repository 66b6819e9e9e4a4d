import { randomUUID, timingSafeEqual } from 'node:crypto';
import { workOrderDecider, type WorkOrderCommand } from '../../domain/work-order/business-logic.ts';
import { assertTakenOnCancelledVisit } from '../../domain/work-order/cancelled-visit.ts';
import { workOrderStreamName } from '../../domain/work-order/work-order.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import type { Actor } from '../shared/actor.ts';
import { kopecksOf, type Yookassa } from '../payments/yookassa.ts';
import type { OrderCommand } from './order-stream.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What became of a provider's notification: money booked, or nothing to book (unknown, not paid, already booked). */
export type NotificationOutcome = 'booked' | 'ignored';

/**
 * Online payment through ЮKassa: a link for part or all of what is due, and the notifications that
 * book the money. ЮKassa signs nothing, so a notification is believed only after three gates: the
 * secret URL token, the sender's address in ЮKassa's ranges, and the payment re-read from the API
 * with our credentials — the notification's own body is never taken for the payment's state.
 */
export const createOnlinePayments = (deps: {
  store: EventStore;
  yookassa: Yookassa;
  onOrder: OrderCommand;
  now: () => number;
}) => {
  const { yookassa } = deps;

  const request = (actor: Actor, workOrderId: string, amountKopecks: number) => {
    // Chosen once, outside the retry loop: a retried attempt asks the provider with the same key and gets the same payment.
    const paymentId = randomUUID();
    return deps.onOrder(actor, workOrderId, async (order, visitCancelled) => {
      const command = (providerPaymentId: string, confirmationUrl: string): Omit<WorkOrderCommand, 'metadata'> => ({
        type: 'RequestOnlinePayment',
        data: { workOrderId, paymentId, providerPaymentId, amountKopecks, confirmationUrl },
      });
      // The rules first (nothing due, a closed order, a cancelled visit): no link is made for a payment the order would refuse.
      if (visitCancelled) assertTakenOnCancelledVisit('RequestOnlinePayment');
      workOrderDecider.decide(
        { ...command('', ''), metadata: { now: new Date(deps.now()).toISOString(), userId: actor.userId } } as WorkOrderCommand,
        order,
      );
      const payment = await yookassa.createPayment({
        amountKopecks,
        description: `Заказ-наряд № ${order.number}`,
        metadata: { workOrderId, paymentId },
        idempotenceKey: paymentId,
      });
      return command(payment.id, payment.confirmation?.confirmation_url ?? '');
    });
  };

  const tokenMatches = (token: string) => {
    const given = Buffer.from(token);
    const expected = Buffer.from(yookassa.webhookToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  /** Books a `payment.succeeded` once; anything else, or anything the API does not confirm, books nothing. */
  const notified = async (body: unknown): Promise<NotificationOutcome> => {
    const notice = body as { type?: unknown; event?: unknown; object?: { id?: unknown } } | null;
    if (notice?.type !== 'notification' || notice.event !== 'payment.succeeded' || typeof notice.object?.id !== 'string') {
      return 'ignored';
    }
    const payment = await yookassa.getPayment(notice.object.id);
    if (!payment) return 'ignored';
    const workOrderId = payment.metadata?.workOrderId;
    const amountKopecks = kopecksOf(payment.amount.value);
    if (payment.status !== 'succeeded' || !payment.paid || payment.amount.currency !== 'RUB' || amountKopecks === null)
      return 'ignored';
    if (typeof workOrderId !== 'string' || !UUID.test(workOrderId)) return 'ignored';
    const stream = workOrderStreamName(workOrderId);
    const order = aggregate(workOrderDecider, (await deps.store.readStream(stream)).events);
    if (order.status === 'Empty') return 'ignored';
    try {
      return await handle(
        deps.store,
        async (read) => {
          const batch = await read([stream]);
          const events = batch.decide(stream, workOrderDecider, {
            type: 'ConfirmOnlinePayment',
            data: { workOrderId, providerPaymentId: payment.id, amountKopecks },
            metadata: { now: new Date(deps.now()).toISOString(), userId: null },
          });
          return events.length > 0 ? 'booked' : 'ignored';
        },
        { metadata: { orgId: order.orgId, userId: null, source: 'yookassa' } },
      );
    } catch (error) {
      // Another amount than was asked: not ours to book, and no use asking ЮKassa to send it again.
      if (isDomainError(error)) return 'ignored';
      throw error;
    }
  };

  return { request, tokenMatches, isAllowedSource: yookassa.isAllowedSource, notified };
};

export type OnlinePayments = ReturnType<typeof createOnlinePayments>;
