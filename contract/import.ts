import { importFields, type ImportField } from '../domain/import/fields.ts';
import { boolean, integer, nullableInteger, nullableText, text, texts, type Shape } from './shared.ts';

/** The fields a column can mean: the importer's own list. */
export { importFields, type ImportField };

const field = { type: 'string', enum: importFields } as const;
const nullableField = { type: ['string', 'null'], enum: [...importFields, null] } as const;

// ---- Requests: the file travels as the raw body each time, so nothing personal is kept between steps.
export const importFileQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
    sheet: { type: 'string', minLength: 1, maxLength: 100 },
    mapping: {
      type: 'string',
      maxLength: 2000,
      description: `JSON object of corrections to the detected mapping: field → 0-based column index or null. Fields: ${importFields.join(', ')}`,
    },
    branchId: { type: 'string', format: 'uuid' },
  },
} as const;
export type ImportFileQuery = Shape<typeof importFileQuery>;
export const importFileBody = {
  description: 'The file itself as the request body (CSV, .xlsx or a 1C export), any content type, up to 50 MB',
} as const;
export const batchParams = {
  type: 'object',
  required: ['batchId'],
  additionalProperties: false,
  properties: { batchId: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
} as const;

// ---- Answers
export const importCounts = {
  type: 'object',
  required: ['rows', 'created', 'merged', 'rejected', 'unchanged'],
  additionalProperties: false,
  properties: { rows: integer, created: integer, merged: integer, rejected: integer, unchanged: integer },
} as const;
export type ImportCounts = Shape<typeof importCounts>;

/** A refused row: its number and why (the value and field only in a preview, to the uploader). */
export const rejection = {
  type: 'object',
  required: ['row', 'reason', 'message'],
  additionalProperties: false,
  properties: { row: integer, reason: text, message: text, value: text, field },
} as const;
export type Rejection = Shape<typeof rejection>;
const rejections = { type: 'array', items: rejection } as const;

export const sampleRow = {
  type: 'object',
  required: ['row', 'name', 'phone', 'visits', 'lastVisitAt'],
  additionalProperties: false,
  properties: {
    row: integer,
    name: text,
    phone: text,
    /** «доб. 123» kept apart from the number. */
    extension: text,
    /** The cell's other numbers, after the first. */
    phones: {
      type: 'array',
      items: { type: 'object', required: ['phone'], additionalProperties: false, properties: { phone: text, extension: text } },
    },
    email: text,
    comment: text,
    car: { type: 'object', additionalProperties: false, properties: { make: text, model: text, plate: text } },
    visits: nullableInteger,
    lastVisitAt: nullableText,
  },
} as const;
export type SampleRow = Shape<typeof sampleRow>;

export const previewColumn = {
  type: 'object',
  required: ['index', 'header', 'detected', 'field', 'samples'],
  additionalProperties: false,
  properties: { index: integer, header: text, detected: nullableField, field: nullableField, samples: texts },
} as const;
export type PreviewColumn = Shape<typeof previewColumn>;

export const importPreview = {
  type: 'object',
  additionalProperties: false,
  required: [
    'batchId',
    'fileName',
    'format',
    'encoding',
    'delimiter',
    'sheets',
    'sheet',
    'headerRow',
    'columns',
    'mapping',
    'sample',
    'counts',
    'rejections',
    'alreadyImported',
  ],
  properties: {
    /** The file's SHA-256: the same file is the same batch. */
    batchId: text,
    fileName: text,
    format: { type: 'string', enum: ['csv', 'xlsx', 'xls', 'html'] },
    encoding: { type: ['string', 'null'], enum: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', null] },
    delimiter: { type: ['string', 'null'], enum: [';', ',', '\t', '|', null] },
    sheets: texts,
    sheet: nullableText,
    headerRow: integer,
    columns: { type: 'array', items: previewColumn },
    /** field → 0-based column index, as detected and corrected. */
    mapping: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(importFields.map((f) => [f, integer])),
    },
    sample: { type: 'array', items: sampleRow },
    counts: importCounts,
    rejections,
    alreadyImported: boolean,
  },
} as const;
export type ImportPreview = Omit<Shape<typeof importPreview>, 'mapping'> & { mapping: Partial<Record<ImportField, number>> };

/** A file row that joined a client already known (by phone): ids only, nothing personal. */
const importMerges = {
  type: 'array',
  items: {
    type: 'object',
    required: ['row', 'clientId'],
    additionalProperties: false,
    properties: { row: integer, clientId: text },
  },
} as const;

export const importResult = {
  type: 'object',
  required: ['status', 'batchId', 'fileName', 'counts', 'rejections', 'merges', 'message', 'reportUrl'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['imported', 'already-imported'] },
    batchId: text,
    fileName: text,
    counts: importCounts,
    rejections,
    merges: importMerges,
    message: text,
    /** The rejection report of the batch (CSV: row numbers and reasons, nothing personal). */
    reportUrl: text,
  },
} as const;
export type ImportResult = Shape<typeof importResult>;

/** A committed batch: counts and rejected rows (numbers and reasons, no personal data). */
export const importBatch = {
  type: 'object',
  required: [
    'batchId',
    'orgId',
    'branchId',
    'fileName',
    'format',
    'rejections',
    'merges',
    'committedBy',
    'committedAt',
    'rows',
    'created',
    'merged',
    'rejected',
    'unchanged',
  ],
  additionalProperties: false,
  properties: {
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
  },
} as const;
export type ImportBatch = Shape<typeof importBatch>;

export const importProgress = {
  type: 'object',
  required: ['running'],
  additionalProperties: false,
  properties: { running: boolean, rows: integer, fraction: { type: 'number' } },
} as const;
export type ImportProgress = Shape<typeof importProgress>;
