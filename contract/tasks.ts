import { taskKinds, taskPriorities, taskStatuses, TASK_TITLE_MAX } from '../domain/task/task.ts';
import { dateTime, integer, nullableText, text, uuid, type Shape } from './shared.ts';

export { taskKinds, taskPriorities, taskStatuses };

// ---- Tasks (issue 16): call back, order a part, remind about declined work.

export const task = {
  type: 'object',
  required: [
    'id',
    'branchId',
    'kind',
    'title',
    'assigneeId',
    'assigneeName',
    'dueAt',
    'priority',
    'status',
    'bookingId',
    'clientId',
    'createdAt',
    'completedAt',
  ],
  additionalProperties: false,
  properties: {
    id: uuid,
    branchId: uuid,
    kind: { type: 'string', enum: taskKinds },
    title: text,
    assigneeId: uuid,
    assigneeName: text,
    /** In the branch's zone, to the minute. */
    dueAt: text,
    priority: { type: 'string', enum: taskPriorities },
    /** Overdue: open and past its due time. */
    status: { type: 'string', enum: taskStatuses },
    bookingId: { type: ['string', 'null'] },
    clientId: { type: ['string', 'null'] },
    createdAt: text,
    completedAt: nullableText,
  },
} as const;
export type Task = Shape<typeof task>;

// ---- GET /api/tasks?branchId
export const tasksQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  properties: { branchId: uuid, assigneeId: uuid },
} as const;
export const taskList = {
  type: 'object',
  required: ['tasks', 'overdue'],
  additionalProperties: false,
  properties: { tasks: { type: 'array', items: task }, overdue: integer },
} as const;
export type TaskList = Shape<typeof taskList>;

// ---- POST /api/tasks: on its own, or from a booking card (bookingId) or a client (clientId).
export const createTaskBody = {
  type: 'object',
  required: ['branchId', 'kind', 'title', 'assigneeId', 'dueAt'],
  additionalProperties: false,
  properties: {
    branchId: uuid,
    kind: { type: 'string', enum: taskKinds },
    title: { type: 'string', minLength: 1, maxLength: TASK_TITLE_MAX },
    assigneeId: uuid,
    /** With its offset: 2026-12-03T14:00+03:00. */
    dueAt: dateTime,
    priority: { type: 'string', enum: taskPriorities },
    bookingId: uuid,
    clientId: uuid,
  },
} as const;

export const taskParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: uuid } } as const;

// ---- GET /api/tasks/overdue: the header's badge.
export const overdueTasks = {
  type: 'object',
  required: ['count'],
  additionalProperties: false,
  properties: { count: integer },
} as const;
export type OverdueTasks = Shape<typeof overdueTasks>;
