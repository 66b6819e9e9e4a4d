import { evolve, type OpenWorkOrder, type WorkOrderEvent } from '../../domain/work-order/work-order.ts';
import { workOrderView } from '../../domain/work-order/view.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import { key, loadRows, upsertRows, writtenIdsOf, type Batch, type Folding } from '../read-model.ts';

type Row = {
  id: string;
  org_id: string;
  branch_id: string;
  booking_id: string;
  number: number;
  status: string;
  started_unagreed: boolean;
  works: number;
  parts: number;
  total: number;
  paid: number;
  due: number;
  opened_at: string;
  done_at: string | null;
  state: OpenWorkOrder;
};
const columns = [
  'id',
  'org_id',
  'branch_id',
  'booking_id',
  'number',
  'status',
  'started_unagreed',
  'works',
  'parts',
  'total',
  'paid',
  'due',
  'opened_at',
  'done_at',
  'state',
] as const;

type Money = { id: string; workOrderId: string; kind: 'payment' | 'refund'; method: string | null; amount: number; at: string };

/** A row after one more event: the domain's own fold, the figures read off the state it leaves. */
const folded = (row: Row | undefined, event: WorkOrderEvent): Row | undefined => {
  const state = evolve(row?.state ?? { status: 'Empty' }, event);
  if (state.status === 'Empty') return row;
  const { totals } = workOrderView(state);
  return {
    id: key(state.workOrderId),
    org_id: state.orgId,
    branch_id: state.branchId,
    booking_id: state.bookingId,
    number: state.number,
    status: state.status,
    started_unagreed: row?.started_unagreed || (event.type === 'WorkOrderStarted' && !event.data.agreed),
    works: totals.works,
    parts: totals.parts,
    total: totals.total,
    paid: totals.paid,
    due: totals.due,
    opened_at: event.type === 'WorkOrderOpened' ? event.data.openedAt : row!.opened_at,
    done_at: event.type === 'WorkOrderCompleted' ? event.data.completedAt : (row?.done_at ?? null),
    state,
  };
};

/** Work orders and their money: each event folded by the work order decider's evolve, in log order. */
export const beginWorkOrders = async (batch: Batch): Promise<Folding> => {
  const events = batch.events.filter((event) => event.streamName.startsWith('workorder-'));
  const ids = [...new Set(events.map((event) => key(event.data.workOrderId)))];
  const written = writtenIdsOf(batch, 'work_orders');
  const rows = new Map((await loadRows<Row>(batch.db, batch.schema, 'work_orders', ids, written)).map((row) => [row.id, row]));
  const changed = new Set<string>();
  const money: Money[] = [];
  return {
    fold: (recorded: RecordedEvent) => {
      if (!recorded.streamName.startsWith('workorder-')) return;
      const event = { type: recorded.type, data: recorded.data } as WorkOrderEvent;
      const id = key(recorded.data.workOrderId);
      const row = folded(rows.get(id), event);
      if (!row) return;
      rows.set(id, row);
      changed.add(id);
      if (event.type === 'PaymentRecorded') {
        const { paymentId, method, amountKopecks, recordedAt } = event.data;
        money.push({ id: paymentId, workOrderId: id, kind: 'payment', method, amount: amountKopecks, at: recordedAt });
      }
      if (event.type === 'PaymentRefunded') {
        const { refundId, amountKopecks, refundedAt } = event.data;
        money.push({ id: refundId, workOrderId: id, kind: 'refund', method: null, amount: amountKopecks, at: refundedAt });
      }
    },
    write: async () => {
      await upsertRows(
        batch.db,
        batch.schema,
        'work_orders',
        columns,
        [...changed].map((id) => rows.get(id)!),
        written,
      );
      if (money.length === 0) return;
      await batch.db.query(
        `INSERT INTO ${batch.schema}.work_order_money (id, work_order_id, org_id, branch_id, kind, method, amount, at)
         SELECT m.id, m.work_order_id, w.org_id, w.branch_id, m.kind, m.method, m.amount, m.at
           FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[])
             AS m(id, work_order_id, kind, method, amount, at)
           JOIN ${batch.schema}.work_orders w ON w.id = m.work_order_id
         ON CONFLICT DO NOTHING`,
        [
          money.map((m) => m.id),
          money.map((m) => m.workOrderId),
          money.map((m) => m.kind),
          money.map((m) => m.method),
          money.map((m) => m.amount),
          money.map((m) => m.at),
        ],
      );
    },
  };
};
