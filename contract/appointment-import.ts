import {
  boolean,
  integer,
  isoDate,
  list,
  nullableInteger,
  nullableText,
  obj,
  text,
  texts,
  timeOfDay,
  type Shape,
} from './shared.ts';

// The import of a station's diary of upcoming visits: the file travels as the raw body of both
// steps, the station's answers (works → service, rows booked anyway) as query parameters.

export const appointmentImportQuery = obj(
  {
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
  ['branchId'],
);
export type AppointmentImportQuery = Shape<typeof appointmentImportQuery>;

export const appointmentWorks = obj({
  text,
  rows: list(integer),
  /** The catalogue's service whose name shares the most words, when one does. */
  suggestedServiceId: nullableText,
  /** The service the rows will be booked for: the station's answer, else the suggestion. */
  serviceId: nullableText,
  confirmed: boolean,
});
export type AppointmentWorks = Shape<typeof appointmentWorks>;

export const appointmentPreviewRow = obj({
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
});
export type AppointmentPreviewRow = Shape<typeof appointmentPreviewRow>;

export const appointmentPreview = obj({
  fileName: text,
  format: { type: 'string', enum: ['csv', 'xlsx', 'xls', 'html'] },
  sheets: texts,
  sheet: nullableText,
  headerRow: integer,
  works: list(appointmentWorks),
  appointments: list(appointmentPreviewRow),
  rejections: list(obj({ row: integer, reason: text, message: text })),
  unknownBays: texts,
});
export type AppointmentPreview = Shape<typeof appointmentPreview>;

export const appointmentOutcome = obj(
  {
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
  ['row', 'outcome'],
);
export type AppointmentOutcome = Shape<typeof appointmentOutcome>;

export const appointmentImportResult = obj({
  fileName: text,
  counts: obj({ rows: integer, placed: integer, unchanged: integer, conflicts: integer, refused: integer }),
  rows: list(appointmentOutcome),
});
export type AppointmentImportResult = Shape<typeof appointmentImportResult>;
