/**
 * Every API process caches some rows (users for sessions, an organization's settings) and drops its
 * copy when it hears they changed. One trigger function tells them: at commit it notifies the
 * channel named by the trigger's first argument with the changed row's column named by the second.
 * Ids only, never personal data. Run by migrate() before the triggers that use it.
 */
export const rowChangeNotifySql = /* sql */ `
CREATE OR REPLACE FUNCTION zero_notify_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[1]);
  RETURN NULL;
END $$;
`;

/** A trigger (`name`, idempotent) on `table` notifying `channel` with `column` of each row `events` change. */
export const notifyRowChanges = (trigger: { name: string; table: string; events: string; channel: string; column: string }) => `
DROP TRIGGER IF EXISTS ${trigger.name} ON ${trigger.table};
CREATE TRIGGER ${trigger.name} AFTER ${trigger.events} ON ${trigger.table}
  FOR EACH ROW EXECUTE FUNCTION zero_notify_row_change('${trigger.channel}', '${trigger.column}');
`;
