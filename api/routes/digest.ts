import { digestSettings, digestSettingsBody } from '../../contract/settings.ts';
import { errors } from '../../contract/shared.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { createDigestSettings, type DigestSettings } from '../../core/digest/settings.ts';
import { sessionOf } from '../plugins/auth.ts';

const owner = { roles: ['owner'] as const };

/**
 * The owner's daily digest: when it goes out (local time of the organization, the zone of its
 * first branch) and through which channels. The view says whether the owner's own Telegram is
 * linked, since the Telegram digest goes only to a linked chat.
 */
export const digestRoutes = async (app: ContractApp, { pool, catalog }: AppDeps) => {
  const settings = createDigestSettings(pool);

  const view = async (orgId: string, userId: string, saved: DigestSettings) => {
    const [branches, linked] = await Promise.all([
      catalog.listBranches(orgId),
      pool.query('SELECT 1 FROM bot_manager_chats WHERE user_id = $1 AND unreachable_at IS NULL', [userId]),
    ]);
    return { ...saved, timeZone: branches[0]?.timeZone ?? null, telegramLinked: linked.rowCount === 1 };
  };

  app.get(
    '/api/settings/digest',
    { config: owner, schema: { tags: ['settings'], response: { 200: digestSettings, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      return view(session.orgId, session.userId, await settings.get(session.orgId));
    },
  );

  app.put(
    '/api/settings/digest',
    { config: owner, schema: { tags: ['settings'], body: digestSettingsBody, response: { 200: digestSettings, ...errors } } },
    async (request) => {
      const session = sessionOf(request);
      const { language = (await settings.get(session.orgId)).language, ...rest } = request.body;
      return view(session.orgId, session.userId, await settings.save(session.orgId, { ...rest, language }, session.userId));
    },
  );
};
