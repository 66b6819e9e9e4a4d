import { actDocument, actList, clientParams, eraseBody, erased, formatQuery } from '../../../contract/compliance.ts';
import { errors, idParams } from '../../../contract/shared.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { html, htmlAnswer, officer, pdf } from './shared.ts';

export const erasureRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { audit } = deps;
  const { erasure } = deps.compliance;

  app.post(
    '/api/compliance/clients/:id/erase',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: clientParams,
        body: eraseBody,
        response: { 200: erased, 201: erased, ...errors },
      },
    },
    async (request, reply) => {
      const { act, created } = await erasure.erase(actorOf(request), request.params.id, request.body);
      return reply.status(created ? 201 : 200).send({
        created,
        act,
        links: {
          act: `/api/compliance/acts/${act.id}?format=html`,
          logExport: `/api/compliance/acts/${act.id}/log-export?format=html`,
        },
      });
    },
  );

  app.get(
    '/api/compliance/acts',
    { config: officer, schema: { tags: ['compliance'], response: { 200: actList, ...errors } } },
    async (request) => ({
      acts: await erasure.listActs(sessionOf(request).orgId),
    }),
  );

  for (const part of ['act', 'log-export'] as const) {
    app.get(
      part === 'act' ? '/api/compliance/acts/:id' : '/api/compliance/acts/:id/log-export',
      {
        config: officer,
        schema: {
          tags: ['compliance'],
          params: idParams,
          querystring: formatQuery,
          response: { 200: htmlAnswer(actDocument), ...errors },
        },
      },
      async (request, reply) => {
        const session = sessionOf(request);
        const format = request.query.format ?? 'json';
        const document = await erasure.actDocument(session.orgId, request.params.id, part, format);
        await audit.access(actorOf(request), 'act-view', [], { actId: request.params.id, part, format });
        if (format === 'pdf') return pdf(reply, document as Buffer, `${part}-${request.params.id}.pdf`);
        if (format === 'html') return html(reply, document as string, `${part}-${request.params.id}.html`);
        return document as Exclude<typeof document, string | Buffer>;
      },
    );
  }
};
