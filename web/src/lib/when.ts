/** Dates and times for people, in the panel's language and the branch's zone (never ISO, never the browser's locale). */
const formats = new Map<string, Intl.DateTimeFormat>();

const formatOf = (locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) => {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    formats.set(key, found);
  }
  return found;
};

/** «пт, 4 дек., 11:00»: a start offered to a person. */
export const dayAndTime = (iso: string, timeZone: string, locale: string): string =>
  formatOf(locale, timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(Date.parse(iso));

/** «пятница, 4 декабря 2026 г.»: a whole day, as the day view's title. Takes a wall-clock date (UTC midnight). */
export const longDay = (wallMs: number, locale: string): string =>
  formatOf(locale, 'UTC', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(wallMs);
