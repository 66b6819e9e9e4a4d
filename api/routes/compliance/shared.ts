import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/shared/errors.ts';
import { getClientCard } from '../../../projections/clients/queries.ts';
import { isClientBlocked } from '../../../core/compliance/blocks.ts';
import type { AppDeps } from '../../deps.ts';
import { sessionOf } from '../../plugins/auth.ts';
import { HttpProblem } from '../../plugins/problems.ts';
import { htmlDocument, pdfDocument } from '../../../contract/compliance.ts';

export const officer = { roles: ['compliance'] as const };
export const staff = { roles: ['owner', 'manager'] as const };
/** Paper consents and withdrawals are taken at the desk or by the officer handling a request. */
export const consentKeepers = { roles: ['owner', 'manager', 'compliance'] as const };

/** The answer of a document route: JSON by default, an inert HTML page with format=html, a PDF with format=pdf. */
export const htmlAnswer = <const Schema>(json: Schema) =>
  ({
    content: {
      'application/json': { schema: json },
      'text/html': { schema: htmlDocument },
      'application/pdf': { schema: pdfDocument },
    },
  }) as const;

/** Documents with personal data, opened in the browser: inert (no scripts, forms, requests or framing). */
const DOCUMENT_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const html = (reply: FastifyReply, body: string, fileName: string, disposition: 'inline' | 'attachment' = 'inline') =>
  reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', DOCUMENT_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `${disposition}; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);

/** A compliance document as a PDF, never cached (it may hold personal data). */
export const pdf = (reply: FastifyReply, body: Buffer, fileName: string, disposition: 'inline' | 'attachment' = 'inline') =>
  reply
    .type('application/pdf')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `${disposition}; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);

/**
 * The card as the user may see it. A client outside a limited manager's branches is not found,
 * as an unknown one, before anything is logged or written. A blocked client's data is not
 * processed: staff get a refusal, the officer still sees it.
 */
export const clientCardOf =
  ({ pool }: AppDeps) =>
  async (request: FastifyRequest, clientId: string) => {
    const session = sessionOf(request);
    const card = await getClientCard(pool, session, clientId);
    if (!card) throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
    const blocked = await isClientBlocked(pool, clientId);
    if (blocked && session.role !== 'compliance') {
      throw new HttpProblem(403, 'CLIENT_BLOCKED', 'Processing of this client’s data is blocked while it is checked');
    }
    return { ...card, blocked };
  };
