import type { AuditLogName } from '../../../core/compliance/audit-log.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { accessReport, chainVerification, logEntries, logQuery } from '../../../contract/compliance.ts';
import { errors } from '../../../contract/shared.ts';
import { officer } from './shared.ts';

export const logRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { pool, audit } = deps;

  for (const log of ['access', 'security'] as const satisfies readonly AuditLogName[]) {
    app.get(
      `/api/compliance/${log}-log`,
      {
        config: officer,
        schema: {
          tags: ['compliance'],
          querystring: logQuery,
          response: { 200: logEntries, ...errors },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        const { clientId, before, limit } = request.query;
        const entries = await audit.list(log, session.orgId, {
          clientId,
          beforeSeq: before === undefined ? undefined : Number(before),
          limit: limit === undefined ? undefined : Number(limit),
        });
        await audit.security(actorOf(request), 'log-read', { log, entries: entries.length });
        return { entries };
      },
    );
  }

  app.get(
    '/api/compliance/verify',
    { config: officer, schema: { tags: ['compliance'], response: { 200: chainVerification, ...errors } } },
    async (request) => audit.verify(sessionOf(request).orgId),
  );

  /** Who can see personal data, from the roles: the list art. 18.1 asks the operator to keep. */
  app.get(
    '/api/compliance/access-report',
    { config: { roles: ['owner', 'compliance'] }, schema: { tags: ['compliance'], response: { 200: accessReport, ...errors } } },
    async (request) => {
      const { rows } = await pool.query<{ id: string; name: string; role: string; branchIds: string[]; active: boolean }>(
        `SELECT id, name, role, branch_ids AS "branchIds", active FROM users WHERE org_id = $1 ORDER BY role, name`,
        [sessionOf(request).orgId],
      );
      const access: Record<string, string> = {
        owner: 'клиенты, карточки, телефоны по запросу (с записью в журнал), канбан с телефонами',
        manager: 'клиенты своих филиалов, карточки, телефоны по запросу (с записью в журнал), канбан с телефонами',
        mechanic: 'канбан и календарь своих филиалов (имя, телефон, автомобиль в карточке записи)',
        compliance: 'карточки, выгрузка всех данных клиента, журналы, уничтожение',
      };
      return { users: rows.map((user) => ({ ...user, personalData: access[user.role] ?? '—' })) };
    },
  );
};
