import { bookingStreamName } from '../../domain/booking/booking.ts';
import { bookingDecider } from '../../domain/booking/business-logic.ts';
import { stepsForward } from '../../domain/booking/status-moves.ts';
import { workOrderDecider, type WorkOrderCommand } from '../../domain/work-order/business-logic.ts';
import { assertTakenOnCancelledVisit } from '../../domain/work-order/cancelled-visit.ts';
import { workOrderStreamName, type OpenWorkOrder, type WorkOrder } from '../../domain/work-order/work-order.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { freeAfterMove, heldStreams } from '../booking/bay-reservations.ts';
import { statusCommand } from '../booking/change-status.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import type { WorkOrderView } from '../../domain/work-order/view.ts';
import type { Vault } from '../vault/vault.ts';
import { createOrderView } from './order-view.ts';

/** The work order if it is the actor's organization's; another organization's is not found, as an unknown one. */
export const ownOrder = (state: WorkOrder, actor: Actor, workOrderId: string): OpenWorkOrder => {
  if (state.status === 'Empty' || state.orgId !== actor.orgId) {
    throw new DomainError('NOT_FOUND', 'Work order not found', { workOrderId });
  }
  return state;
};

export const createLoadOrder =
  (store: EventStore) =>
  async (actor: Actor, workOrderId: string): Promise<OpenWorkOrder> => {
    requireId(workOrderId, 'workOrderId');
    const { events } = await store.readStream(workOrderStreamName(workOrderId));
    return ownOrder(aggregate(workOrderDecider, events), actor, workOrderId);
  };

/** The command on the order as read; `visitCancelled` lets one with a side effect outside (a provider's payment) refuse first. */
type CommandOf = (
  order: OpenWorkOrder,
  visitCancelled: boolean,
) => Omit<WorkOrderCommand, 'metadata'> | Promise<Omit<WorkOrderCommand, 'metadata'>>;

/** Where the work on the car takes its booking: started work is «В работе» on the board, finished work «Выполнено». */
export type BookingFollows = 'InProgress' | 'Done';

/**
 * Load → decide → append on one work order: `commandOf` builds the command from the order as read
 * (a price looked up, an id chosen), the decider rules on it, and the answer is the order after it.
 * With `bookingFollows` the visit's booking is moved forward to that status in the same transaction
 * (through the statuses it has not passed, by the booking's own rules; a job finished early frees the
 * rest of its bay's time); one already there, past it or cancelled stays as it is. The order of a
 * cancelled visit only gives money back (cancelled-visit.ts).
 */
export const createOrderCommand =
  (deps: { store: EventStore; vault: Pick<Vault, 'open'>; now: () => number }) =>
  async (actor: Actor, workOrderId: string, commandOf: CommandOf, bookingFollows?: BookingFollows): Promise<WorkOrderView> => {
    requireId(workOrderId, 'workOrderId');
    const stream = workOrderStreamName(workOrderId);
    const order = await handle(
      deps.store,
      async (read) => {
        const batch = await read([stream]);
        const order = ownOrder(batch.state(stream, workOrderDecider), actor, workOrderId);
        const bookingStream = bookingStreamName(order.bookingId);
        const booking = (await read([bookingStream])).state(bookingStream, bookingDecider);
        const command = await commandOf(order, booking.status === 'Cancelled');
        const metadata = { now: new Date(deps.now()).toISOString(), userId: actor.userId };
        batch.decide(stream, workOrderDecider, { ...command, metadata } as WorkOrderCommand);
        // After the order's own rules: a client answering another's estimate is told it is not theirs.
        if (booking.status === 'Cancelled') assertTakenOnCancelledVisit(command.type);
        if (bookingFollows && booking.status !== 'Empty') {
          const steps = stepsForward(booking.status, bookingFollows);
          if (steps.includes('Done')) await read(heldStreams(booking));
          const events = steps.flatMap((step) =>
            batch.decide(bookingStream, bookingDecider, statusCommand(step, order.bookingId, undefined, metadata)),
          );
          freeAfterMove(batch, booking, events, metadata.now);
        }
        return ownOrder(batch.state(stream, workOrderDecider), actor, workOrderId);
      },
      { metadata: writtenBy(actor) },
    );
    return createOrderView(deps.vault)(order);
  };

export type OrderCommand = ReturnType<typeof createOrderCommand>;
