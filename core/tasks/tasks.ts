import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId } from '../../domain/shared/input-rules.ts';
import { toIso } from '../../domain/shared/time.ts';
import {
  assertCompletable,
  requireNewTask,
  taskStatusAt,
  type TaskKind,
  type TaskPriority,
  type TaskStatus,
} from '../../domain/task/task.ts';
import type { LoadBooking } from '../booking/load-booking.ts';
import { branchCatalogOf } from '../booking/branch-catalog.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { Actor } from '../shared/actor.ts';

/** Notified with `<orgId>/<branchId>/<taskId>` (ids only) when a task is made, completed or reminded. */
export const TASK_CHANGES_CHANNEL = 'zero_task_changes';

/** A task as the panel shows it; times in the branch's zone. */
export type TaskView = {
  id: string;
  branchId: string;
  kind: TaskKind;
  title: string;
  assigneeId: string;
  assigneeName: string;
  dueAt: string;
  priority: TaskPriority;
  status: TaskStatus;
  bookingId: string | null;
  clientId: string | null;
  createdAt: string;
  completedAt: string | null;
};

export type NewTaskInput = {
  branchId: string;
  kind: TaskKind;
  title: string;
  assigneeId: string;
  dueAt: string;
  priority?: TaskPriority;
  bookingId?: string;
  clientId?: string;
};

/**
 * Who changes a task: `branchIds` are the branches they are limited to (null: the whole organization);
 * `ownTasksOnly` keeps them to the tasks given to them (a mechanic's list shows no others).
 */
export type TaskActor = Actor & { branchIds: readonly string[] | null; ownTasksOnly: boolean };

/** The task ($1) is within the actor's reach: their organization ($2), branches ($3) and, when limited to them, own tasks ($4). */
const REACHED = `org_id = $2 AND ($3::uuid[] IS NULL OR branch_id = ANY($3::uuid[])) AND ($4::uuid IS NULL OR assignee_id = $4)`;

type Row = {
  id: string;
  branch_id: string;
  kind: TaskKind;
  title: string;
  assignee_id: string;
  assignee_name: string;
  due_at: Date;
  priority: TaskPriority;
  status: 'Open' | 'Completed';
  booking_id: string | null;
  client_id: string | null;
  created_at: Date;
  completed_at: Date | null;
  time_zone: string;
};

const SELECT = `SELECT t.id, t.branch_id, t.kind, t.title, t.assignee_id, u.name AS assignee_name, t.due_at, t.priority, t.status,
       t.booking_id, t.client_id, t.created_at, t.completed_at, b.time_zone
  FROM tasks t JOIN users u ON u.id = t.assignee_id JOIN branches b ON b.id = t.branch_id`;

export const viewOf = (row: Row, now: number): TaskView => ({
  id: row.id,
  branchId: row.branch_id,
  kind: row.kind,
  title: row.title,
  assigneeId: row.assignee_id,
  assigneeName: row.assignee_name,
  dueAt: toIso(row.due_at.getTime(), row.time_zone),
  priority: row.priority,
  status: taskStatusAt({ status: row.status, dueAt: row.due_at.getTime() }, now),
  bookingId: row.booking_id,
  clientId: row.client_id,
  createdAt: toIso(row.created_at.getTime(), row.time_zone),
  completedAt: row.completed_at ? toIso(row.completed_at.getTime(), row.time_zone) : null,
});

/** Tasks: made (on their own, from a booking or a client), listed per branch, completed; every change on the live feed. */
export const createTasks = (deps: { pool: Pool; catalog: CatalogRepository; loadBooking: LoadBooking; now: () => number }) => {
  const { pool, catalog, loadBooking, now } = deps;

  const announce = (orgId: string, branchId: string, taskId: string) =>
    pool.query('SELECT pg_notify($1, $2)', [TASK_CHANGES_CHANNEL, `${orgId}/${branchId}/${taskId}`]);

  const one = async (orgId: string, taskId: string): Promise<TaskView | null> => {
    const { rows } = await pool.query<Row>(`${SELECT} WHERE t.org_id = $1 AND t.id = $2`, [orgId, taskId]);
    return rows[0] ? viewOf(rows[0], now()) : null;
  };

  const create = async (actor: Actor, input: NewTaskInput): Promise<TaskView> => {
    requireId(input.branchId, 'branchId');
    requireId(input.assigneeId, 'assigneeId');
    const { title, dueAt } = requireNewTask(input, now());
    await branchCatalogOf(catalog, actor.orgId, input.branchId);
    const assignee = await pool.query(
      `SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND active AND role IN ('owner', 'manager', 'mechanic')
          AND (cardinality(branch_ids) = 0 OR $3::uuid = ANY(branch_ids))`,
      [input.assigneeId, actor.orgId, input.branchId],
    );
    if (!assignee.rowCount) throw new DomainError('NOT_FOUND', 'Assignee not found in this branch', { field: 'assigneeId' });
    let clientId = input.clientId ?? null;
    if (input.bookingId !== undefined) {
      const booking = await loadBooking(actor, requireId(input.bookingId, 'bookingId'));
      if (booking.branchId !== input.branchId) {
        throw new DomainError('VALIDATION', 'The booking is of another branch', { field: 'bookingId' });
      }
      if (clientId !== null && clientId !== booking.clientId) {
        throw new DomainError('VALIDATION', 'The client is not the booking’s', { field: 'clientId' });
      }
      clientId = booking.clientId;
    } else if (clientId !== null) {
      requireId(clientId, 'clientId');
      const known = await pool.query('SELECT 1 FROM client_keys WHERE client_id = $1 AND org_id = $2', [clientId, actor.orgId]);
      if (!known.rowCount) throw new DomainError('NOT_FOUND', 'Client not found', { field: 'clientId' });
    }
    const id = randomUUID();
    await pool.query(
      `INSERT INTO tasks (id, org_id, branch_id, kind, title, assignee_id, due_at, priority, status, booking_id, client_id,
                          created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Open', $9, $10, $11, $12)`,
      [
        id,
        actor.orgId,
        input.branchId,
        input.kind,
        title,
        input.assigneeId,
        new Date(dueAt),
        input.priority ?? 'normal',
        input.bookingId ?? null,
        clientId,
        actor.userId,
        new Date(now()),
      ],
    );
    await announce(actor.orgId, input.branchId, id);
    return (await one(actor.orgId, id))!;
  };

  /**
   * Completed only by someone who can see it: a task of a branch outside the actor's, or (for one
   * limited to their own) given to someone else, is answered like an unknown one, so its id says
   * nothing of what exists.
   */
  const complete = async (actor: TaskActor, taskId: string): Promise<TaskView> => {
    requireId(taskId, 'id');
    const reach = [actor.orgId, actor.branchIds, actor.ownTasksOnly ? actor.userId : null] as const;
    const found = await pool.query<{ status: 'Open' | 'Completed'; due_at: Date; branch_id: string }>(
      `SELECT status, due_at, branch_id FROM tasks WHERE id = $1 AND ${REACHED}`,
      [taskId, ...reach],
    );
    const task = found.rows[0];
    if (!task) throw new DomainError('NOT_FOUND', 'Task not found', { taskId });
    assertCompletable({ status: task.status, dueAt: task.due_at.getTime() });
    const updated = await pool.query(
      `UPDATE tasks SET status = 'Completed', completed_by = $5, completed_at = $6 WHERE id = $1 AND ${REACHED} AND status = 'Open'`,
      [taskId, ...reach, actor.userId, new Date(now())],
    );
    // Someone else completed it a moment earlier.
    if (!updated.rowCount) throw new DomainError('ILLEGAL_TRANSITION', 'The task is already completed');
    await announce(actor.orgId, task.branch_id, taskId);
    return (await one(actor.orgId, taskId))!;
  };

  /** A branch's tasks (or the ones of all `branchIds`), open and overdue first by due time, then the completed. */
  const list = async (orgId: string, branchIds: readonly string[], filter: { assigneeId?: string } = {}) => {
    const { rows } = await pool.query<Row>(
      `${SELECT} WHERE t.org_id = $1 AND t.branch_id = ANY($2::uuid[]) AND ($3::uuid IS NULL OR t.assignee_id = $3)
         AND (t.status = 'Open' OR t.completed_at > $4)
       ORDER BY t.status = 'Completed', t.due_at, t.id LIMIT 500`,
      [orgId, branchIds, filter.assigneeId ?? null, new Date(now() - 7 * 86_400_000)],
    );
    return rows.map((row) => viewOf(row, now()));
  };

  /** Open tasks past their due time in the branches (the header's badge). */
  const overdueCount = async (orgId: string, branchIds: readonly string[] | null): Promise<number> => {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM tasks
        WHERE org_id = $1 AND ($2::uuid[] IS NULL OR branch_id = ANY($2::uuid[])) AND status = 'Open' AND due_at <= $3`,
      [orgId, branchIds, new Date(now())],
    );
    return rows[0]?.n ?? 0;
  };

  return { create, complete, list, overdueCount, one, announce };
};

export type Tasks = ReturnType<typeof createTasks>;

/** What an erased client's task says instead of the words staff typed about the person. */
export const ERASED_CLIENT_TASK_TITLE = 'Данные клиента уничтожены';

/**
 * An erased client's tasks, and their bookings' tasks, keep their kind, people and times (the staff's
 * work stays counted); their titles, which staff type freely («Перезвонить Иванову +7 916…»), go.
 */
export const scrubErasedClientTasks = async (pool: Pool, clientId: string, bookingIds: readonly string[]): Promise<void> => {
  await pool.query('UPDATE tasks SET title = $3 WHERE client_id = $1 OR booking_id = ANY($2::uuid[])', [
    clientId,
    bookingIds,
    ERASED_CLIENT_TASK_TITLE,
  ]);
};
