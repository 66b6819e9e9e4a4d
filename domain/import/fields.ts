// The panel imports this module too (the column selects): keep it free of anything else.
// What a column of a client list can mean. `name` is the full name in one column; `lastName`,
// `firstName` and `middleName` are the parts when the file splits them; `car` is make and model
// together, `make` and `model` the same split in two columns; `code` is 1C's own record code.

export const importFields = [
  'name',
  'lastName',
  'firstName',
  'middleName',
  'phone',
  'email',
  'car',
  'make',
  'model',
  'plate',
  'lastVisit',
  'visits',
  'comment',
  'code',
] as const;

export type ImportField = (typeof importFields)[number];

/** Field → 0-based column index; a field the file does not have is absent. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

export const isImportField = (value: string): value is ImportField => (importFields as readonly string[]).includes(value);
