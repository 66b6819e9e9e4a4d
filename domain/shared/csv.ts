// The CSV files the station downloads (reports, the import's refused rows), as Russian Excel opens them.

/**
 * A cell that a spreadsheet would run as a formula (= + - @, or a tab/CR that hides one) gets a
 * leading single quote, so opening an exported report never executes what a file once held.
 */
export const neutralizeFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Control characters a file held (a bell, a NUL): no spreadsheet shows them, some stop reading at them. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Russian Excel opens a CSV by its list separator, the semicolon (the comma is its decimal mark): a
 * comma-separated file lands whole in column A.
 */
export const CSV_SEPARATOR = ';';

export const csvField = (value: string): string => {
  const safe = neutralizeFormula(value.replace(CONTROL, ''));
  return /[",;\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (values: readonly string[]): string => values.map(csvField).join(CSV_SEPARATOR);
