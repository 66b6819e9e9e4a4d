import type { Cell, RejectionReason } from './normalize.ts';
import { cellText } from './normalize.ts';
import { rejectionWords } from './rejection-words.ts';
import { csvLine } from '../shared/csv.ts';

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
