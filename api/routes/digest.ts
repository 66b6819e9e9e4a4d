import type { FastifyInstance } from 'fastify';
import { digestLanguages } from '../../domain/kpi/digest-text.ts';
import type { AppDeps } from '../deps.ts';
import { createDigestSettings, type DigestSettings } from '../../core/digest/settings.ts';
import { sessionOf } from '../plugins/auth.ts';
import { errors, timeOfDay } from './schemas.ts';

const settingsBody = {
  type: 'object',
  required: ['enabled', 'time', 'channels'],
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    time: timeOfDay,
    channels: {
      type: 'object',
      required: ['telegram', 'email'],
      additionalProperties: false,
      properties: { telegram: { type: 'boolean' }, email: { type: 'boolean' } },
    },
    language: { type: 'string', enum: digestLanguages },
  },
} as const;

const owner = { roles: ['owner'] as const };

/**
 * The owner's daily digest: when it goes out (local time of the organization, the zone of its
 * first branch) and through which channels. The view says whether the owner's own Telegram is
 * linked, since the Telegram digest goes only to a linked chat.
 */
export const digestRoutes = async (app: FastifyInstance, { pool, catalog }: AppDeps) => {
  const settings = createDigestSettings(pool);

  const view = async (orgId: string, userId: string, saved: DigestSettings) => {
    const [branches, linked] = await Promise.all([
      catalog.listBranches(orgId),
      pool.query('SELECT 1 FROM bot_manager_chats WHERE user_id = $1 AND unreachable_at IS NULL', [userId]),
    ]);
    return { ...saved, timeZone: branches[0]?.timeZone ?? null, telegramLinked: linked.rowCount === 1 };
  };

  app.get('/api/settings/digest', { config: owner, schema: { tags: ['settings'], response: errors } }, async (request) => {
    const session = sessionOf(request);
    return view(session.orgId, session.userId, await settings.get(session.orgId));
  });

  app.put<{ Body: Omit<DigestSettings, 'language'> & Partial<Pick<DigestSettings, 'language'>> }>(
    '/api/settings/digest',
    { config: owner, schema: { tags: ['settings'], body: settingsBody, response: errors } },
    async (request) => {
      const session = sessionOf(request);
      const { language = (await settings.get(session.orgId)).language, ...rest } = request.body;
      return view(session.orgId, session.userId, await settings.save(session.orgId, { ...rest, language }, session.userId));
    },
  );
};
