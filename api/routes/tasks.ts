import { errors } from '../../contract/shared.ts';
import { createTaskBody, overdueTasks, task, taskList, taskParams, tasksQuery } from '../../contract/tasks.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isClientWithin } from '../../projections/clients/queries.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, sessionOf } from '../plugins/auth.ts';

const staff = { roles: ['owner', 'manager', 'mechanic'] as const };

/** Tasks of a branch: listed, made (alone, from a booking card or a client), completed; changes go on the live feed. */
export const taskRoutes = async (app: ContractApp, { tasks, pool }: AppDeps) => {
  app.get(
    '/api/tasks',
    { config: staff, schema: { tags: ['tasks'], querystring: tasksQuery, response: { 200: taskList, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      assertBranch(session, request.query.branchId);
      // A mechanic sees the tasks given to them.
      const assigneeId = session.role === 'mechanic' ? session.userId : request.query.assigneeId;
      const [list, overdue] = await Promise.all([
        tasks.list(session.orgId, [request.query.branchId], { assigneeId }),
        tasks.overdueCount(session.orgId, [request.query.branchId]),
      ]);
      return { tasks: list, overdue };
    },
  );

  app.get(
    '/api/tasks/overdue',
    { config: staff, schema: { tags: ['tasks'], response: { 200: overdueTasks, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      return { count: await tasks.overdueCount(session.orgId, session.branchIds) };
    },
  );

  app.post(
    '/api/tasks',
    { config: staff, schema: { tags: ['tasks'], body: createTaskBody, response: { 201: task, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      assertBranch(session, request.body.branchId);
      // A client beyond the manager's branches is unknown to them, as on the client card: 404, not a task.
      const { clientId } = request.body;
      if (clientId && session.branchIds !== null && !(await isClientWithin(pool, session, clientId))) {
        throw new DomainError('NOT_FOUND', 'Client not found', { field: 'clientId' });
      }
      return reply.status(201).send(await tasks.create(actorOf(request), request.body));
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    { config: staff, schema: { tags: ['tasks'], params: taskParams, response: { 200: task, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      // A mechanic completes only what their list shows them: the tasks given to them.
      const actor = { ...actorOf(request), branchIds: session.branchIds, ownTasksOnly: session.role === 'mechanic' };
      return tasks.complete(actor, request.params.id);
    },
  );
};
