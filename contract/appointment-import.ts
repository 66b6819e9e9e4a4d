import { boolean, integer, isoDate, nullableInteger, nullableText, text, texts, timeOfDay, type Shape } from './shared.ts';

// The import of a station's diary of upcoming visits: the file travels as the raw body of both
// steps, the station's answers (works → service, rows booked anyway) as query parameters.

export const appointmentImportQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  properties: {
    fileName: { type: 'string', minLength: 1, maxLength: 255 },
    sheet: { type: 'string', minLength: 1, maxLength: 100 },
    branchId: { type: 'string', format: 'uuid' },
    services: {
      type: 'string',
      maxLength: 20_000,
      description: 'JSON object: the works as the file writes them → a service id, or null to leave those rows out',
    },
    placeAnyway: {
      type: 'string',
      maxLength: 2000,
      description: 'JSON array of row numbers flagged as the same car at the same time that are booked anyway',
    },
  },
} as const;
export type AppointmentImportQuery = Shape<typeof appointmentImportQuery>;

const rowNumbers = { type: 'array', items: integer } as const;

export const appointmentWorks = {
  type: 'object',
  required: ['text', 'rows', 'suggestedServiceId', 'serviceId', 'confirmed'],
  additionalProperties: false,
  properties: {
    text,
    rows: rowNumbers,
    /** The catalogue's service whose name shares the most words, when one does. */
    suggestedServiceId: nullableText,
    /** The service the rows will be booked for: the station's answer, else the suggestion. */
    serviceId: nullableText,
    confirmed: boolean,
  },
} as const;
export type AppointmentWorks = Shape<typeof appointmentWorks>;

export const appointmentPreviewRow = {
  type: 'object',
  required: ['row', 'date', 'time', 'name', 'bay', 'bayId', 'works', 'serviceId', 'sameCarAs', 'alreadyBooked'],
  additionalProperties: false,
  properties: {
    row: integer,
    date: isoDate,
    time: timeOfDay,
    name: text,
    /** The bay as the file names it, and the bay of the branch it is (null: not found, or any bay). */
    bay: nullableText,
    bayId: nullableText,
    works: text,
    serviceId: nullableText,
    /** An earlier row with the same car at the same time: this row waits for the station's decision. */
    sameCarAs: nullableInteger,
    alreadyBooked: boolean,
  },
} as const;
export type AppointmentPreviewRow = Shape<typeof appointmentPreviewRow>;

const refusedRow = {
  type: 'object',
  required: ['row', 'reason', 'message'],
  additionalProperties: false,
  properties: { row: integer, reason: text, message: text },
} as const;

export const appointmentPreview = {
  type: 'object',
  required: ['fileName', 'format', 'sheets', 'sheet', 'headerRow', 'works', 'appointments', 'rejections', 'unknownBays'],
  additionalProperties: false,
  properties: {
    fileName: text,
    format: { type: 'string', enum: ['csv', 'xlsx', 'xls', 'html'] },
    sheets: texts,
    sheet: nullableText,
    headerRow: integer,
    works: { type: 'array', items: appointmentWorks },
    appointments: { type: 'array', items: appointmentPreviewRow },
    rejections: { type: 'array', items: refusedRow },
    unknownBays: texts,
  },
} as const;
export type AppointmentPreview = Shape<typeof appointmentPreview>;

export const appointmentOutcome = {
  type: 'object',
  required: ['row', 'outcome'],
  additionalProperties: false,
  properties: {
    row: integer,
    outcome: { type: 'string', enum: ['placed', 'unchanged', 'conflict', 'refused'] },
    bookingId: text,
    start: text,
    bayId: text,
    /** A conflict: the row of the file whose booking holds the time (null: a booking already in the CRM). */
    collidesWithRow: nullableInteger,
    reason: text,
    message: text,
  },
} as const;
export type AppointmentOutcome = Shape<typeof appointmentOutcome>;

export const appointmentImportResult = {
  type: 'object',
  required: ['fileName', 'counts', 'rows'],
  additionalProperties: false,
  properties: {
    fileName: text,
    counts: {
      type: 'object',
      required: ['rows', 'placed', 'unchanged', 'conflicts', 'refused'],
      additionalProperties: false,
      properties: { rows: integer, placed: integer, unchanged: integer, conflicts: integer, refused: integer },
    },
    rows: { type: 'array', items: appointmentOutcome },
  },
} as const;
export type AppointmentImportResult = Shape<typeof appointmentImportResult>;
