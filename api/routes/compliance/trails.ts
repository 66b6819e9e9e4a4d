import type { FastifyInstance } from 'fastify';
import { trailHtml } from '../../../core/compliance/trail.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import { errors, uuid } from '../schemas.ts';
import { formatQuery, html, idParams, officer, type Format } from './shared.ts';

export const trailRoutes = async (app: FastifyInstance, deps: AppDeps) => {
  const { audit } = deps;
  const { trail: trailOf, trailExports } = deps.compliance;

  app.get<{ Params: { id: string }; Querystring: Format }>(
    '/api/compliance/clients/:id/trail',
    { config: officer, schema: { tags: ['compliance'], params: idParams, querystring: formatQuery, response: errors } },
    async (request, reply) => {
      const session = sessionOf(request);
      const format = request.query.format ?? 'json';
      const trail = await trailOf(session.orgId, request.params.id);
      const actor = actorOf(request);
      await audit.access(actor, 'export', [request.params.id], { format, events: trail.events.length });
      await audit.security(actor, 'export', { format }, [request.params.id]);
      return format === 'html' ? html(reply, trailHtml(trail), `trail-${request.params.id}.html`) : trail;
    },
  );

  // Prepare (a sealed draft of the subject's trail) → review → release once; a bot request's answer
  // goes to the client's chat as a document, any other is downloaded by the officer.

  app.post<{ Params: { id: string } }>(
    '/api/compliance/requests/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary: 'Prepare (or prepare again) the answer to an access request: a sealed draft of the client’s trail',
        params: idParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const prepared = await trailExports.prepare(actorOf(request), request.params.id);
      return reply.status(prepared.created ? 201 : 200).send({ export: prepared.export, request: prepared.request });
    },
  );

  app.get<{ Params: { id: string }; Querystring: Format & { download?: '0' | '1' } }>(
    '/api/compliance/requests/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary: 'Review the prepared answer (before release) or download it (after release)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...formatQuery.properties, download: { type: 'string', enum: ['0', '1'] } },
        },
        response: errors,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      const opened = await trailExports.document(actorOf(request), request.params.id, format);
      if (format === 'json') return { export: opened.export, trail: opened.document.trail };
      const disposition = request.query.download === '1' ? 'attachment' : 'inline';
      return html(reply, opened.document.html, `personal-data-${request.params.id}.html`, disposition);
    },
  );

  app.post<{ Params: { id: string }; Body: { exportId: string } }>(
    '/api/compliance/requests/:id/trail/release',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary:
          'Release the reviewed draft (its export id) once: closes the request as answered and delivers it in the request’s channel',
        params: idParams,
        body: { type: 'object', required: ['exportId'], additionalProperties: false, properties: { exportId: uuid } },
        response: errors,
      },
    },
    async (request) => trailExports.release(actorOf(request), request.params.id, request.body.exportId),
  );
};
