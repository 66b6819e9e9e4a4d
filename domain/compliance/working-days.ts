import { Temporal } from '../shared/time.ts';

/**
 * Russian working days for legal deadlines (152-FZ counts most of them in working days). The
 * production calendar is data: the public holidays of art. 112 of the Labour Code as moved by the
 * Government's yearly decree on transfers (2025: No. 1335 of 4 Oct 2024; 2026: of 24 Sep 2025).
 * A year not listed falls back to the statutory holidays and weekends, without transfers, and
 * `isCovered` says so, so a caller can warn that the date is an estimate.
 */

export type ProductionCalendar = {
  /** Years whose decree is in the data. */
  readonly years: readonly number[];
  /** Weekdays that are not worked: holidays and days off moved onto weekdays. */
  readonly daysOff: ReadonlySet<string>;
  /** Saturdays or Sundays that are worked because a day off was moved from them. */
  readonly workedWeekends: ReadonlySet<string>;
};

// ───────────────────────────── Data ─────────────────────────────

/** Art. 112: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November. */
const STATUTORY = [
  '01-01',
  '01-02',
  '01-03',
  '01-04',
  '01-05',
  '01-06',
  '01-07',
  '01-08',
  '02-23',
  '03-08',
  '05-01',
  '05-09',
  '06-12',
  '11-04',
];

const YEARS: Record<number, { daysOff: string[]; workedWeekends: string[] }> = {
  // Moved: 4 Jan → 2 May, 5 Jan → 31 Dec, 23 Feb → 8 May, 8 Mar → 13 Jun, 1 Nov (worked) → 3 Nov.
  2025: {
    daysOff: [
      '2025-01-01',
      '2025-01-02',
      '2025-01-03',
      '2025-01-06',
      '2025-01-07',
      '2025-01-08',
      '2025-05-01',
      '2025-05-02',
      '2025-05-08',
      '2025-05-09',
      '2025-06-12',
      '2025-06-13',
      '2025-11-03',
      '2025-11-04',
      '2025-12-31',
    ],
    workedWeekends: ['2025-11-01'],
  },
  // Moved: 3 Jan → 9 Jan, 4 Jan → 31 Dec; by art. 112 itself: 8 Mar (Sun) → 9 Mar, 9 May (Sat) → 11 May.
  2026: {
    daysOff: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-02-23',
      '2026-03-09',
      '2026-05-01',
      '2026-05-11',
      '2026-06-12',
      '2026-11-04',
      '2026-12-31',
    ],
    workedWeekends: [],
  },
};

export const russianCalendar: ProductionCalendar = {
  years: Object.keys(YEARS).map(Number),
  daysOff: new Set(Object.values(YEARS).flatMap((year) => year.daysOff)),
  workedWeekends: new Set(Object.values(YEARS).flatMap((year) => year.workedWeekends)),
};

// ───────────────────────────── Rules ─────────────────────────────

const plain = (isoDate: string) => Temporal.PlainDate.from(isoDate);

export const isCovered = (isoDate: string, calendar: ProductionCalendar = russianCalendar): boolean =>
  calendar.years.includes(plain(isoDate).year);

export const isWorkingDay = (isoDate: string, calendar: ProductionCalendar = russianCalendar): boolean =>
  worked(plain(isoDate), calendar);

/** Whether `date` is worked; takes the parsed date, so a walk over years parses nothing per day. */
const worked = (date: Temporal.PlainDate, calendar: ProductionCalendar): boolean => {
  const weekend = date.dayOfWeek >= 6;
  const isoDate = date.toString();
  if (calendar.years.includes(date.year)) {
    if (weekend) return calendar.workedWeekends.has(isoDate);
    return !calendar.daysOff.has(isoDate);
  }
  return !weekend && !STATUTORY.includes(isoDate.slice(5));
};

/**
 * The last day of a period of `days` working days that starts the day after `isoDate` (a period
 * begins the day after the event that starts it, art. 191 of the Civil Code).
 */
export const addWorkingDays = (isoDate: string, days: number, calendar: ProductionCalendar = russianCalendar): string => {
  if (!Number.isInteger(days) || days < 1) throw new RangeError('days must be a positive whole number');
  let date = plain(isoDate);
  let counted = 0;
  while (counted < days) {
    date = date.add({ days: 1 });
    if (worked(date, calendar)) counted++;
  }
  return date.toString();
};

/** Working days left from `today` (not counted) up to and including `due`; negative when overdue. */
export const workingDaysLeft = (today: string, due: string, calendar: ProductionCalendar = russianCalendar): number => {
  const order = Temporal.PlainDate.compare(plain(today), plain(due));
  if (order === 0) return 0;
  const [from, to, sign] = order < 0 ? [plain(today), plain(due), 1] : [plain(due), plain(today), -1];
  let count = 0;
  for (let date = from.add({ days: 1 }); Temporal.PlainDate.compare(date, to) <= 0; date = date.add({ days: 1 })) {
    if (worked(date, calendar)) count++;
  }
  return sign * count;
};
