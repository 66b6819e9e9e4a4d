import type { Cell, RejectionReason } from './normalize.ts';
import { cellText } from './normalize.ts';

/** Why a row was not imported, in words: the rejection report and the import page say the same. */
export const rejectionWords: Record<'ru' | 'en', Record<RejectionReason, string>> = {
  ru: {
    NO_PHONE: 'нет телефона',
    BAD_PHONE: 'телефон не похож на настоящий номер',
    BAD_DATE: 'не читается дата последнего визита',
    ERASED_CLIENT: 'клиент удалён по его просьбе и не импортируется снова',
    BAD_TEXT: 'в имени, автомобиле или комментарии есть служебные символы',
    TOO_LONG: 'имя, автомобиль или комментарий длиннее допустимого',
    BAD_PLATE: 'госномер не похож на номер: нужно от 4 до 12 букв, цифр или дефисов',
  },
  en: {
    NO_PHONE: 'no phone number',
    BAD_PHONE: 'the phone number is not a real number',
    BAD_DATE: 'the last-visit date is unreadable',
    ERASED_CLIENT: 'the client was erased at their request and is not imported again',
    BAD_TEXT: 'the name, car or comment holds control characters',
    TOO_LONG: 'the name, car or comment is longer than allowed',
    BAD_PLATE: 'the plate is not 4 to 12 letters, digits or dashes',
  },
};

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
