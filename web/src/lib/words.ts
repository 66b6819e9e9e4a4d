import type { Lang } from '../i18n';
import { timeIn, wallMs } from './tz';

export { phoneWords } from '../../../domain/shared/phone.ts';

/** A phone as a tap dials it: `tel:` and its digits with the plus, whatever spaces and brackets it was written with. */
export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

/**
 * Dates and phones as people write them, by the panel's language (not the browser's locale):
 * «ср, 2 декабря, 12:30», «+7 916 123-45-04». Intl gives the names; the branch zone gives the wall clock.
 */
const LOCALES: Record<Lang, string> = { ru: 'ru-RU', en: 'en-GB' };

const formats = new Map<string, Intl.DateTimeFormat>();
const named = (lang: Lang, month: 'long' | 'short') => {
  const key = `${lang}:${month}`;
  let found = formats.get(key);
  if (!found) {
    // The wall clock is computed first and read as UTC, so one formatter serves every zone.
    found = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', weekday: 'short', day: 'numeric', month });
    formats.set(key, found);
  }
  return found;
};

/** «ср, 2 декабря» of an ISO instant (or a 'YYYY-MM-DD' date) in the zone. */
export const dayWords = (iso: string, timeZone: string, lang: Lang, month: 'long' | 'short' = 'long'): string => {
  const wall = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? Date.parse(`${iso}T00:00:00Z`) : wallMs(Date.parse(iso), timeZone);
  return named(lang, month)
    .format(wall)
    .replace(/\.$/, '')
    .replace(/^(\p{L}+)\.? /u, '$1, ');
};

/** «12:30» of an ISO instant in the zone. */
export const timeWords = timeIn;

/** «ср, 2 декабря, 12:30». */
export const dateTimeWords = (iso: string, timeZone: string, lang: Lang): string =>
  `${dayWords(iso, timeZone, lang)}, ${timeWords(iso, timeZone)}`;

/** Minutes as «1 ч 30 мин» / «1 h 30 min». */
export const durationWords = (minutes: number, lang: Lang): string => {
  const [h, m] = lang === 'ru' ? ['ч', 'мин'] : ['h', 'min'];
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours ? `${hours} ${h}` : '', rest || !hours ? `${rest} ${m}` : ''].filter(Boolean).join(' ');
};
