import type { Lang } from '../i18n';
import { dateIn, timeIn } from './tz';
import { dayWords } from './words';

/**
 * A card's time as the board shows it: «10:00–11:00» within the board's day; a visit that starts or
 * ends on another day names both days («пт, 4 дек, 18:00 → сб, 5 дек»), in words, never as a date code.
 */
export const cardTimeWords = (start: string, end: string, day: string, timeZone: string, lang: Lang): string =>
  dateIn(start, timeZone) === day && dateIn(end, timeZone) === day
    ? `${timeIn(start, timeZone)}–${timeIn(end, timeZone)}`
    : `${dayWords(start, timeZone, lang, 'short')}, ${timeIn(start, timeZone)} → ${dayWords(end, timeZone, lang, 'short')}`;

/** When a call was made: its time on the board's day, the day in words and the time otherwise. */
export const callTimeWords = (at: string, day: string, timeZone: string, lang: Lang): string =>
  dateIn(at, timeZone) === day ? timeIn(at, timeZone) : `${dayWords(at, timeZone, lang, 'short')}, ${timeIn(at, timeZone)}`;
