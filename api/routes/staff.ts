import { errors, noContent } from '../../contract/shared.ts';
import {
  absenceBody,
  absenceParams,
  dayOffAnswer,
  shiftsSetting,
  staffList,
  staffParams,
  staffPerson,
  staffProfileBody,
  staffQuery,
  staffShiftsBody,
} from '../../contract/staff.ts';
import { createStaffServices } from '../../core/staff/staff-services.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, assertBranch, sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };
const planners = { roles: ['owner', 'manager'] as const };

/**
 * The staff page: people of a branch with their skills, weekly shifts and days away; the owner sets
 * profiles and the «shifts required» switch, managers plan shifts and days off. A day off without
 * `confirm` only answers which jobs it gives to others and which bookings it leaves to move.
 */
export const staffRoutes = async (app: ContractApp, { pool, roster, catalog, commands }: AppDeps) => {
  const staff = createStaffServices({ pool, roster, catalog, commands });

  app.get(
    '/api/staff',
    { config: planners, schema: { tags: ['staff'], querystring: staffQuery, response: { 200: staffList, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      assertBranch(session, request.query.branchId);
      const [shiftsRequired, skills, people] = await Promise.all([
        staff.shiftsRequired(actorOf(request)),
        staff.skillsOf(session.orgId, request.query.branchId),
        staff.people(session.orgId, request.query.branchId),
      ]);
      return { shiftsRequired, skills, people };
    },
  );

  app.patch(
    '/api/staff/:id/profile',
    {
      config: owner,
      schema: { tags: ['staff'], params: staffParams, body: staffProfileBody, response: { 200: staffPerson, ...errors } },
    },
    async (request) => {
      const { branchId, ...profile } = request.body;
      assertBranch(sessionOf(request), branchId);
      return staff.setProfile(actorOf(request), request.params.id, branchId, profile);
    },
  );

  app.put(
    '/api/staff/:id/shifts',
    {
      config: planners,
      schema: { tags: ['staff'], params: staffParams, body: staffShiftsBody, response: { 200: staffPerson, ...errors } },
    },
    async (request) => {
      assertBranch(sessionOf(request), request.body.branchId);
      return staff.setShifts(actorOf(request), request.params.id, request.body.branchId, request.body.shifts);
    },
  );

  app.post(
    '/api/staff/:id/absences',
    {
      config: planners,
      schema: {
        tags: ['staff'],
        description: 'Days away; without confirm a dry run listing the jobs given to others and the bookings to move',
        params: staffParams,
        body: absenceBody,
        response: { 200: dayOffAnswer, ...errors },
      },
    },
    async (request) => {
      assertBranch(sessionOf(request), request.body.branchId);
      return staff.takeDayOff(actorOf(request), request.params.id, { ...request.body, confirm: request.body.confirm ?? false });
    },
  );

  app.delete(
    '/api/staff/:id/absences/:absenceId',
    { config: planners, schema: { tags: ['staff'], params: absenceParams, response: { 204: noContent, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      await staff.removeAbsence(actorOf(request), request.params.id, request.params.absenceId, session.branchIds);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/settings/shifts',
    { config: planners, schema: { tags: ['settings'], response: { 200: shiftsSetting, ...errors } } },
    async (request) => ({ required: await staff.shiftsRequired(actorOf(request)) }),
  );

  app.put(
    '/api/settings/shifts',
    { config: owner, schema: { tags: ['settings'], body: shiftsSetting, response: { 200: shiftsSetting, ...errors } } },
    async (request) => ({ required: await staff.setShiftsRequired(actorOf(request), request.body.required) }),
  );
};
