import type { Pool } from 'pg';
import { overdueReminderText, type TaskKind } from '../../domain/task/task.ts';
import { startSingleSender } from '../followers/single-sender.ts';
import type { Mailer } from '../messaging/mailer.ts';
import { TASK_CHANGES_CHANNEL } from './tasks.ts';

type Log = (fields: Record<string, unknown>, message: string) => void;

const MAX_ATTEMPTS = 3;
const RETRY_AFTER_MS = 10 * 60_000;

type Due = {
  id: string;
  org_id: string;
  branch_id: string;
  kind: TaskKind;
  due_at: Date;
  email: string;
  time_zone: string;
  /** The Telegram chat the assignee linked for staff alerts, while it is reachable. */
  chat_id: string | null;
};

/** The bot that writes to staff chats; it can change while the process runs (a token set in the panel). */
export type StaffTelegram = { sendMessage: (chatId: number, text: string) => Promise<unknown> };

/**
 * Reminds the assignee of each open task once it is past its due time: in the Telegram chat they
 * linked for staff alerts and by e-mail, whichever of the two this installation has. Once per task
 * across restarts and API processes, as the owner's digest: one sender per installation (advisory lock), and each
 * reminder claimed in task_reminders before it goes out and marked sent after; a crash between the
 * two is the only window for a repeat (after RETRY_AFTER_MS), a failure is tried MAX_ATTEMPTS times.
 * Each reminder also goes on the live feed, so open panels turn the task Overdue.
 */
export const startOverdueReminders = (deps: {
  pool: Pool;
  mailer: Mailer | null;
  telegram: () => StaffTelegram | null;
  now: () => number;
  publicUrl: string;
  log: { info: Log; warn: Log; error: Log };
  intervalMs?: number;
}) => {
  const { pool, mailer, now, log } = deps;

  const due = async (nowMs: number) =>
    (
      await pool.query<Due>(
        `SELECT t.id, t.org_id, t.branch_id, t.kind, t.due_at, u.email, b.time_zone, m.chat_id::text
           FROM tasks t JOIN users u ON u.id = t.assignee_id JOIN branches b ON b.id = t.branch_id
           LEFT JOIN bot_manager_chats m ON m.user_id = u.id AND m.unreachable_at IS NULL
           LEFT JOIN task_reminders r ON r.task_id = t.id
          WHERE t.status = 'Open' AND t.due_at <= $1 AND u.active
            AND (r.task_id IS NULL OR (r.sent_at IS NULL AND r.attempts < $2 AND r.last_attempt_at <= $3))
          ORDER BY t.due_at LIMIT 200`,
        [new Date(nowMs), MAX_ATTEMPTS, new Date(nowMs - RETRY_AFTER_MS)],
      )
    ).rows;

  const claim = async (taskId: string, nowMs: number) =>
    (
      await pool.query(
        `INSERT INTO task_reminders (task_id, attempts, last_attempt_at) VALUES ($1, 1, $2)
         ON CONFLICT (task_id) DO UPDATE SET attempts = task_reminders.attempts + 1, last_attempt_at = EXCLUDED.last_attempt_at
         WHERE task_reminders.sent_at IS NULL AND task_reminders.attempts < $3 AND task_reminders.last_attempt_at <= $4`,
        [taskId, new Date(nowMs), MAX_ATTEMPTS, new Date(nowMs - RETRY_AFTER_MS)],
      )
    ).rowCount === 1;

  const tick = async (isStopped: () => boolean): Promise<number> => {
    const nowMs = now();
    let sent = 0;
    for (const task of await due(nowMs)) {
      if (isStopped()) break;
      // Nowhere to send it yet (no SMTP, no linked chat): left unclaimed, its attempts kept for later.
      if (!mailer && (task.chat_id === null || !deps.telegram())) continue;
      if (!(await claim(task.id, nowMs))) continue;
      const message = overdueReminderText(
        { kind: task.kind, dueAt: task.due_at.getTime() },
        task.time_zone,
        `${deps.publicUrl}/tasks/`,
      );
      const telegram = task.chat_id === null ? null : deps.telegram();
      // Each channel on its own: a blocked chat must not cost the e-mail, nor a refused e-mail the chat.
      const delivered = await Promise.all([
        telegram
          ? telegram.sendMessage(Number(task.chat_id), message.text).then(
              () => true,
              (error: unknown) => {
                log.warn(
                  { taskId: task.id, code: (error as { error_code?: unknown }).error_code },
                  'task reminder not sent to Telegram',
                );
                return false;
              },
            )
          : false,
        mailer
          ? mailer.send({ to: [task.email], ...message }).then(
              () => true,
              (error: unknown) => {
                // Codes only: an SMTP answer can quote the address.
                log.warn({ taskId: task.id, code: (error as { code?: unknown }).code }, 'task reminder not e-mailed');
                return false;
              },
            )
          : false,
      ]);
      if (!delivered.includes(true)) continue;
      await pool.query('UPDATE task_reminders SET sent_at = $2 WHERE task_id = $1', [task.id, new Date(nowMs)]);
      await pool.query('SELECT pg_notify($1, $2)', [TASK_CHANGES_CHANNEL, `${task.org_id}/${task.branch_id}/${task.id}`]);
      sent++;
    }
    return sent;
  };

  const sender = startSingleSender({
    pool,
    lockName: 'task-overdue-reminders',
    tick,
    onError: (error) => log.error({ message: (error as Error).message }, 'task reminders failed'),
    idleMs: deps.intervalMs ?? 30_000,
  });
  return {
    /** Looks for overdue tasks now; resolves after a full round that began after the call. */
    check: sender.check,
    stop: sender.stop,
  };
};

export type OverdueReminders = ReturnType<typeof startOverdueReminders>;
