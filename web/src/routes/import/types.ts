/** The import API's answers as the page uses them (core/import/import-commands.ts). */

// The fields a column can mean are the importer's own list (pure domain code, no server imports).
import type { ImportField } from '../../../../domain/import/fields.ts';
import { importLimits } from '../../../../domain/import/limits.ts';

export { importFields as IMPORT_FIELDS, isImportField } from '../../../../domain/import/fields.ts';
export type { ImportField };

/** The server's limit on the upload, checked here too so a huge file is never sent. */
export const MAX_IMPORT_MB = importLimits.fileBytes / 1024 / 1024;

export type ImportCounts = { rows: number; created: number; merged: number; rejected: number; unchanged: number };

export type Rejection = { row: number; reason: string; message: string };

export type PreviewColumn = {
  index: number;
  header: string;
  detected: ImportField | null;
  field: ImportField | null;
  samples: string[];
};

export type SampleRow = {
  row: number;
  name: string;
  phone: string;
  email?: string;
  comment?: string;
  car?: { make?: string; model?: string; plate?: string };
  visits: number | null;
  lastVisitAt: string | null;
};

export type ImportPreview = {
  batchId: string;
  fileName: string;
  format: 'csv' | 'xlsx' | 'xls' | 'html';
  sheets: string[];
  sheet: string | null;
  columns: PreviewColumn[];
  sample: SampleRow[];
  counts: ImportCounts;
  rejections: Rejection[];
  alreadyImported: boolean;
};

export type ImportResult = {
  status: 'imported' | 'already-imported';
  batchId: string;
  fileName: string;
  counts: ImportCounts;
  rejections: Rejection[];
  reportUrl: string;
};

/** GET /api/imports/:batchId: the committed batch. */
export type ImportBatch = ImportCounts & { committedAt: string; rejections: Rejection[] };

export type ImportProgress = { running: boolean; rows?: number; fraction?: number };

/** Field → column, or null to leave the field out: the corrections the API takes as `mapping`. */
export type Corrections = Partial<Record<ImportField, number | null>>;
