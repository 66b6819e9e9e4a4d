/** The import API's answers as the page uses them (contract/import.ts). */

// The fields a column can mean are the importer's own list (pure domain code, no server imports).
import type { ImportField } from '../../../../domain/import/fields.ts';
import { importLimits } from '../../../../domain/import/limits.ts';

export { importFields as IMPORT_FIELDS, isImportField } from '../../../../domain/import/fields.ts';
export type { ImportField };

/** The server's limit on the upload, checked here too so a huge file is never sent. */
export const MAX_IMPORT_MB = importLimits.fileBytes / 1024 / 1024;

// The answers themselves are contract/import.ts's types, imported type-only.
export type {
  ImportBatch,
  ImportCounts,
  ImportPreview,
  ImportProgress,
  ImportResult,
  PreviewColumn,
  Rejection,
  SampleRow,
} from '../../../../contract/import.ts';

/** Field → column, or null to leave the field out: the corrections the API takes as `mapping`. */
export type Corrections = Partial<Record<ImportField, number | null>>;
