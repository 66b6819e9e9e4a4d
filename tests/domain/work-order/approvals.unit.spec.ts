import { describe, expect, it } from 'vitest';
import { workOrderDecider, type WorkOrderCommand } from '../../../domain/work-order/business-logic.ts';
import type { OrderLine } from '../../../domain/work-order/money.ts';
import { requirePhotoType } from '../../../domain/work-order/photo.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { WorkOrderEvent } from '../../../domain/work-order/work-order.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(workOrderDecider);
const id = '00000000-0000-4000-8000-000000000001';
const metadata = { now: '2026-03-12T10:00:00.000Z', userId: 'u1' };
const evidence = { channel: 'telegram', messageId: '42', updateId: 7, callbackId: 'q1' };

const opened: WorkOrderEvent = {
  type: 'WorkOrderOpened',
  data: {
    workOrderId: id,
    orgId: 'o',
    branchId: 'b',
    bookingId: 'k',
    clientId: 'c',
    number: 3,
    vatMode: 'none',
    vehicle: null,
    odometerKm: null,
    openedBy: 'u1',
    openedAt: metadata.now,
  },
};
const part = (lineId: string, unitPriceKopecks: number): OrderLine => ({
  lineId,
  kind: 'part',
  name: `Деталь ${lineId}`,
  serviceId: null,
  pricing: null,
  article: null,
  manufacturer: null,
  quantityMilli: 1000,
  unitPriceKopecks,
  discountPercent: 0,
});
const added = (line: OrderLine): WorkOrderEvent => ({
  type: 'WorkOrderLineAdded',
  data: { workOrderId: id, line, addedBy: 'u1', addedAt: metadata.now },
});
const requested = (
  requestId: string,
  scope: 'estimate' | 'additional',
  lineIds: string[],
  totalKopecks: number,
): WorkOrderEvent => ({
  type: 'ApprovalRequested',
  data: {
    workOrderId: id,
    requestId,
    scope,
    lineIds,
    totalKopecks,
    findingIds: [],
    requestedBy: 'u1',
    requestedAt: metadata.now,
  },
});
const decision = (requestId: string, scope: 'estimate' | 'additional', lineIds: string[], totalKopecks: number) => ({
  workOrderId: id,
  requestId,
  scope,
  lineIds,
  totalKopecks,
  evidence,
  decidedAt: metadata.now,
});
const answer = (requestId: string, approve: boolean, clientId = 'c') =>
  ({ type: 'DecideApproval', data: { workOrderId: id, requestId, approve, clientId, evidence }, metadata }) as WorkOrderCommand;
const agreed: WorkOrderEvent = {
  type: 'WorkOrderAgreed',
  data: { workOrderId: id, totalKopecks: 1000, agreedBy: null, agreedAt: metadata.now },
};
const draft = [opened, added(part('a', 1000))];

describe('The client approves in the messenger', () => {
  it('sends the whole draft as the estimate, with its total', () => {
    spec
      .given(draft)
      .when({ type: 'RequestApproval', data: { workOrderId: id, requestId: 'r1', lineIds: null, findingIds: [] }, metadata })
      .then([requested('r1', 'estimate', ['a'], 1000)]);
  });

  it('agrees the order when the client approves the estimate, recording the evidence; a second tap books nothing', () => {
    const given = [...draft, requested('r1', 'estimate', ['a'], 1000)];
    spec
      .given(given)
      .when(answer('r1', true))
      .then([{ type: 'ClientApproved', data: decision('r1', 'estimate', ['a'], 1000) }, agreed]);
    spec
      .given([...given, { type: 'ClientApproved', data: decision('r1', 'estimate', ['a'], 1000) }, agreed])
      .when(answer('r1', false))
      .then([]);
  });

  it('refuses a tap on an estimate changed since it was sent, and one from another client', () => {
    const given = [...draft, requested('r1', 'estimate', ['a'], 1000)];
    spec
      .given([...given, added(part('b', 500))])
      .when(answer('r1', true))
      .thenThrows('TOTAL_MISMATCH');
    spec
      .given(given)
      .when(answer('r1', true, 'someone-else'))
      .thenThrows('NOT_FOUND');
  });

  it('asks for additional works only once agreed, only for lines the client has not agreed to', () => {
    const inWork = [...draft, agreed, added(part('b', 500))];
    const ask = (lineIds: string[]) =>
      ({
        type: 'RequestApproval',
        data: { workOrderId: id, requestId: 'r2', lineIds, findingIds: [] },
        metadata,
      }) as WorkOrderCommand;
    spec
      .given(inWork)
      .when(ask(['b']))
      .then([requested('r2', 'additional', ['b'], 500)]);
    spec
      .given(inWork)
      .when(ask(['a']))
      .thenThrows('VALIDATION');
    spec
      .given(inWork)
      .when(ask(['zz']))
      .thenThrows('NOT_FOUND');
    spec
      .given(draft)
      .when(ask(['a']))
      .thenThrows('ILLEGAL_TRANSITION');
  });

  it('takes declined additional works off the order and keeps them as recommendations', () => {
    const given = [...draft, agreed, added(part('b', 500)), requested('r2', 'additional', ['b'], 500)];
    const declined: WorkOrderEvent = { type: 'ClientDeclined', data: decision('r2', 'additional', ['b'], 500) };
    spec.given(given).when(answer('r2', false)).then([declined]);
    const state = [...given, declined].reduce(workOrderDecider.evolve, workOrderDecider.initialState());
    expect(state.status === 'Empty' ? null : state.lines.map((line) => line.lineId)).toEqual(['a']);
    expect(state.status === 'Empty' ? null : state.declined.map((line) => line.lineId)).toEqual(['b']);
  });

  it('refuses a finding with neither a note nor a photo', () => {
    spec
      .given(draft)
      .when({ type: 'AddFinding', data: { workOrderId: id, findingId: 'f', note: null, photoIds: [] }, metadata })
      .thenThrows('VALIDATION');
  });
});

describe('A photo by its first bytes', () => {
  const refusal = (bytes: Uint8Array) => {
    try {
      requirePhotoType(bytes);
    } catch (error) {
      return error instanceof DomainError ? error.message : String(error);
    }
    return 'taken';
  };

  it('takes JPEG, PNG and WebP and refuses the rest, HEIC with its own words', () => {
    expect(requirePhotoType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(requirePhotoType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(requirePhotoType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('webp');
    expect(refusal(Buffer.concat([Buffer.alloc(4), Buffer.from('ftypheic')]))).toContain('HEIC');
    expect(refusal(Buffer.from('%PDF-1.7'))).toContain('not a JPEG, PNG or WebP');
    expect(refusal(new Uint8Array())).toContain('empty');
  });
});
