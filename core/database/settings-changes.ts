import { notifyRowChanges } from './row-change-notify.ts';

/**
 * Notified at commit with an organization's id whenever its branches, bays, services or the
 * «shifts required» switch change, by whichever process or operator changed them: every API process
 * caches these settings (each command reads them) and drops its copy when it hears this.
 */
export const SETTINGS_CHANGES_CHANNEL = 'zero_settings_changes';

/** Additive and idempotent; run by migrate() after the settings and staff tables exist. */
export const settingsChangeMigrationSql = [
  ...['branches', 'bays', 'services'].map((table) =>
    notifyRowChanges({
      name: 'settings_change',
      table,
      events: 'INSERT OR UPDATE OR DELETE',
      channel: SETTINGS_CHANGES_CHANNEL,
      column: 'org_id',
    }),
  ),
  notifyRowChanges({
    name: 'settings_change',
    table: 'organizations',
    events: 'UPDATE OF shifts_required OR DELETE',
    channel: SETTINGS_CHANGES_CHANNEL,
    column: 'id',
  }),
].join('');
