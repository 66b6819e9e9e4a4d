import { errors } from '../../contract/shared.ts';
import {
  correctionBody,
  heartbeatAnswer,
  idleCutoffSetting,
  periodQuery,
  staffActivity,
  workingTimeTable,
} from '../../contract/working-time.ts';
import { staffParams } from '../../contract/staff.ts';
import { createStaffActivity } from '../../core/staff/staff-activity.ts';
import { createWorkingTime } from '../../core/staff/working-time.ts';
import { toCsv } from '../../projections/kpi/index.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, sessionOf } from '../plugins/auth.ts';

const staff = { roles: ['owner', 'manager', 'mechanic'] as const };
const owner = { roles: ['owner'] as const };

const hours = (minutes: number) => `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
/** A local date as people write it (dd.mm.yyyy), never ISO, in files too. */
const dotted = (isoDate: string) => isoDate.split('-').reverse().join('.');

const csvFile = (description: string) =>
  ({
    tags: ['staff'],
    querystring: periodQuery,
    response: { 200: { content: { 'text/csv': { schema: { description } } } }, ...errors },
  }) as const;

/**
 * Working time from sessions and per-person figures: the panel's heartbeats, the owner's table of
 * days per person (corrections with a reason), the figures per person next to their time, and both
 * as CSV.
 */
export const workingTimeRoutes = async (app: ContractApp, { pool, catalog, now }: AppDeps) => {
  const workingTime = createWorkingTime({ pool, catalog, now });
  const activity = createStaffActivity({ pool, catalog });

  app.post(
    '/api/work-time/heartbeat',
    { config: staff, schema: { tags: ['staff'], response: { 200: heartbeatAnswer, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      return { recorded: await workingTime.mark(session.orgId, session.userId, 'beat') };
    },
  );

  const tableOf = (request: { query: { branchId: string; from: string; to: string } } & Parameters<typeof sessionOf>[0]) => {
    const session = sessionOf(request);
    assertBranch(session, request.query.branchId);
    return workingTime.table(session.orgId, request.query.branchId, request.query);
  };

  app.get(
    '/api/work-time',
    { config: owner, schema: { tags: ['staff'], querystring: periodQuery, response: { 200: workingTimeTable, ...errors } } },
    async (request) => tableOf(request),
  );

  app.get(
    '/api/work-time/export.csv',
    { config: owner, schema: csvFile('Working time per person and day') },
    async (request, reply) => {
      const table = await tableOf(request);
      const rows = table.people.flatMap((person) =>
        person.days.map((day) => [
          person.name,
          dotted(day.date),
          day.start,
          day.end,
          hours(day.activeMinutes),
          day.correction ? `${day.correction.reason} (${day.correction.byName})` : '',
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="working-time-${table.from}-${table.to}.csv"`)
        .send(
          toCsv([
            { name: 'Рабочее время', columns: ['Сотрудник', 'Дата', 'Начало', 'Конец', 'Активно, ч:мм', 'Исправление'], rows },
          ]),
        );
    },
  );

  app.post(
    '/api/work-time/:id/corrections',
    {
      config: owner,
      schema: { tags: ['staff'], params: staffParams, body: correctionBody, response: { 201: workingTimeTable, ...errors } },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      assertBranch(session, request.body.branchId);
      await workingTime.correct({ orgId: session.orgId, userId: session.userId }, request.params.id, request.body);
      const { branchId, date } = request.body;
      return reply.status(201).send(await workingTime.table(session.orgId, branchId, { from: date, to: date }));
    },
  );

  app.get(
    '/api/settings/idle-cutoff',
    { config: owner, schema: { tags: ['settings'], response: { 200: idleCutoffSetting, ...errors } } },
    async (request) => ({ minutes: await workingTime.idleCutoff(sessionOf(request).orgId) }),
  );

  app.put(
    '/api/settings/idle-cutoff',
    { config: owner, schema: { tags: ['settings'], body: idleCutoffSetting, response: { 200: idleCutoffSetting, ...errors } } },
    async (request) => ({ minutes: await workingTime.setIdleCutoff(actorOf(request), request.body.minutes) }),
  );

  const figuresOf = async (
    request: { query: { branchId: string; from: string; to: string } } & Parameters<typeof sessionOf>[0],
  ) => {
    const session = sessionOf(request);
    assertBranch(session, request.query.branchId);
    const [people, time] = await Promise.all([
      activity(session.orgId, request.query.branchId, request.query),
      workingTime.table(session.orgId, request.query.branchId, request.query),
    ]);
    const minutes = new Map(time.people.map((person) => [person.id, person.activeMinutes]));
    return {
      from: time.from,
      to: time.to,
      people: people.map((person) => ({ ...person, activeMinutes: minutes.get(person.id) ?? 0 })),
    };
  };

  app.get(
    '/api/staff/activity',
    { config: owner, schema: { tags: ['staff'], querystring: periodQuery, response: { 200: staffActivity, ...errors } } },
    async (request) => figuresOf(request),
  );

  app.get('/api/staff/activity/export.csv', { config: owner, schema: csvFile('Figures per person') }, async (request, reply) => {
    const figures = await figuresOf(request);
    const rows = figures.people.map((person) => [
      person.name,
      person.bookingsCreated,
      person.statusMoves,
      person.confirmations,
      person.confirmMedianMinutes ?? '',
      person.messagesAnswered,
      person.calls,
      person.tasksDone,
      person.jobsDone,
      person.clients,
      person.clientVisits,
      hours(person.activeMinutes),
    ]);
    const columns = [
      'Сотрудник',
      'Записи',
      'Смены статуса',
      'Подтверждения',
      'До подтверждения, мин (медиана)',
      'Ответы клиентам',
      'Звонки',
      'Задачи',
      'Работы',
      'Клиентов в ответе',
      'Визиты их клиентов',
      'Активно, ч:мм',
    ];
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="staff-figures-${figures.from}-${figures.to}.csv"`)
      .send(toCsv([{ name: `Показатели ${dotted(figures.from)}–${dotted(figures.to)}`, columns, rows }]));
  });
};
