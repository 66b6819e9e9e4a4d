/**
 * Settings a work order prices and prints with. Additive and idempotent; run by migrate() after the
 * settings tables. No client data: the organization's VAT mode and legal details, a branch's rate
 * per norm-hour, a service's norm-hours and maintenance interval, and the last document number given
 * per organization.
 */
export const workOrderMigrationSql = /* sql */ `
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS vat_mode text NOT NULL DEFAULT 'none'
  CHECK (vat_mode IN ('none', 'usn5', 'usn7', 'general22'));
-- What the documents say of the executor (the rules ask for its name, address and registration).
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS legal_name text;
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS inn text;
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS ogrn text;
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS legal_address text;
ALTER TABLE organizations ADD COLUMN IF NOT EXISTS phone text;
-- Kopecks per norm-hour; null until the owner sets it (a norm-hour work is then refused).
ALTER TABLE branches ADD COLUMN IF NOT EXISTS hourly_rate_kopecks int CHECK (hourly_rate_kopecks >= 0);
-- Thousandths of a norm-hour; null: the service has a fixed price.
ALTER TABLE services ADD COLUMN IF NOT EXISTS norm_hours_milli int CHECK (norm_hours_milli > 0);
-- How often the work is due again (an oil change every 10 000 km or 12 months); null: not periodic.
ALTER TABLE services ADD COLUMN IF NOT EXISTS maintenance_km int CHECK (maintenance_km > 0);
ALTER TABLE services ADD COLUMN IF NOT EXISTS maintenance_months int CHECK (maintenance_months > 0);
CREATE TABLE IF NOT EXISTS work_order_numbers (
  org_id uuid PRIMARY KEY REFERENCES organizations(id),
  last_number int NOT NULL
);
`;
