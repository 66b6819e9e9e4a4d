import type { OpenWorkOrder } from '../../domain/work-order/work-order.ts';
import { workOrderView, type WorkOrderView } from '../../domain/work-order/view.ts';
import type { Vault } from '../vault/vault.ts';

/**
 * The work order as staff see it: the view with the mechanic's notes on the findings opened with the
 * client's key. An erased client's notes stay closed, and the findings show their photos' places only.
 */
export const createOrderView =
  (vault: Pick<Vault, 'open'>) =>
  async (order: OpenWorkOrder): Promise<WorkOrderView> => {
    const opened = await Promise.all(
      (order.findings ?? []).map(async ({ findingId, note }) =>
        note ? ([findingId, (await vault.open<{ note: string }>(order.clientId, note))?.note] as const) : null,
      ),
    );
    const notes = new Map<string, string>();
    for (const entry of opened) if (entry?.[1]) notes.set(entry[0], entry[1]);
    return workOrderView(order, notes);
  };

export type OrderView = ReturnType<typeof createOrderView>;
