import { errors, problem } from '../../contract/shared.ts';
import {
  acceptedInvite,
  acceptInviteBody,
  createdInvite,
  createInviteBody,
  invite,
  inviteCodeBody,
  inviteParams,
  invitePreview,
  invites,
} from '../../contract/invites.ts';
import { createStaffInvites } from '../../core/staff/invites.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };
const gone = { 410: problem };

/**
 * Staff invitations: the owner makes, lists and withdraws them; the invitee reads and accepts one
 * with nothing but the code (posted in a body, never in a path the request log writes down).
 */
export const inviteRoutes = async (app: ContractApp, deps: AppDeps) => {
  const staffInvites = createStaffInvites(deps);

  app.get(
    '/api/staff/invites',
    { config: owner, schema: { tags: ['settings'], response: { 200: invites, ...errors } } },
    async (request) => staffInvites.list(sessionOf(request).orgId),
  );

  app.post(
    '/api/staff/invites',
    { config: owner, schema: { tags: ['settings'], body: createInviteBody, response: { 201: createdInvite, ...errors } } },
    async (request, reply) => {
      const session = sessionOf(request);
      return reply.status(201).send(await staffInvites.create({ orgId: session.orgId, userId: session.userId }, request.body));
    },
  );

  app.post(
    '/api/staff/invites/:id/revoke',
    { config: owner, schema: { tags: ['settings'], params: inviteParams, response: { 200: invite, ...errors } } },
    async (request) => staffInvites.revoke(sessionOf(request).orgId, request.params.id),
  );

  app.post(
    '/api/invites/preview',
    {
      config: { public: true },
      schema: { tags: ['auth'], body: inviteCodeBody, response: { 200: invitePreview, ...errors, ...gone } },
    },
    async (request) => staffInvites.preview(request.body.code),
  );

  app.post(
    '/api/invites/accept',
    {
      config: { public: true },
      // The body holds a password.
      logLevel: 'warn',
      schema: { tags: ['auth'], body: acceptInviteBody, response: { 201: acceptedInvite, ...errors, ...gone } },
    },
    async (request, reply) => reply.status(201).send(await staffInvites.accept(request.body.code, request.body)),
  );
};
