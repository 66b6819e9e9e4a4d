import type {} from '@fastify/websocket';
import { liveQuery } from '../../contract/live.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertBranch, sessionOf, tokenOf } from '../plugins/auth.ts';

/** How often an open feed checks that its session still holds (user active, same role and branches). */
export const SESSION_RECHECK_MS = 5000;

/** The close code of a feed whose session ended: the panel goes to the login page instead of reconnecting. */
export const SESSION_ENDED = 4401;

export const liveRoutes = async (app: ContractApp, { hub, tokens }: AppDeps) => {
  // A WebSocket: after the upgrade no HTTP answer follows; its messages are contract/live.ts LiveMessage.
  app.get(
    '/api/live',
    {
      websocket: true,
      // The feed carries the board's cards: who may not read the board gets none (the officer works from requests).
      config: { roles: ['owner', 'manager', 'mechanic'] },
      schema: { tags: ['live'], querystring: liveQuery },
      // Refuse a foreign branch with a 403 before the upgrade; once upgraded, a throw only drops the socket.
      preHandler: async (request) => {
        if (request.query.branchId) assertBranch(sessionOf(request), request.query.branchId);
      },
    },
    async (socket, request) => {
      const session = sessionOf(request);
      const { branchId, since } = request.query;
      const branchIds = branchId ? [branchId] : session.branchIds;
      const unsubscribe = await hub.subscribe(
        {
          orgId: session.orgId,
          branchIds,
          // A mechanic's task list is the tasks given to them: the feed carries no others.
          ...(session.role === 'mechanic' ? { ownTasksOf: session.userId } : {}),
          send: (message) => {
            if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
          },
        },
        since === undefined ? undefined : Number(since),
      );
      // A tablet left open would otherwise keep receiving client data after its user was deactivated
      // or moved to another branch: the feed holds the session to the user's current row while it lives.
      const token = tokenOf(request);
      const check = () =>
        void (token ? tokens.verify(token) : Promise.resolve(null)).then(
          (current) => {
            if (!current) socket.close(SESSION_ENDED, 'session ended');
          },
          () => undefined,
        );
      const recheck = setInterval(check, SESSION_RECHECK_MS);
      // A sign-out or the owner ending the user's sessions on this process closes the feed at once.
      const unwatch = tokens.onChange(session.userId, check);
      const stop = () => {
        clearInterval(recheck);
        unwatch();
        unsubscribe();
      };
      // A panel that left while the replay ran has already fired 'close': drop it now or it stays subscribed.
      if (socket.readyState === socket.CLOSED) stop();
      else socket.on('close', stop);
    },
  );
};
