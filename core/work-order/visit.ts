import { randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId, requireMultiLine } from '../../domain/shared/input-rules.ts';
import type { ApprovalEvidence, OpenWorkOrder } from '../../domain/work-order/work-order.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../shared/actor.ts';
import type { Vault } from '../vault/vault.ts';
import { createLoadOrder, createOrderCommand } from './order-stream.ts';
import type { PhotoStore } from './photos.ts';

export type FindingInput = { note?: string; photoIds?: string[] };
export type ApprovalInput = { lineIds?: string[]; findingIds?: string[] };
export type ClientAnswer = {
  workOrderId: string;
  requestId: string;
  approve: boolean;
  clientId: string;
  evidence: ApprovalEvidence;
};

const photosOf = (order: OpenWorkOrder) => new Set(order.findings.flatMap((finding) => finding.photoIds));

/**
 * The visit on the work order: a mechanic's findings with photos, the estimate and additional works
 * sent to the client for approval, and the client's answer from their messenger.
 */
export const createVisitCommands = (deps: { store: EventStore; vault: Vault; photos: PhotoStore; now: () => number }) => {
  const onOrder = createOrderCommand(deps);
  const load = createLoadOrder(deps.store);

  return {
    /** Stores a photo for a finding of this order; refused once the order's lines are closed. */
    uploadPhoto: async (actor: Actor, workOrderId: string, bytes: Buffer): Promise<string> => {
      const order = await load(actor, workOrderId);
      if (!['Draft', 'Agreed', 'InWork'].includes(order.status)) {
        throw new DomainError('ILLEGAL_TRANSITION', `A work order in ${order.status} takes no more findings`, {
          from: order.status,
        });
      }
      return deps.photos.save(order, bytes);
    },

    addFinding: (actor: Actor, workOrderId: string, input: FindingInput) =>
      onOrder(actor, workOrderId, async (order) => {
        const photoIds = (input.photoIds ?? []).map((photoId) => requireId(photoId, 'photoIds'));
        for (const photoId of photoIds) {
          if (!(await deps.photos.read(order, photoId))) {
            throw new DomainError('NOT_FOUND', 'Photo not found', { photoId });
          }
        }
        const note = input.note === undefined || input.note.trim() === '' ? null : requireMultiLine(input.note, 'note', 1000);
        return {
          type: 'AddFinding',
          data: {
            workOrderId,
            findingId: randomUUID(),
            // A mechanic's words about the client's car stay readable only while the client's key exists.
            note: note === null ? null : await deps.vault.seal(order.clientId, { note }),
            photoIds,
          },
        };
      }),

    requestApproval: (actor: Actor, workOrderId: string, input: ApprovalInput) =>
      onOrder(actor, workOrderId, () => ({
        type: 'RequestApproval',
        data: {
          workOrderId,
          requestId: randomUUID(),
          lineIds: input.lineIds?.map((lineId) => requireId(lineId, 'lineIds')) ?? null,
          findingIds: (input.findingIds ?? []).map((findingId) => requireId(findingId, 'findingIds')),
        },
      })),

    /** The client's tap in a messenger: the client acts for themselves (no staff user). */
    answer: (orgId: string, answer: ClientAnswer) =>
      onOrder({ orgId, userId: null }, answer.workOrderId, () => ({ type: 'DecideApproval', data: answer })),

    /** A photo of one of the order's findings, or null (not this order's, or the client was erased). */
    photo: async (actor: Actor, workOrderId: string, photoId: string): Promise<Buffer | null> => {
      const order = await load(actor, workOrderId);
      return photosOf(order).has(photoId) ? deps.photos.read(order, photoId) : null;
    },

    load,
  };
};

export type VisitCommands = ReturnType<typeof createVisitCommands>;
