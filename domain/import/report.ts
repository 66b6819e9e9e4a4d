import type { Cell } from './normalize.ts';
import { cellText } from './normalize.ts';

// ───────────────────────────── CSV export ─────────────────────────────

/**
 * A cell that a spreadsheet would run as a formula (= + - @, or a tab/CR that hides one) gets a
 * leading single quote, so opening an exported report never executes what a file once held.
 */
export const neutralizeFormula = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const csvField = (value: string): string => {
  const safe = neutralizeFormula(value);
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (values: readonly string[]): string => values.map(csvField).join(',');

export type ReportRejection = { row: number; reason: string; message: string };

/**
 * The rejected rows as CSV (UTF-8 with BOM so Excel opens Cyrillic right): row number, reason code,
 * the reason in words, then the row's own cells under the file's headers when they are at hand.
 */
export const rejectionReport = (
  rejections: readonly ReportRejection[],
  source?: { headers: readonly string[]; cellsOf: (row: number) => readonly Cell[] | undefined },
): string => {
  const lines = [csvLine(['row', 'reason', 'message', ...(source?.headers ?? [])])];
  for (const rejection of rejections) {
    const cells = source?.cellsOf(rejection.row) ?? [];
    lines.push(
      csvLine([
        String(rejection.row),
        rejection.reason,
        rejection.message,
        ...(source ? source.headers.map((_, i) => cellText(cells[i])) : []),
      ]),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};
