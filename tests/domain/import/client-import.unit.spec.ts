import { describe, expect, it } from 'vitest';
import { ClientErasedError, clientDecider, type ClientCommand } from '../../../domain/client/business-logic.ts';
import type { ClientEvent } from '../../../domain/client/client.ts';
import { importBatchDecider, type ImportBatchEvent } from '../../../domain/import/batch.ts';
import type { Sealed } from '../../../domain/shared/sealed.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(clientDecider);
const now = '2025-03-03T06:00:00.000Z';
const metadata = { now, userId: 'manager-1' };
const profile: Sealed = { iv: 'aXYx', data: 'cHJvZmlsZQ==' };
const batchId = 'a'.repeat(64);

const importRow = (clientId: string, row: number, batch = batchId): ClientCommand => ({
  type: 'ImportClient',
  data: { clientId, orgId: 'org-1', batchId: batch, row, phoneHash: 'hash', profile, visits: 3, lastVisitAt: '2024-01-02' },
  metadata,
});
const imported = (clientId: string, row: number, batch = batchId): ClientEvent => ({
  type: 'ClientImported',
  data: {
    clientId,
    orgId: 'org-1',
    batchId: batch,
    row,
    phoneHash: 'hash',
    profile,
    visits: 3,
    lastVisitAt: '2024-01-02',
    importedAt: now,
  },
});
const registered = (clientId: string): ClientEvent => ({
  type: 'ClientRegistered',
  data: { clientId, orgId: 'org-1', phoneHash: 'hash', profile, channel: 'telegram', registeredAt: now },
});

describe('Client', () => {
  describe('when a row of an imported list is applied', () => {
    it('registers an unknown client with ClientImported', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([])
        .when(importRow(clientId, 2))
        .then([imported(clientId, 2)]);
    });

    it('merges into a client who registered through a booking', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(importRow(clientId, 2))
        .then([imported(clientId, 2)]);
    });

    it('merges a repeat of the phone further down the same file', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([imported(clientId, 2)])
        .when(importRow(clientId, 22))
        .then([imported(clientId, 22)]);
    });

    it('treats the same row of the same file as a no-op', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([imported(clientId, 2), imported(clientId, 22)])
        .when(importRow(clientId, 2))
        .then([]);
    });

    it('applies the same row number of another file', () => {
      const clientId = crypto.randomUUID();
      const other = 'b'.repeat(64);
      spec
        .given([imported(clientId, 2)])
        .when(importRow(clientId, 2, other))
        .then([imported(clientId, 2, other)]);
    });

    it('refuses an erased client with a typed error', () => {
      const clientId = crypto.randomUUID();
      const erased: ClientEvent = {
        type: 'ClientErased',
        data: { clientId, reason: 'subject_request', erasedBy: null, erasedAt: now },
      };
      spec
        .given([imported(clientId, 2), erased])
        .when(importRow(clientId, 3))
        .thenThrows('VALIDATION');
      const state = [imported(clientId, 2), erased].reduce(clientDecider.evolve, clientDecider.initialState());
      expect(() => clientDecider.decide(importRow(clientId, 3), state)).toThrow(ClientErasedError);
    });

    it('lets cars be added to an imported client', () => {
      const clientId = crypto.randomUUID();
      const car: Sealed = { iv: 'aXYy', data: 'Y2Fy' };
      spec
        .given([imported(clientId, 2)])
        .when({ type: 'AddCar', data: { clientId, carId: 'car-1', car }, metadata })
        .then([{ type: 'CarAdded', data: { clientId, carId: 'car-1', car, addedAt: now } }]);
    });
  });
});

describe('Import batch', () => {
  const batchSpec = deciderSpec(importBatchDecider);
  const data = {
    batchId,
    orgId: 'org-1',
    branchId: null,
    fileName: 'clients.csv',
    format: 'csv',
    rows: 3,
    created: 1,
    merged: 1,
    rejected: 1,
    unchanged: 0,
    rejections: [{ row: 4, reason: 'NO_PHONE' }],
  };
  const committed: ImportBatchEvent = { type: 'ImportCommitted', data: { ...data, committedBy: 'manager-1', committedAt: now } };

  it('records ImportCommitted once', () => {
    batchSpec.given([]).when({ type: 'CommitImport', data, metadata }).then([committed]);
  });

  it('refuses to commit the same file twice', () => {
    batchSpec.given([committed]).when({ type: 'CommitImport', data, metadata }).thenThrows('VALIDATION');
  });
});
