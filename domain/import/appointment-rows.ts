import { carOfText, plateProblem } from '../client/plate.ts';
import { multiLineProblem, normalizeLineEnds, singleLineProblem, textLimits } from '../shared/input-rules.ts';
import { normalizePhone, splitExtension } from '../shared/phone.ts';
import { headerKey } from './columns.ts';
import { GENITIVE_MONTHS } from '../shared/russian-words.ts';
import { cellText, normalizeName, parseDate, type CarOfRow, type Cell, type SourceRow } from './normalize.ts';

// A station's diary of upcoming visits, as it keeps it in Excel or exports it: one row a visit,
// with the day either in a column of its own or as a «Понедельник 11.01.2027» row above its visits.

export const appointmentFields = ['date', 'time', 'bay', 'name', 'phone', 'car', 'works', 'comment'] as const;
export type AppointmentField = (typeof appointmentFields)[number];
export type AppointmentMapping = Partial<Record<AppointmentField, number>>;

const synonyms: Record<AppointmentField, string[]> = {
  date: ['дата', 'день', 'датазаписи', 'датавизита', 'date', 'day'],
  time: ['время', 'начало', 'времязаписи', 'час', 'time', 'start'],
  bay: ['пост', 'бокс', 'подъемник', 'рабочееместо', 'место', 'bay', 'lift'],
  name: ['клиент', 'фио', 'имя', 'заказчик', 'client', 'name', 'customer'],
  phone: ['телефон', 'тел', 'мобильный', 'контактныйтелефон', 'phone', 'tel', 'mobile'],
  car: ['автомобиль', 'авто', 'машина', 'тс', 'маркаимодель', 'car', 'vehicle'],
  works: ['работы', 'работа', 'услуга', 'услуги', 'видработ', 'чтоделать', 'works', 'service', 'services', 'job'],
  comment: ['примечание', 'примечания', 'комментарий', 'заметки', 'comment', 'note', 'notes'],
};
const fieldOfHeader = new Map(appointmentFields.flatMap((field) => synonyms[field].map((key) => [key, field] as const)));

const recognize = (header: string): AppointmentField | null => fieldOfHeader.get(headerKey(header)) ?? null;

const mappingOf = (cells: readonly Cell[]): AppointmentMapping => {
  const mapping: AppointmentMapping = {};
  cells.forEach((cell, index) => {
    const field = recognize(cellText(cell));
    if (field && mapping[field] === undefined) mapping[field] = index;
  });
  return mapping;
};

/** A diary's header names at least the time, the phone and the works. */
const isHeader = (mapping: AppointmentMapping) =>
  mapping.time !== undefined && mapping.phone !== undefined && mapping.works !== undefined;

// ───────────────────────────── Cells ─────────────────────────────

const WEEKDAY_NAMES = 'понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс';
const WEEKDAYS = new RegExp(`^(?:день|${WEEKDAY_NAMES})\\.?,?\\s*`, 'iu');

/** A date inside a day row's words: «03.02.2027 (среда)», «Чт. 4 февраля 2027 г.». */
const DATE_INSIDE = new RegExp(`\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{1,2}\\s+(?:${GENITIVE_MONTHS.join('|')})\\s+\\d{4}`, 'iu');
/** Words that say a row was meant as a day: a weekday or a month with a number, or a day.month. */
const DAY_LIKE = new RegExp(
  `\\d{1,2}[./]\\d{1,2}|\\d.*(?:${GENITIVE_MONTHS.join('|')})|(?<!\\p{L})(?:${WEEKDAY_NAMES})(?!\\p{L}).*\\d`,
  'iu',
);

/**
 * A row above a day's visits: a single cell holding a date, with or without the day's name around
 * it. `unreadable` when the cell looks meant as a day but holds no whole date (no year, a date that
 * does not exist): the visits under it must not keep the day above.
 */
const dayOf = (cells: readonly Cell[]): { date: string } | 'unreadable' | null => {
  const filled = cells.filter((cell) => cellText(cell) !== '');
  if (filled.length !== 1) return null;
  const only = filled[0]!;
  const text = typeof only === 'string' ? only.trim() : null;
  const date =
    text === null ? parseDate(only) : (parseDate(text.replace(WEEKDAYS, '')) ?? parseDate(DATE_INSIDE.exec(text)?.[0]));
  if (date) return { date };
  return text !== null && DAY_LIKE.test(text) ? 'unreadable' : null;
};

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * A time of day as «HH:MM»: 9:00, 09.30, 14-00, «9 ч», 9:00:00, or Excel's fraction of a day (0.375).
 * Null when it is not a time of day.
 */
export const parseTimeOfDay = (cell: Cell | undefined): string | null => {
  if (typeof cell === 'number') {
    if (!(cell >= 0 && cell < 1)) return null;
    const minutes = Math.round(cell * 24 * 60);
    return minutes < 24 * 60 ? `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` : null;
  }
  const text = cellText(cell)
    .toLowerCase()
    .replace(/\s*(?:ч|час|часов)\.?$/u, '');
  const match = /^(\d{1,2})(?:[:.\-](\d{2}))?(?::\d{2})?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  return hours < 24 && minutes < 60 ? `${pad(hours)}:${pad(minutes)}` : null;
};

// ───────────────────────────── Rows ─────────────────────────────

export type AppointmentRow = {
  row: number;
  /** The day, ISO; the time of day «HH:MM» in the branch's zone. */
  date: string;
  time: string;
  /** The bay as the file names it, or null: any bay able to do the works. */
  bay: string | null;
  name: string;
  /** E.164. */
  phone: string;
  car?: CarOfRow;
  /** The works in the file's own words: matched to the catalogue in a step the station confirms. */
  works: string;
  comment?: string;
};

export const appointmentRejections = {
  NO_DATE: 'No day: neither a date column nor a readable day row above it',
  BAD_DAY: 'A day row that holds no whole date (day, month and year): the visits under it are not booked',
  BAD_TIME: 'The time is not a time of day',
  NO_PHONE: 'No phone number',
  BAD_PHONE: 'The phone number is not a real number',
  NO_WORKS: 'No works named',
  NO_NAME: 'No client name',
  BAD_TEXT: 'A name, car or note holds control characters',
  TOO_LONG: 'A name, car or note is longer than allowed',
  BAD_PLATE: 'The plate number is not 4 to 12 letters, digits or dashes',
} as const;
export type AppointmentRejectionReason = keyof typeof appointmentRejections;
export type AppointmentRejection = { row: number; reason: AppointmentRejectionReason; message: string };

export type AppointmentSheet = {
  headerRow: number;
  headers: string[];
  mapping: AppointmentMapping;
  appointments: AppointmentRow[];
  rejections: AppointmentRejection[];
};

const rejection = (row: number, reason: AppointmentRejectionReason): AppointmentRejection => ({
  row,
  reason,
  message: appointmentRejections[reason],
});

const textRejection = (name: string, car: string, comment: string): AppointmentRejectionReason | null => {
  const problems = [
    singleLineProblem(name, textLimits.personName),
    singleLineProblem(car, textLimits.carMake + textLimits.carModel + textLimits.plateTyped),
    multiLineProblem(comment, textLimits.comment),
  ];
  if (problems.includes('control')) return 'BAD_TEXT';
  return problems.includes('long') ? 'TOO_LONG' : null;
};

const appointmentOf = (
  source: SourceRow,
  mapping: AppointmentMapping,
  day: string | null,
): AppointmentRow | AppointmentRejection => {
  const cell = (field: AppointmentField) => (mapping[field] === undefined ? undefined : source.cells[mapping[field]]);
  const text = (field: AppointmentField) => cellText(cell(field));
  const date = mapping.date !== undefined ? parseDate(cell('date')) : day;
  if (!date) return rejection(source.row, 'NO_DATE');
  const time = parseTimeOfDay(cell('time'));
  if (!time) return rejection(source.row, 'BAD_TIME');
  const rawPhone = text('phone').replace(/\p{Cf}/gu, '');
  if (!rawPhone) return rejection(source.row, 'NO_PHONE');
  const phone = normalizePhone(splitExtension(rawPhone).number);
  if (!phone) return rejection(source.row, 'BAD_PHONE');
  const works = text('works').replace(/\s+/g, ' ');
  if (!works) return rejection(source.row, 'NO_WORKS');
  const name = normalizeName(text('name'));
  if (!name) return rejection(source.row, 'NO_NAME');
  const carText = text('car').replace(/\s+/g, ' ');
  const comment = normalizeLineEnds(text('comment'));
  const refused = textRejection(name, carText, comment) ?? (singleLineProblem(works, textLimits.comment) ? 'TOO_LONG' : null);
  if (refused) return rejection(source.row, refused);
  const car = carOfText(carText);
  if (car.plate && plateProblem(car.plate)) return rejection(source.row, 'BAD_PLATE');
  return {
    row: source.row,
    date,
    time,
    bay: text('bay') || null,
    name,
    phone,
    ...(Object.keys(car).length ? { car } : {}),
    works,
    ...(comment ? { comment } : {}),
  };
};

const HEADER_SEARCH = 10;

/**
 * The diary's visits in file order, and the rows that cannot be a visit with the reason. Title
 * rows above the header and blank rows are dropped; a row holding only a date sets the day of the
 * rows under it. Null when no row among the first ten looks like a diary's header.
 */
export const readAppointmentSheet = (rows: Iterable<SourceRow>): AppointmentSheet | null => {
  let header: { row: number; headers: string[]; mapping: AppointmentMapping } | null = null;
  let seen = 0;
  let day: string | null = null;
  const appointments: AppointmentRow[] = [];
  const rejections: AppointmentRejection[] = [];
  for (const source of rows) {
    if (source.cells.every((cell) => cellText(cell) === '')) continue;
    if (!header) {
      const mapping = mappingOf(source.cells);
      if (isHeader(mapping)) header = { row: source.row, headers: source.cells.map((cell) => cellText(cell)), mapping };
      else if (++seen >= HEADER_SEARCH) return null;
      continue;
    }
    const dayRow = header.mapping.date === undefined ? dayOf(source.cells) : null;
    if (dayRow === 'unreadable') {
      rejections.push(rejection(source.row, 'BAD_DAY'));
      day = null;
      continue;
    }
    if (dayRow) {
      day = dayRow.date;
      continue;
    }
    const outcome = appointmentOf(source, header.mapping, day);
    if ('reason' in outcome) rejections.push(outcome);
    else appointments.push(outcome);
  }
  return header && { headerRow: header.row, headers: header.headers, mapping: header.mapping, appointments, rejections };
};
