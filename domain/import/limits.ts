// How much of a file the importer reads, so that every upload costs bounded memory and time. A
// station's client list is a few thousand rows; the limits sit far above that and far below what
// would hurt the server, and each refusal says which one was reached.

const MiB = 1024 * 1024;

export const importLimits = {
  /** The file as uploaded. */
  fileBytes: 50 * MiB,
  /**
   * An old Excel (.xls) or Excel 2003 XML file: its reader holds the whole sheet in memory, at up
   * to about a hundred times the file's size, so these are read up to a size a station's list
   * never reaches (BIFF caps a sheet at 65,536 rows anyway).
   */
  xlsBytes: 8 * MiB,
  /** Rows with anything in them, header included. */
  rows: 200_000,
  /** The last column that holds a value. */
  columns: 256,
  /** Characters in one cell: Excel's own limit. */
  cellChars: 32_767,
  /** Entries in the zip of an .xlsx: Excel writes a dozen or two. */
  zipEntries: 1_000,
  /** Everything an .xlsx unpacks to, by its zip directory. */
  unpackedBytes: 512 * MiB,
  /** One worksheet unpacked: read as a stream, so this bounds time, not memory. */
  sheetBytes: 256 * MiB,
  /** The shared strings unpacked: they are kept while the sheet is read, so this bounds memory. */
  sharedStringsBytes: 64 * MiB,
  /** Distinct texts in the shared strings. */
  sharedStrings: 2_000_000,
  /** Any other part the import reads (workbook, relationships, styles). */
  otherPartBytes: 8 * MiB,
} as const;

export type ImportLimits = typeof importLimits;

/** «50 MB», «1.5 GB»: sizes as a person reads them in a refusal. */
export const sizeInWords = (bytes: number): string => {
  if (bytes >= 1024 * MiB) return `${(bytes / 1024 / MiB).toFixed(1)} GB`;
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
};
