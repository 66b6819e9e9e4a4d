import { readerPolicies } from '../schema.ts';

/**
 * One row per maintenance reminder issued: when, for which branch and service, and the booking the
 * client made from it, if any. The owner's figures count reminders sent, bookings and the money
 * those visits brought.
 */
export const createMaintenanceTables = (schema: string): string => /* sql */ `
CREATE TABLE ${schema}.maintenance_reminders (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  client_id uuid NOT NULL,
  service_id uuid NOT NULL,
  due_by text NOT NULL,
  issued_at timestamptz NOT NULL,
  booking_id uuid,
  booked_at timestamptz
);
CREATE INDEX ON ${schema}.maintenance_reminders (org_id, branch_id, issued_at);
${readerPolicies(schema, 'maintenance_reminders')}
`;
