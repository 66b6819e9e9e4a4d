import { importFields, type ImportField } from '../domain/import/fields.ts';
import { boolean, integer, list, nullableInteger, nullableText, obj, text, texts, type Shape } from './shared.ts';

/** The fields a column can mean: the importer's own list. */
export { importFields, type ImportField };

const field = { type: 'string', enum: importFields } as const;
const nullableField = { type: ['string', 'null'], enum: [...importFields, null] } as const;

// ---- Requests: the file travels as the raw body each time, so nothing personal is kept between steps.
export const importFileQuery = obj(
  {
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
    sheet: { type: 'string', minLength: 1, maxLength: 100 },
    mapping: {
      type: 'string',
      maxLength: 2000,
      description: `JSON object of corrections to the detected mapping: field → 0-based column index or null. Fields: ${importFields.join(', ')}`,
    },
    branchId: { type: 'string', format: 'uuid' },
  },
  [],
);
export type ImportFileQuery = Shape<typeof importFileQuery>;
export const importFileBody = {
  description: 'The file itself as the request body (CSV, .xlsx or a 1C export), any content type, up to 50 MB',
} as const;
export const batchParams = obj({ batchId: { type: 'string', pattern: '^[0-9a-f]{64}$' } });

// ---- Answers
export const importCounts = obj({ rows: integer, created: integer, merged: integer, rejected: integer, unchanged: integer });
export type ImportCounts = Shape<typeof importCounts>;

/** A refused row: its number and why (the value and field only in a preview, to the uploader). */
export const rejection = obj({ row: integer, reason: text, message: text, value: text, field }, ['row', 'reason', 'message']);
export type Rejection = Shape<typeof rejection>;
const rejections = list(rejection);

export const sampleRow = obj(
  {
    row: integer,
    name: text,
    phone: text,
    /** «доб. 123» kept apart from the number. */
    extension: text,
    /** The cell's other numbers, after the first. */
    phones: list(obj({ phone: text, extension: text }, ['phone'])),
    email: text,
    comment: text,
    car: obj({ make: text, model: text, plate: text }, []),
    visits: nullableInteger,
    lastVisitAt: nullableText,
  },
  ['row', 'name', 'phone', 'visits', 'lastVisitAt'],
);
export type SampleRow = Shape<typeof sampleRow>;

export const previewColumn = obj({ index: integer, header: text, detected: nullableField, field: nullableField, samples: texts });
export type PreviewColumn = Shape<typeof previewColumn>;

export const importPreview = obj({
  /** The file's SHA-256: the same file is the same batch. */
  batchId: text,
  fileName: text,
  format: { type: 'string', enum: ['csv', 'xlsx', 'xls', 'html'] },
  encoding: { type: ['string', 'null'], enum: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', null] },
  delimiter: { type: ['string', 'null'], enum: [';', ',', '\t', '|', null] },
  sheets: texts,
  sheet: nullableText,
  headerRow: integer,
  columns: list(previewColumn),
  /** field → 0-based column index, as detected and corrected. */
  mapping: obj(Object.fromEntries(importFields.map((f) => [f, integer])), []),
  sample: list(sampleRow),
  counts: importCounts,
  rejections,
  alreadyImported: boolean,
});
export type ImportPreview = Omit<Shape<typeof importPreview>, 'mapping'> & { mapping: Partial<Record<ImportField, number>> };

/**
 * A file row that joined a client already known (by phone): ids only, nothing personal. `keptProfile`:
 * the client is another branch's, whose name and contacts the row left as they were.
 */
const importMerges = list(
  obj({ row: integer, clientId: text, keptProfile: { type: 'boolean', enum: [true] } }, ['row', 'clientId']),
);

export const importResult = obj({
  status: { type: 'string', enum: ['imported', 'already-imported'] },
  batchId: text,
  fileName: text,
  counts: importCounts,
  rejections,
  merges: importMerges,
  message: text,
  /** The rejection report of the batch (CSV: row numbers and reasons, nothing personal). */
  reportUrl: text,
});
export type ImportResult = Shape<typeof importResult>;

/** A committed batch: counts and rejected rows (numbers and reasons, no personal data). */
export const importBatch = obj({
  ...importCounts.properties,
  batchId: text,
  orgId: text,
  branchId: nullableText,
  fileName: text,
  format: text,
  rejections,
  merges: importMerges,
  committedBy: nullableText,
  committedAt: text,
});
export type ImportBatch = Shape<typeof importBatch>;

export const importProgress = obj({ running: boolean, rows: integer, fraction: { type: 'number' } }, ['running']);
export type ImportProgress = Shape<typeof importProgress>;
