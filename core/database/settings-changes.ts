/**
 * Notified at commit with an organization's id whenever its branches, bays, services or the
 * «shifts required» switch change, by whichever process or operator changed them: every API process
 * caches these settings (each command reads them) and drops its copy when it hears this.
 */
export const SETTINGS_CHANGES_CHANNEL = 'zero_settings_changes';

/** Additive and idempotent; run by migrate() after the settings and staff tables exist. */
export const settingsChangeMigrationSql = /* sql */ `
CREATE OR REPLACE FUNCTION zero_notify_settings_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${SETTINGS_CHANGES_CHANNEL}',
    (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[0]);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS settings_change ON branches;
CREATE TRIGGER settings_change AFTER INSERT OR UPDATE OR DELETE ON branches
  FOR EACH ROW EXECUTE FUNCTION zero_notify_settings_change('org_id');
DROP TRIGGER IF EXISTS settings_change ON bays;
CREATE TRIGGER settings_change AFTER INSERT OR UPDATE OR DELETE ON bays
  FOR EACH ROW EXECUTE FUNCTION zero_notify_settings_change('org_id');
DROP TRIGGER IF EXISTS settings_change ON services;
CREATE TRIGGER settings_change AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH ROW EXECUTE FUNCTION zero_notify_settings_change('org_id');
DROP TRIGGER IF EXISTS settings_change ON organizations;
CREATE TRIGGER settings_change AFTER UPDATE OF shifts_required OR DELETE ON organizations
  FOR EACH ROW EXECUTE FUNCTION zero_notify_settings_change('id');
`;
