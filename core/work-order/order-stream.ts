import { workOrderDecider, type WorkOrderCommand } from '../../domain/work-order/business-logic.ts';
import { workOrderStreamName, type OpenWorkOrder, type WorkOrder } from '../../domain/work-order/work-order.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { aggregate } from '../event-store/aggregate.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import { workOrderView, type WorkOrderView } from '../../domain/work-order/view.ts';

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

type CommandOf = (order: OpenWorkOrder) => Omit<WorkOrderCommand, 'metadata'> | Promise<Omit<WorkOrderCommand, 'metadata'>>;

/**
 * Load → decide → append on one work order: `commandOf` builds the command from the order as read
 * (a price looked up, an id chosen), the decider rules on it, and the answer is the order after it.
 */
export const createOrderCommand =
  (deps: { store: EventStore; now: () => number }) =>
  async (actor: Actor, workOrderId: string, commandOf: CommandOf): Promise<WorkOrderView> => {
    requireId(workOrderId, 'workOrderId');
    const stream = workOrderStreamName(workOrderId);
    return handle(
      deps.store,
      async (read) => {
        const batch = await read([stream]);
        const order = ownOrder(batch.state(stream, workOrderDecider), actor, workOrderId);
        const command = await commandOf(order);
        batch.decide(stream, workOrderDecider, {
          ...command,
          metadata: { now: new Date(deps.now()).toISOString(), userId: actor.userId },
        } as WorkOrderCommand);
        return workOrderView(ownOrder(batch.state(stream, workOrderDecider), actor, workOrderId));
      },
      { metadata: writtenBy(actor) },
    );
  };

export type OrderCommand = ReturnType<typeof createOrderCommand>;
