import { errors, problem } from '../../contract/shared.ts';
import { linkCode } from '../../contract/users.ts';
import type { Pool } from 'pg';
import { createManagerLinkCode } from '../../core/staff/manager-links.ts';
import { sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';
import { scrubbedJson } from '../plugins/request-guard.ts';
import type { ContractApp } from '../contract-app.ts';

/** Telegram reads only the status; the body says the same for a person looking. */
const webhookAnswer = {
  type: 'object',
  required: ['ok'],
  additionalProperties: false,
  properties: { ok: { type: 'boolean' } },
} as const;

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

/** The bot's webhook handler, in webhook mode: one posted update and the secret-token header it came with. */
export type TelegramWebhook = (update: unknown, secret: string | undefined) => Promise<{ status: 200 | 401 | 503 }>;

/** The webhook Telegram posts updates to, in a scope of its own (its body parser scrubs). */
const webhookRoute = (app: ContractApp, webhook: TelegramWebhook) => {
  app.post(
    TELEGRAM_WEBHOOK_PATH,
    {
      config: { public: true },
      // An update is never logged: it carries names, phone numbers and messages.
      logLevel: 'warn',
      schema: {
        hide: true,
        body: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'integer', minimum: 0 } } },
        // Telegram reads only the status; the body says the same for a person looking.
        response: { 200: webhookAnswer, 401: problem, 503: webhookAnswer },
      },
    },
    async (request, reply) => {
      const secret = request.headers['x-telegram-bot-api-secret-token'];
      const { status } = await webhook(request.body, typeof secret === 'string' ? secret : undefined);
      if (status === 401) throw new HttpProblem(401, 'UNAUTHORIZED', 'Wrong secret token');
      return reply.status(status).send({ ok: status === 200 });
    },
  );
};

/**
 * The bot's HTTP side: the webhook Telegram posts updates to (webhook mode only; the secret-token
 * header is the authentication) and the one-time code a manager sends the bot as /link CODE.
 */
export const telegramRoutes = async (
  app: ContractApp,
  deps: { webhook: TelegramWebhook | null; pool: Pool; now: () => number },
) => {
  const { webhook } = deps;
  if (webhook) {
    // The guard's 400 for a direction mark would reach Telegram, which retries the update and then
    // drops it: a client with such a mark in their name could never reach the station (in polling
    // mode grammY reads the update directly). The update is scrubbed of them instead.
    await app.register(async (scope) => {
      const parseJson = scope.getDefaultJsonParser('error', 'error');
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        void parseJson(request, body as string, (error: Error | null, parsed?: unknown) =>
          error ? done(error, undefined) : done(null, scrubbedJson(parsed)),
        );
      });
      webhookRoute(scope, webhook);
    });
  }

  app.post(
    '/api/telegram/link-code',
    {
      config: { roles: ['owner', 'manager'] },
      schema: {
        tags: ['telegram'],
        response: { 201: linkCode, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const { code, expiresAt } = await createManagerLinkCode(
        deps.pool,
        { orgId: session.orgId, userId: session.userId },
        deps.now(),
      );
      return reply.status(201).send({ code, expiresAt, command: `/link ${code}` });
    },
  );
};
