import * as chrono from 'chrono-node';
import { Temporal } from '../shared/time.ts';

// «хочу поменять масло в субботу утром»: which of the station's services, which day and which part
// of it a client typed. The day comes from chrono's Russian parser, read in the branch's zone; the
// service from the words of the station's own service names (and the words clients use for them);
// the part of the day from a handful of words and an hour. Each is null when the text is not clear.

export type DayWindow = { from: string; to: string };
export type TypedVisit = { serviceId: string | null; date: string | null; window: DayWindow | null };

/** Lower case, «ё» as «е», words of letters and digits. */
const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .split(/[^a-zа-я0-9]+/)
    .filter((word) => word.length >= 3);

/** Enough of a word to meet its other forms: «масло», «масла» and «маслом» share «масл». */
const stemOf = (word: string): string => word.slice(0, Math.max(4, Math.ceil(word.length * 0.6)));

/** Words clients type for a job, and a word of the service name it stands for. */
const CLIENT_WORDS: readonly (readonly [string, string])[] = [
  ['переоб', 'шиномонтаж'],
  ['резин', 'шиномонтаж'],
  ['колес', 'шиномонтаж'],
  ['шины', 'шиномонтаж'],
  ['покрыш', 'шиномонтаж'],
  ['сход', 'развал'],
  ['стучит', 'ходовой'],
  ['подвес', 'ходовой'],
  ['вмятин', 'кузовной'],
  ['царапин', 'кузовной'],
  ['покрас', 'кузовной'],
  ['колодк', 'тормоз'],
  ['фреон', 'кондиционер'],
];

/** The one service whose name the text names best, or null when none or several fit equally. */
export const typedService = (text: string, services: readonly { id: string; name: string }[]): string | null => {
  const typed = wordsOf(text);
  const spoken = new Set(typed.map(stemOf));
  for (const [clientWord, serviceWord] of CLIENT_WORDS) {
    if (typed.some((word) => word.startsWith(clientWord))) spoken.add(stemOf(serviceWord));
  }
  const stemsOf = services.map((service) => ({ id: service.id, stems: wordsOf(service.name).map(stemOf) }));
  const uses = new Map<string, number>();
  for (const { stems } of stemsOf) for (const stem of new Set(stems)) uses.set(stem, (uses.get(stem) ?? 0) + 1);
  const scored = stemsOf
    .map(({ id, stems }) => {
      const met = stems.filter((stem) => [...spoken].some((word) => word.startsWith(stem) || stem.startsWith(word)));
      // «замена» alone names no job when several services are replacements: a word of this service's own must be met.
      const own = met.some((stem) => uses.get(stem) === 1);
      return { id, score: own && stems.length > 0 ? met.length / stems.length : 0 };
    })
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < 0.5 || (second && second.score === best.score)) return null;
  return best.id;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The day the text names, in the branch's zone; null when none, or when it has passed. */
export const typedDay = (text: string, nowMs: number, timeZone: string): string | null => {
  const now = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone);
  const reference = { instant: new Date(nowMs), timezone: Math.round(now.offsetNanoseconds / 60e9) };
  const results = chrono.ru.parse(text, reference, { forwardDate: true });
  // «на следующей неделе во вторник» gives a week and a weekday: the weekday is the day meant.
  const dated =
    results.find((result) => result.start.isCertain('weekday')) ?? results.find((result) => result.start.isCertain('day'));
  if (!dated) return null;
  const { start } = dated;
  const date = Temporal.PlainDate.from({ year: start.get('year')!, month: start.get('month')!, day: start.get('day')! });
  return Temporal.PlainDate.compare(date, now.toPlainDate()) < 0 ? null : date.toString();
};

const PARTS_OF_DAY: readonly (readonly [RegExp, DayWindow])[] = [
  [/утр|пораньше/, { from: '00:00', to: '12:00' }],
  [/после обеда|днем|днём|в обед/, { from: '12:00', to: '17:00' }],
  [/вечер|попозже|после работы/, { from: '17:00', to: '24:00' }],
];

/** The part of the day the text asks for: «утром», «после обеда», «вечером», or two hours from «в 10» / «к 15:30». */
export const typedWindow = (text: string): DayWindow | null => {
  const lower = text.toLowerCase();
  const at =
    /(?:^|\s)(?:в|к|на|около)\s+(\d{1,2})(?:[:.](\d{2}))?(?!\s*(?:[.:]\d|янв|фев|мар|апр|мая|июн|июл|авг|сен|окт|ноя|дек|числ|\d))/u.exec(
      lower,
    );
  if (at) {
    const hour = Number(at[1]);
    const minute = Number(at[2] ?? 0);
    if (hour >= 6 && hour <= 22 && minute < 60) {
      return { from: `${pad(hour)}:${pad(minute)}`, to: hour + 2 >= 24 ? '24:00' : `${pad(hour + 2)}:${pad(minute)}` };
    }
  }
  return PARTS_OF_DAY.find(([words]) => words.test(lower))?.[1] ?? null;
};

/** All three at once, for the booking wizard to start where the text leaves off. */
export const typedVisit = (
  text: string,
  services: readonly { id: string; name: string }[],
  nowMs: number,
  timeZone: string,
): TypedVisit => ({
  serviceId: typedService(text, services),
  date: typedDay(text, nowMs, timeZone),
  window: typedWindow(text),
});
