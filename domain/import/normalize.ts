import { normalizePlate, plateProblem } from '../client/plate.ts';
import { multiLineProblem, normalizeLineEnds, singleLineProblem, textLimits, type TextProblem } from '../shared/input-rules.ts';
import { normalizePhone, splitExtension } from '../shared/phone.ts';
import { CYRILLIC_LOOK_ALIKES, GENITIVE_MONTHS } from '../shared/russian-words.ts';
import { Temporal } from '../shared/time.ts';
import type { ColumnMapping, ImportField } from './columns.ts';

// ───────────────────────────── Cells ─────────────────────────────

/** A cell as a reader gives it: CSV gives text; Excel gives numbers and real dates (as ISO dates) too. */
export type Cell = string | number | boolean | { date: string } | null;

export type SourceRow = { row: number; cells: readonly Cell[] };

/**
 * A text cell as a spreadsheet formula that yields the text: `="0012"`, written by exports that keep a
 * number's leading zeros (phones, codes) when Excel opens the CSV. Its doubled quotes are one quote.
 */
const TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

export const cellText = (cell: Cell | undefined): string => {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    // A leading quote marks a cell as text: our own exports put it before = + - @ so that a
    // spreadsheet runs nothing, Excel before a number it must keep as typed («'+7 912…», «'8918…»).
    const text = cell.trim().replace(/^'(?=[=+\-@\d])/, '');
    const formula = TEXT_FORMULA.exec(text);
    return formula ? formula[1]!.replaceAll('""', '"').trim() : text;
  }
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell.date;
};

const isBlank = (cell: Cell | undefined) => cellText(cell) === '';

// ───────────────────────────── Names ─────────────────────────────

// Russian legal forms (and a few foreign ones) are abbreviations: «ООО «Автотранс»», «ИП Егоров»
// keep them in capitals, whatever case the file has them in.
const LEGAL_FORMS = new Set([
  'ООО',
  'ОАО',
  'ЗАО',
  'ПАО',
  'АО',
  'НАО',
  'ИП',
  'ЧП',
  'ТОО',
  'ОДО',
  'НКО',
  'АНО',
  'НП',
  'ГУП',
  'МУП',
  'ФГУП',
  'ФГБУ',
  'ГБУ',
  'МБУ',
  'КФХ',
  'ТСЖ',
  'СНТ',
  'ГСК',
  'ПК',
  'LLC',
  'LTD',
  'GMBH',
  'JSC',
]);

/** «И.И.», «и.», «И.И»: initials, always in capitals. */
const INITIALS = /^(?:\p{L}\.)+\p{L}?$/u;

/** The first letter up, the rest down; leading quotes or brackets («…», "…", (…) are stepped over. */
const capitalizePart = (part: string) => {
  const first = part.search(/\p{L}/u);
  if (first < 0) return part;
  return part.slice(0, first) + part.charAt(first).toUpperCase() + part.slice(first + 1).toLowerCase();
};

const capitalizeWord = (word: string) => word.split('-').map(capitalizePart).join('-');

const lettersOf = (word: string) => word.replace(/[^\p{L}]/gu, '');

const normalizeWord = (word: string): string => {
  if (INITIALS.test(word)) return word.toUpperCase();
  const letters = lettersOf(word);
  if (LEGAL_FORMS.has(letters.toUpperCase()) && word.replace(letters, '') === word.replace(/\p{L}/gu, '')) {
    return word.toUpperCase();
  }
  return word === word.toUpperCase() || word === word.toLowerCase() ? capitalizeWord(word) : word;
};

/**
 * Trimmed, single spaces, each word capitalised. Words already in mixed case («МакКуин») are the
 * writer's choice and stay; words in one case («ИВАНОВ», «иванов») become «Иванов». Legal forms
 * («ООО», «ИП») and initials («И.И.») stay in capitals.
 */
export const normalizeName = (value: string): string =>
  value
    .replace(/\p{Cf}/gu, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(cyrillicWord)
    .map(normalizeWord)
    .join(' ');

/**
 * A Cyrillic word with Latin look-alikes in it («Лaтинcкий») in Cyrillic letters only, so a search
 * typed in Russian finds it; a word with other Latin letters («Mercedes», «МакDonald») stays.
 */
const cyrillicWord = (word: string): string => {
  if (!/\p{Script=Cyrillic}/u.test(word)) return word;
  const latin = word.match(/\p{Script=Latin}/gu) ?? [];
  return latin.length > 0 && latin.every((letter) => letter in CYRILLIC_LOOK_ALIKES)
    ? word.replace(/\p{Script=Latin}/gu, (letter) => CYRILLIC_LOOK_ALIKES[letter]!)
    : word;
};

// ───────────────────────────── Dates ─────────────────────────────

// Excel counts days from 1899-12-30 (the 1900 leap-year bug folded in); 2958465 is 9999-12-31.
const EXCEL_EPOCH = Temporal.PlainDate.from('1899-12-30');
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const plainDate = (year: number, month: number, day: number): string | null => {
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' }).toString();
  } catch {
    return null;
  }
};

export const fromExcelSerial = (serial: number): string | null => {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const date = EXCEL_EPOCH.add({ days: Math.floor(serial) });
  return date.year >= MIN_YEAR && date.year <= MAX_YEAR ? date.toString() : null;
};

const MONTH_DATE = new RegExp(`^(\\d{1,2})\\s+(${GENITIVE_MONTHS.join('|')})\\s+(\\d{4})(?:\\s*г(?:ода?)?\\.?)?$`, 'iu');

const twoDigitYear = (year: number) => (year < 70 ? 2000 + year : 1900 + year);

/**
 * A calendar date as an ISO date: dd.mm.yyyy (also with / or - and with a time after it, as 1C
 * writes «03.09.2023 0:00:00»), dd.mm.yy, yyyy-mm-dd, «4 февраля 2027 г.», or an Excel serial day number.
 * Null when the value is not a date that exists.
 */
export const parseDate = (cell: Cell | undefined): string | null => {
  if (cell === null || cell === undefined || typeof cell === 'boolean') return null;
  if (typeof cell === 'object') return parseDate(cell.date);
  if (typeof cell === 'number') return fromExcelSerial(cell);
  const text = cell.trim();
  let match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (match) {
    const year = match[3]!.length === 2 ? twoDigitYear(Number(match[3])) : Number(match[3]);
    return plainDate(year, Number(match[2]), Number(match[1]));
  }
  match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (match) return plainDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = MONTH_DATE.exec(text);
  if (match)
    return plainDate(
      Number(match[3]),
      (GENITIVE_MONTHS as readonly string[]).indexOf(match[2]!.toLowerCase()) + 1,
      Number(match[1]),
    );
  // Only five-digit day numbers (1927–2173) are Excel's: «02.02» or «2024» is a date without its
  // year or a year without its day, not 1900's second of January.
  if (/^\d{5}(?:[.,]\d+)?$/.test(text)) return fromExcelSerial(Number(text.replace(',', '.')));
  return null;
};

// ───────────────────────────── Rows ─────────────────────────────

export type CarOfRow = { make?: string; model?: string; plate?: string };

/** Another number of the client, as the cell had it after the first. */
export type OtherPhone = { phone: string; extension?: string };

export type ClientRow = {
  row: number;
  name: string;
  /** The main phone, E.164: the client is found by it. */
  phone: string;
  /** The main phone's extension («доб. 123»), digits only. */
  extension?: string;
  /** The cell's other numbers, in order, without repeats of the main one. */
  phones?: OtherPhone[];
  email?: string;
  comment?: string;
  car?: CarOfRow;
  visits: number | null;
  lastVisitAt: string | null;
};

export const rejectionReasons = {
  NO_PHONE: 'No phone number',
  BAD_PHONE: 'The phone number is not a real number',
  ERASED_CLIENT: 'This client was erased at their request and is not imported again',
  BAD_TEXT: 'A name, car or comment holds control characters',
  TOO_LONG: 'A name, car or comment is longer than allowed',
  BAD_PLATE: 'The plate number is not 4 to 12 letters, digits or dashes',
} as const;

export type RejectionReason = keyof typeof rejectionReasons;

/** A row not imported, why, and (for a cell the rules refused) which field. */
export type Rejection = { row: number; reason: RejectionReason; message: string; value?: string; field?: ImportField };

export type RowOutcome = { ok: true; client: ClientRow } | { ok: false; rejection: Rejection } | { ok: null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const reject = (row: number, reason: RejectionReason, value?: string, field?: ImportField): RowOutcome => ({
  ok: false,
  rejection: { row, reason, message: rejectionReasons[reason], ...(value ? { value } : {}), ...(field ? { field } : {}) },
});

const reasonOf = (problem: TextProblem | 'shape'): RejectionReason =>
  problem === 'control' ? 'BAD_TEXT' : problem === 'shape' ? 'BAD_PLATE' : 'TOO_LONG';

/**
 * The first text of the row that breaks the rules every channel keeps, with the field it came from.
 * Spaces inside a name or a car were already collapsed and line ends of a comment normalised, so a
 * tab or a line break typed into a cell is not held against the row; anything else is.
 */
const textProblem = (texts: {
  name: string;
  comment: string;
  make: string;
  model: string;
  plate: string;
}): { field: ImportField; reason: RejectionReason } | null => {
  const checks: [ImportField, TextProblem | 'shape' | null][] = [
    ['name', singleLineProblem(texts.name, textLimits.personName)],
    ['make', singleLineProblem(texts.make, textLimits.carMake)],
    ['model', singleLineProblem(texts.model, textLimits.carModel)],
    ['plate', texts.plate ? plateProblem(texts.plate) : null],
    ['comment', multiLineProblem(texts.comment, textLimits.comment)],
  ];
  for (const [field, problem] of checks) if (problem) return { field, reason: reasonOf(problem) };
  return null;
};

const isEmail = (email: string) => EMAIL.test(email) && singleLineProblem(email, textLimits.email) === null;

// A cell may hold several numbers: «8-916-…, 8-495-…», «… или …», one per line, «… / …».
const PHONE_SEPARATORS = /[,;/\r\n]|\s+или\s+|[ \t\u00a0]{2,}/iu;
const LABEL = /^(?:тел|моб|сот|раб|дом|tel|mob|phone)\w*\.?:?\s*/iu;
/** Whose number it is, written after it: «+7 916 000-00-03 (жена)», «8 916 000 00 04 Вася». */
const PHONE_NOTE = /\s*(?:\([^)]*\)|\p{L}[\p{L}\s.]*)\s*$/u;

/**
 * Every real number of a cell with its extension, in order, without repeats. An extension written
 * after a comma («…-43, доб. 123») belongs to the number before it.
 */
const phonesOf = (text: string): { phones: OtherPhone[]; noted: boolean } => {
  const found: OtherPhone[] = [];
  let noted = false;
  for (const part of text.replace(/\p{Cf}/gu, '').split(PHONE_SEPARATORS)) {
    const { number: written, extension } = splitExtension(part.trim().replace(LABEL, ''));
    const number = written.replace(PHONE_NOTE, '');
    const phone = normalizePhone(number);
    const previous = found.at(-1);
    if (!phone && !number && extension && previous && !previous.extension) previous.extension = extension;
    if (!phone || found.some((one) => one.phone === phone)) continue;
    noted ||= number !== written;
    found.push({ phone, ...(extension ? { extension } : {}) });
  }
  return { phones: found, noted };
};

const visitsOf = (cell: Cell | undefined): number | null => {
  const text = cellText(cell).replace(/\s/g, '');
  if (!/^\d{1,6}([.,]0+)?$/.test(text)) return null;
  return Number.parseInt(text, 10);
};

/** «Renault Logan» → make Renault, model Logan; «Mercedes-Benz E200» → Mercedes-Benz, E200. */
const splitCar = (text: string): { make?: string; model?: string } => {
  const [make, ...rest] = text.split(/\s+/);
  return { ...(make ? { make } : {}), ...(rest.length ? { model: rest.join(' ') } : {}) };
};

/**
 * One row of the file as a client, a rejection with its reason, or nothing (a blank row).
 * Cells are kept as text: a leading = + - @ is data here, never a formula.
 */
export const normalizeRow = (source: SourceRow, mapping: ColumnMapping): RowOutcome => {
  const cell = (field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? undefined : source.cells[index];
  };
  const text = (field: ImportField) => cellText(cell(field));
  const fields = Object.keys(mapping) as ImportField[];
  if (fields.filter((field) => field !== 'code').every((field) => isBlank(cell(field)))) return { ok: null };

  const rawPhone = text('phone');
  if (!rawPhone) return reject(source.row, 'NO_PHONE');
  const { phones, noted } = phonesOf(rawPhone);
  const [main, ...others] = phones;
  if (!main) return reject(source.row, 'BAD_PHONE', rawPhone);
  const { phone, extension } = main;

  const visitCell = cell('lastVisit');
  const lastVisitAt = isBlank(visitCell) ? null : parseDate(visitCell);

  const name = normalizeName(text('name') || [text('lastName'), text('firstName'), text('middleName')].filter(Boolean).join(' '));
  const email = text('email').toLowerCase();
  // A client is not lost for a secondary cell: an unreadable last visit («март 2025») or a note by the
  // number («(жена)») is kept in the comment as written, where the station sees it on the card.
  const kept = [
    ...(!isBlank(visitCell) && !lastVisitAt ? [`Последний визит: ${cellText(visitCell)}`] : []),
    ...(noted ? [`Телефон: ${rawPhone}`] : []),
  ];
  const comment = normalizeLineEnds([text('comment'), ...kept].filter(Boolean).join('\n'));
  const carParts = text('car') ? splitCar(text('car')) : {};
  const make = text('make') || carParts.make;
  const model = text('model') || (text('make') ? undefined : carParts.model);
  const refused = textProblem({ name, comment, make: make ?? '', model: model ?? '', plate: text('plate') });
  if (refused) return reject(source.row, refused.reason, undefined, refused.field);
  const plate = text('plate') ? normalizePlate(text('plate')) : '';
  const car: CarOfRow = { ...(make ? { make } : {}), ...(model ? { model } : {}), ...(plate ? { plate } : {}) };

  return {
    ok: true,
    client: {
      row: source.row,
      name,
      phone,
      ...(extension ? { extension } : {}),
      ...(others.length ? { phones: others } : {}),
      ...(isEmail(email) ? { email } : {}),
      ...(comment ? { comment } : {}),
      ...(Object.keys(car).length ? { car } : {}),
      visits: visitsOf(cell('visits')),
      lastVisitAt,
    },
  };
};
