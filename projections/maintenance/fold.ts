import type { MaintenanceReminderEvent } from '../../domain/maintenance/reminder.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import { idsOf, key, loadRows, upsertRows, writtenIdsOf, type Batch, type Folding } from '../read-model.ts';

type Row = {
  id: string;
  org_id: string;
  branch_id: string;
  client_id: string;
  service_id: string;
  due_by: string;
  issued_at: string;
  booking_id: string | null;
  booked_at: string | null;
};
const columns = [
  'id',
  'org_id',
  'branch_id',
  'client_id',
  'service_id',
  'due_by',
  'issued_at',
  'booking_id',
  'booked_at',
] as const;

const PREFIX = 'maintenance-';

/** Maintenance reminders: a row when one is issued (once), its booking filled in when the client books from it (once). */
export const beginMaintenance = async (batch: Batch): Promise<Folding> => {
  const ids = idsOf(batch.events, PREFIX, 'reminderId');
  const written = writtenIdsOf(batch, 'maintenance_reminders');
  const rows = new Map(
    (await loadRows<Row>(batch.db, batch.schema, 'maintenance_reminders', ids, written)).map((row) => [row.id, row]),
  );
  const changed = new Set<string>();
  return {
    fold: (recorded: RecordedEvent) => {
      if (!recorded.streamName.startsWith(PREFIX)) return;
      const event = { type: recorded.type, data: recorded.data } as MaintenanceReminderEvent;
      const id = key(recorded.data.reminderId);
      const row = rows.get(id);
      if (event.type === 'MaintenanceReminderIssued' && !row) {
        const { orgId, branchId, clientId, serviceId, dueBy, issuedAt } = event.data;
        rows.set(id, {
          id,
          org_id: orgId,
          branch_id: branchId,
          client_id: clientId,
          service_id: serviceId,
          due_by: dueBy,
          issued_at: issuedAt,
          booking_id: null,
          booked_at: null,
        });
      } else if (event.type === 'MaintenanceReminderBooked' && row && !row.booking_id) {
        rows.set(id, { ...row, booking_id: key(event.data.bookingId), booked_at: event.data.bookedAt });
      } else return;
      changed.add(id);
    },
    write: () =>
      upsertRows(
        batch.db,
        batch.schema,
        'maintenance_reminders',
        columns,
        [...changed].map((id) => rows.get(id)!),
        written,
      ),
  };
};
