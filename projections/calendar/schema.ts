import { readerPolicies } from '../schema.ts';

/**
 * One row per reserved bay-day; the exclusion constraint is the second line of defence against
 * overlaps after the schedule aggregate.
 */
export const createCalendarTables = (schema: string): string => /* sql */ `
CREATE TABLE ${schema}.calendar (
  booking_id uuid NOT NULL,
  day date NOT NULL,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  bay_id uuid NOT NULL,
  during tstzrange NOT NULL,
  PRIMARY KEY (booking_id, day),
  EXCLUDE USING gist (bay_id WITH =, during WITH &&)
);
CREATE INDEX ON ${schema}.calendar (org_id, branch_id, lower(during));
${readerPolicies(schema, 'calendar')}
`;
