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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Refusal } from '../../core/shared/refusal.ts';
import { HttpProblem } from '../plugins/problems.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };
const gone = { 410: problem };

/** Unknown codes one address may try in a window: a mistyped link is retried a few times, a guesser thousands. */
export const UNKNOWN_CODES_PER_ADDRESS = 20;
const UNKNOWN_CODE_WINDOW_MS = 15 * 60_000;

/**
 * Staff invitations: the owner makes, lists and withdraws them; the invitee reads and accepts one
 * with nothing but the code (posted in a body, never in a path the request log writes down).
 */
export const inviteRoutes = async (app: ContractApp, deps: AppDeps) => {
  const staffInvites = createStaffInvites(deps);
  // Counted in PostgreSQL by @fastify/rate-limit, so every API process sees the same guesses.
  const unknownCodes = app.createRateLimit({
    max: UNKNOWN_CODES_PER_ADDRESS,
    timeWindow: UNKNOWN_CODE_WINDOW_MS,
    keyGenerator: (request) => `invite-code:${request.ip}`,
  });
  /** Runs a step that reads an invitation by its code; only unknown codes count against the address. */
  const byCode = async <T>(request: FastifyRequest, reply: FastifyReply, step: () => Promise<T>): Promise<T> => {
    const limit = await unknownCodes(request, { increment: false });
    if (!limit.isAllowed && limit.remaining <= 0) {
      void reply.header('retry-after', String(Math.max(1, limit.ttlInSeconds)));
      throw new HttpProblem(429, 'TOO_MANY_ATTEMPTS', 'Too many unknown invitation codes: wait and try again');
    }
    try {
      return await step();
    } catch (error) {
      if (error instanceof Refusal && error.code === 'INVITE_UNKNOWN') await unknownCodes(request);
      throw error;
    }
  };

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
    async (request, reply) => byCode(request, reply, () => staffInvites.preview(request.body.code)),
  );

  app.post(
    '/api/invites/accept',
    {
      config: { public: true },
      // The body holds a password.
      logLevel: 'warn',
      schema: { tags: ['auth'], body: acceptInviteBody, response: { 201: acceptedInvite, ...errors, ...gone } },
    },
    async (request, reply) =>
      reply.status(201).send(await byCode(request, reply, () => staffInvites.accept(request.body.code, request.body))),
  );
};
