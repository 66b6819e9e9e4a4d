import { until, type BotHarness } from './bot-harness.ts';

/** Runs the bot's reminder check and waits until every reminder due by `at` is handled. */
export const handleRemindersDue = async (h: BotHarness, at: number) => {
  h.host().checkReminders();
  await until(async () => {
    const { rows } = await h.server.runtime.pool.query(
      'SELECT count(*)::int AS n FROM bot_reminders WHERE sent_at IS NULL AND due_at <= $1 AND starts_at > $1',
      [new Date(at)],
    );
    return rows[0].n === 0;
  }, 'due reminders to be handled');
};
