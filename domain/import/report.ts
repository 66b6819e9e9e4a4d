import type { Cell, RejectionReason } from './normalize.ts';
import { cellText } from './normalize.ts';
import { rejectionWords } from './rejection-words.ts';

// ───────────────────────────── CSV export ─────────────────────────────

/**
 * A cell that a spreadsheet would run as a formula (= + - @, or a tab/CR that hides one) gets a
 * leading single quote, so opening an exported report never executes what a file once held.
 */
export const neutralizeFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Control characters a file held (a bell, a NUL): no spreadsheet shows them, some stop reading at them. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export const csvField = (value: string): string => {
  const safe = neutralizeFormula(value.replace(CONTROL, ''));
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (values: readonly string[]): string => values.map(csvField).join(',');

export type ReportRejection = { row: number; reason: string; message: string };

/**
 * The rejected rows as CSV (UTF-8 with BOM so Excel opens Cyrillic right) for the station, in
 * Russian: the row's number, why in words, then the row's own cells under the file's headers when
 * they are at hand.
 */
export const rejectionReport = (
  rejections: readonly ReportRejection[],
  source?: { headers: readonly string[]; cellsOf: (row: number) => readonly Cell[] | undefined },
): string => {
  const lines = [csvLine(['Строка', 'Причина', ...(source?.headers ?? [])])];
  for (const rejection of rejections) {
    const cells = source?.cellsOf(rejection.row) ?? [];
    lines.push(
      csvLine([
        String(rejection.row),
        rejectionWords.ru[rejection.reason as RejectionReason] ?? rejection.message,
        ...(source ? source.headers.map((_, i) => cellText(cells[i])) : []),
      ]),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};
