import { DomainError } from '../shared/errors.ts';
import type { Decider } from '../shared/decider.ts';

// ───────────────────────────── Events ─────────────────────────────
// One import of one file: the batch id is a SHA-256 over the file's bytes, the sheet read and the
// column mapping, so the same reading of a file is the same batch wherever and whenever it is
// uploaded. The event holds no personal data: counts, row numbers and reasons, the ids of the
// clients rows merged into, and the file's name.

export type ImportCounts = { rows: number; created: number; merged: number; rejected: number; unchanged: number };

/**
 * A row that updated a client already known: by id only, never by name or phone. `keptProfile`: the
 * client is served by a branch the importer does not work in, so the row added its car and visits
 * and left the name and contacts that branch keeps.
 */
export type ImportMerge = { row: number; clientId: string; keptProfile?: true };

export type ImportCommitted = {
  type: 'ImportCommitted';
  data: ImportCounts & {
    batchId: string;
    orgId: string;
    branchId: string | null;
    fileName: string;
    format: string;
    rejections: { row: number; reason: string }[];
    /** Absent in batches committed before merges were recorded. */
    merges?: ImportMerge[];
    committedBy: string | null;
    committedAt: string;
  };
};

export type ImportBatchEvent = ImportCommitted;

// ───────────────────────────── State ─────────────────────────────

export type ImportBatch = { status: 'Open' } | { status: 'Committed'; batchId: string; counts: ImportCounts };

export const initialState = (): ImportBatch => ({ status: 'Open' });

export const evolve = (state: ImportBatch, event: ImportBatchEvent): ImportBatch => {
  switch (event.type) {
    case 'ImportCommitted': {
      const { rows, created, merged, rejected, unchanged } = event.data;
      return { status: 'Committed', batchId: event.data.batchId, counts: { rows, created, merged, rejected, unchanged } };
    }
    default:
      return state;
  }
};

// ───────────────────────────── Commands ─────────────────────────────

export type CommitImport = {
  type: 'CommitImport';
  data: Omit<ImportCommitted['data'], 'committedAt' | 'committedBy'>;
  metadata: { now: string; userId: string | null };
};

export type ImportBatchCommand = CommitImport;

/** Closes the batch after its rows were appended; a batch is committed once. */
export const commitImport = ({ data, metadata }: CommitImport, state: ImportBatch): ImportBatchEvent[] => {
  if (state.status === 'Committed')
    throw new DomainError('VALIDATION', 'This file was already imported', { batchId: data.batchId });
  return [{ type: 'ImportCommitted', data: { ...data, committedBy: metadata.userId, committedAt: metadata.now } }];
};

export const decide = (command: ImportBatchCommand, state: ImportBatch): ImportBatchEvent[] => {
  switch (command.type) {
    case 'CommitImport':
      return commitImport(command, state);
    default: {
      const unknown: never = command.type;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const importBatchDecider: Decider<ImportBatch, ImportBatchCommand, ImportBatchEvent> = { decide, evolve, initialState };

/**
 * One stream per organization and file: two organizations may import the same file, and one must
 * not learn from the other's stream that it did.
 */
export const importStreamName = (orgId: string, batchId: string): string => `import-${orgId}_${batchId}`;

/** SHA-256 in hex: 64 characters, no dash, so the stream type stays «import». */
export const isBatchId = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);
