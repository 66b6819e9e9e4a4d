import { readerPolicies } from '../schema.ts';

/**
 * One row per work order (its figures as columns for reports, its state as the decider folds it to
 * go on folding), and one row per money movement (a payment or a refund) for revenue by day.
 */
export const createWorkOrderTables = (schema: string): string => /* sql */ `
CREATE TABLE ${schema}.work_orders (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  number int NOT NULL,
  status text NOT NULL,
  started_unagreed boolean NOT NULL DEFAULT false,
  works bigint NOT NULL,
  parts bigint NOT NULL,
  total bigint NOT NULL,
  paid bigint NOT NULL,
  due bigint NOT NULL,
  opened_at timestamptz NOT NULL,
  done_at timestamptz,
  state jsonb NOT NULL
);
CREATE UNIQUE INDEX ON ${schema}.work_orders (booking_id);
CREATE INDEX ON ${schema}.work_orders (org_id, branch_id, done_at);
${readerPolicies(schema, 'work_orders')}
CREATE TABLE ${schema}.work_order_money (
  id text NOT NULL,
  work_order_id uuid NOT NULL,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('payment', 'refund')),
  method text,
  amount bigint NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (work_order_id, kind, id)
);
CREATE INDEX ON ${schema}.work_order_money (org_id, branch_id, at);
${readerPolicies(schema, 'work_order_money')}
`;
