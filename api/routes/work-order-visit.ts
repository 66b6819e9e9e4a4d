import { workOrder, workOrderParams } from '../../contract/work-orders.ts';
import {
  addFindingBody,
  approvalRequestBody,
  photoParams,
  photoUploadBody,
  uploadedPhoto,
} from '../../contract/work-order-visit.ts';
import { errors } from '../../contract/shared.ts';
import { PHOTO_LIMIT_BYTES } from '../../domain/work-order/photo.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { assertOwnJob, sessionOf } from '../plugins/auth.ts';
import { assertOrderVisible } from './work-order-reach.ts';
import { HttpProblem } from '../plugins/problems.ts';

const staff = { roles: ['owner', 'manager'] as const };
const crew = { roles: ['owner', 'manager', 'mechanic'] as const };
const created = { 201: workOrder, ...errors } as const;

/** Findings with photos (the mechanic), the client's approval asked in their messenger (the manager). */
export const workOrderVisitRoutes = async (app: ContractApp, { visit, commands }: AppDeps) => {
  const visibleOrder = async (request: Parameters<typeof sessionOf>[0], workOrderId: string) => {
    const session = sessionOf(request);
    const actor = { orgId: session.orgId, userId: session.userId };
    assertOrderVisible(session, (await visit.load(actor, workOrderId)).branchId, workOrderId);
    return actor;
  };

  /** An order a finding goes on: a mechanic writes only on their own job (or one nobody was given). */
  const writableOrder = async (request: Parameters<typeof sessionOf>[0], workOrderId: string) => {
    const session = sessionOf(request);
    const actor = { orgId: session.orgId, userId: session.userId };
    const order = await visit.load(actor, workOrderId);
    assertOrderVisible(session, order.branchId, workOrderId);
    if (session.role === 'mechanic') assertOwnJob(session, (await commands.loadBooking(actor, order.bookingId)).mechanicId);
    return actor;
  };

  // A photo comes as the body itself; its declared type only lets it in, its first bytes decide.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: PHOTO_LIMIT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/work-orders/:id/photos',
    {
      config: crew,
      bodyLimit: PHOTO_LIMIT_BYTES,
      schema: {
        tags: ['work-orders'],
        params: workOrderParams,
        body: photoUploadBody,
        response: { 201: uploadedPhoto, ...errors, 413: errors[400], 415: errors[400] },
      },
    },
    async (request, reply) => {
      const actor = await writableOrder(request, request.params.id);
      if (!Buffer.isBuffer(request.body)) throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the photo as the body');
      return reply.status(201).send({ photoId: await visit.uploadPhoto(actor, request.params.id, request.body) });
    },
  );

  app.get(
    '/api/work-orders/:id/photos/:photoId',
    {
      config: crew,
      schema: {
        tags: ['work-orders'],
        params: photoParams,
        response: { 200: { content: { 'image/jpeg': { schema: { description: 'The photo, without metadata' } } } }, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await visibleOrder(request, request.params.id);
      const photo = await visit.photo(actor, request.params.id, request.params.photoId);
      if (!photo) throw new HttpProblem(404, 'NOT_FOUND', 'Photo not found');
      return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(photo);
    },
  );

  app.post(
    '/api/work-orders/:id/findings',
    { config: crew, schema: { tags: ['work-orders'], params: workOrderParams, body: addFindingBody, response: created } },
    async (request, reply) => {
      const actor = await writableOrder(request, request.params.id);
      return reply.status(201).send(await visit.addFinding(actor, request.params.id, request.body));
    },
  );

  app.post(
    '/api/work-orders/:id/approval-requests',
    { config: staff, schema: { tags: ['work-orders'], params: workOrderParams, body: approvalRequestBody, response: created } },
    async (request, reply) => {
      const actor = await visibleOrder(request, request.params.id);
      return reply.status(201).send(await visit.requestApproval(actor, request.params.id, request.body));
    },
  );
};
