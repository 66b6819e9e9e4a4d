import type { FastifyRequest } from 'fastify';
import { inboxConversation, inboxMessage, inboxParams, inboxReplyBody, inboxThreads } from '../../contract/inbox.ts';
import { errors, noContent } from '../../contract/shared.ts';
import type { InboxMessage } from '../../core/inbox/inbox.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { clientsWithin, isClientWithin } from '../../projections/clients/queries.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, sessionOf } from '../plugins/auth.ts';

const desk = { roles: ['owner', 'manager'] as const };

const view = (message: InboxMessage) => ({
  id: message.id,
  direction: message.direction,
  channel: message.channel,
  kind: message.kind,
  at: new Date(message.at).toISOString(),
  text: message.body.text ?? '',
  location:
    message.body.latitude !== undefined && message.body.longitude !== undefined
      ? { latitude: message.body.latitude, longitude: message.body.longitude }
      : null,
  fileName: message.body.fileName ?? null,
});

/**
 * The inbox: conversations with clients, newest first; one opened; one marked read; a manager's answer.
 * Opening is a GET and writes no state (a link from another site opens it with the cookie); the panel
 * marks what it showed as read with a POST, which only the panel's own pages can send.
 * A manager limited to some branches has the reach of the client card: the clients who booked or
 * were imported there; any other conversation is answered 404 like an unknown one, with nothing read
 * or written.
 */
export const inboxRoutes = async (app: ContractApp, { inbox, clients, pool, audit }: AppDeps) => {
  const assertWithin = async (request: FastifyRequest, clientId: string) => {
    const session = sessionOf(request);
    // The owner's reach is every client of the organization: an unknown id is not found for them too.
    if (!(await isClientWithin(pool, session, clientId))) {
      throw new DomainError('NOT_FOUND', 'No conversation with this client', { field: 'clientId' });
    }
  };

  app.get(
    '/api/inbox',
    { config: desk, schema: { tags: ['inbox'], response: { 200: inboxThreads, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const threads = await inbox.threads(
        session.orgId,
        session.branchIds === null ? {} : { visible: (clientIds) => clientsWithin(pool, session, clientIds) },
      );
      return { threads: threads.map((thread) => ({ ...thread, lastAt: new Date(thread.lastAt).toISOString() })) };
    },
  );

  app.get(
    '/api/inbox/:clientId',
    { config: desk, schema: { tags: ['inbox'], params: inboxParams, response: { 200: inboxConversation, ...errors } } },
    async (request) => {
      const { orgId } = sessionOf(request);
      const { clientId } = request.params;
      await assertWithin(request, clientId);
      const messages = await inbox.conversation(orgId, clientId);
      // No conversation yet is an empty one (the client card asks for every client), and says nothing of who.
      if (messages.length === 0) return { clientId, name: '', messages: [] };
      const profile = await clients.profileOf(clientId);
      if (!profile) throw new DomainError('NOT_FOUND', 'No conversation with this client', { field: 'clientId' });
      // What the client wrote is their personal data: reading it is logged as opening their card is.
      await audit.access(actorOf(request), 'conversation-view', [clientId], { messages: messages.length });
      return { clientId, name: profile.name, messages: messages.map(view) };
    },
  );

  app.post(
    '/api/inbox/:clientId/read',
    { config: desk, schema: { tags: ['inbox'], params: inboxParams, response: { 204: noContent, ...errors } } },
    async (request, reply) => {
      await assertWithin(request, request.params.clientId);
      await inbox.markRead(sessionOf(request).orgId, request.params.clientId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/inbox/:clientId/reply',
    {
      config: desk,
      schema: { tags: ['inbox'], params: inboxParams, body: inboxReplyBody, response: { 201: inboxMessage, ...errors } },
    },
    async (request, reply) => {
      const { orgId, userId } = sessionOf(request);
      await assertWithin(request, request.params.clientId);
      const sent = await inbox.reply({ orgId, userId }, request.params.clientId, request.body.text);
      return reply.status(201).send(view(sent));
    },
  );
};
