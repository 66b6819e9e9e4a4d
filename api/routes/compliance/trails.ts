import { trailHtml, trailPrintable } from '../../../core/compliance/trail-printable.ts';
import { renderPrintablePdf } from '../../../core/documents/printable-pdf.ts';
import type { ContractApp } from '../../contract-app.ts';
import type { AppDeps } from '../../deps.ts';
import { actorOf, sessionOf } from '../../plugins/auth.ts';
import {
  formatQuery,
  preparedTrail,
  releaseTrailBody,
  reviewedTrail,
  trail,
  trailDownloadQuery,
} from '../../../contract/compliance.ts';
import { errors, idParams } from '../../../contract/shared.ts';
import { html, htmlAnswer, officer, pdf } from './shared.ts';

export const trailRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { audit } = deps;
  const { trail: trailOf, trailExports } = deps.compliance;

  app.get(
    '/api/compliance/clients/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        params: idParams,
        querystring: formatQuery,
        response: { 200: htmlAnswer(trail), ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const format = request.query.format ?? 'json';
      const trail = await trailOf(session.orgId, request.params.id);
      const actor = actorOf(request);
      await audit.access(actor, 'export', [request.params.id], { format, events: trail.events.length });
      await audit.security(actor, 'export', { format }, [request.params.id]);
      if (format === 'pdf') return pdf(reply, await renderPrintablePdf(trailPrintable(trail)), `trail-${request.params.id}.pdf`);
      return format === 'html' ? html(reply, trailHtml(trail), `trail-${request.params.id}.html`) : trail;
    },
  );

  // Prepare (a sealed draft of the subject's trail) → review → release once; a bot request's answer
  // goes to the client's chat as a document, any other is downloaded by the officer.

  app.post(
    '/api/compliance/requests/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary: 'Prepare (or prepare again) the answer to an access request: a sealed draft of the client’s trail',
        params: idParams,
        response: { 200: preparedTrail, 201: preparedTrail, ...errors },
      },
    },
    async (request, reply) => {
      const prepared = await trailExports.prepare(actorOf(request), request.params.id);
      return reply.status(prepared.created ? 201 : 200).send({ export: prepared.export, request: prepared.request });
    },
  );

  app.get(
    '/api/compliance/requests/:id/trail',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary: 'Review the prepared answer (before release) or download it (after release)',
        params: idParams,
        querystring: trailDownloadQuery,
        response: { 200: htmlAnswer(reviewedTrail), ...errors },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'json';
      const download = request.query.download === '1';
      // The download is the delivery's evidence: a link followed from another site (the Lax cookie
      // goes with it) serves the file but does not mark the answer handed over.
      const crossSite = request.headers['sec-fetch-site'] !== undefined && request.headers['sec-fetch-site'] !== 'same-origin';
      const opened = await trailExports.document(actorOf(request), request.params.id, format, download && !crossSite);
      if (format === 'json') return { export: opened.export, trail: opened.document.trail };
      const disposition = download ? 'attachment' : 'inline';
      if (format === 'pdf') {
        const file = await renderPrintablePdf(trailPrintable(opened.document.trail));
        return pdf(reply, file, `personal-data-${request.params.id}.pdf`, disposition);
      }
      return html(reply, opened.document.html, `personal-data-${request.params.id}.html`, disposition);
    },
  );

  app.post(
    '/api/compliance/requests/:id/trail/release',
    {
      config: officer,
      schema: {
        tags: ['compliance'],
        summary:
          'Release the reviewed draft (its export id) once: closes the request as answered and delivers it in the request’s channel',
        params: idParams,
        body: releaseTrailBody,
        response: { 200: preparedTrail, ...errors },
      },
    },
    async (request) => trailExports.release(actorOf(request), request.params.id, request.body.exportId),
  );
};
