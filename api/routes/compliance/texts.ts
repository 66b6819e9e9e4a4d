import { stationText, stationTexts, textBody, textParams } from '../../../contract/compliance.ts';
import { errors } from '../../../contract/shared.ts';
import { CONSENT_TEXT_LIMIT, isTextKey } from '../../../domain/compliance/notice.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';

export const textRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { pool, audit } = deps;
  const { texts } = deps.compliance;

  app.get(
    '/api/compliance/texts',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: { 200: stationTexts, ...errors } } },
    async (request) => ({ texts: Object.values(await texts.all(sessionOf(request).orgId)) }),
  );

  app.put(
    '/api/compliance/texts/:key',
    {
      config: { roles: ['owner', 'compliance'] },
      schema: {
        tags: ['compliance'],
        params: textParams,
        body: textBody,
        response: { 200: stationText, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const { key } = request.params;
      if (!isTextKey(key)) throw new DomainError('NOT_FOUND', 'No such text', { key });
      const text = request.body.text.trim();
      if (key.startsWith('consent-')) {
        // The bot shows a consent as one message with its buttons: a longer one could never be agreed to.
        const { rows } = await pool.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [session.orgId]);
        const shown = text.replaceAll('{organization}', rows[0]?.name ?? '');
        if (shown.length > CONSENT_TEXT_LIMIT) {
          throw new DomainError('VALIDATION', `A consent is one Telegram message: at most ${CONSENT_TEXT_LIMIT} characters`, {
            field: 'text',
            length: shown.length,
          });
        }
      }
      await texts.put(session.orgId, key, text, session.userId);
      await audit.security(actorOf(request), 'texts-updated', { key });
      return (await texts.all(session.orgId))[key];
    },
  );
};
