import * as chrono from 'chrono-node';
import { Temporal } from '../shared/time.ts';
import { normalizeTyped } from '../shared/typed-words.ts';

// «хочу поменять масло в субботу утром»: which of the station's services, which day and which part
// of it a client typed. The day comes from chrono's Russian parser, read in the branch's zone; the
// service from the words of the station's own service names (and the words clients use for them);
// the part of the day from a handful of words and an hour. Each is null when the text is not clear.

export type DayWindow = { from: string; to: string };
export type TypedVisit = { serviceId: string | null; date: string | null; window: DayWindow | null };

/** The words of three letters or more, normalised. */
const wordsOf = (text: string): string[] =>
  normalizeTyped(text)
    .split(' ')
    .filter((word) => word.length >= 3);

/** Enough of a word to meet its other forms: «масло», «масла» and «маслом» share «масл». */
const stemOf = (word: string): string => word.slice(0, Math.max(4, Math.ceil(word.length * 0.6)));

/** Words clients type for a job (the start of a word, or its root after a prefix), and a word of the service name it stands for. */
const CLIENT_WORDS: readonly (readonly [string, string])[] = [
  ['переоб', 'шиномонтаж'],
  ['резин', 'шиномонтаж'],
  ['колес', 'шиномонтаж'],
  ['шины', 'шиномонтаж'],
  ['покрыш', 'шиномонтаж'],
  ['сход', 'развал'],
  ['уводит', 'развал'],
  ['тянет', 'развал'],
  ['руль', 'развал'],
  ['стучит', 'ходовой'],
  ['стук', 'ходовой'],
  ['подвес', 'ходовой'],
  ['вмятин', 'кузовной'],
  ['царап', 'кузовной'],
  ['покрас', 'кузовной'],
  ['подкрас', 'кузовной'],
  ['бампер', 'кузовной'],
  ['помял', 'кузовной'],
  ['помят', 'кузовной'],
  ['крыло', 'кузовной'],
  ['дтп', 'кузовной'],
  ['выправ', 'кузовной'],
  ['колодк', 'тормоз'],
  ['фреон', 'кондиционер'],
];

/** Words of many jobs' names: never enough alone to say which job. */
const GENERIC = ['замен', 'ремон', 'обслуж', 'провер', 'работ', 'услуг', 'устран'];

/** The one service whose name the text names best, or null when none or several fit equally. */
export const typedService = (text: string, services: readonly { id: string; name: string }[]): string | null => {
  const typed = wordsOf(text);
  const spoken = new Set(typed.map(stemOf));
  for (const [clientWord, serviceWord] of CLIENT_WORDS) {
    // A root after a prefix («поцарапали») counts for the longer words; a short one («шины») must start the word, or «машины» would be tyres.
    const said = (word: string) => (clientWord.length >= 5 ? word.includes(clientWord) : word.startsWith(clientWord));
    if (typed.some(said)) spoken.add(stemOf(serviceWord));
  }
  const stemsOf = services.map((service) => ({ id: service.id, stems: wordsOf(service.name).map(stemOf) }));
  const uses = new Map<string, number>();
  for (const { stems } of stemsOf) for (const stem of new Set(stems)) uses.set(stem, (uses.get(stem) ?? 0) + 1);
  const scored = stemsOf
    .map(({ id, stems }) => {
      const met = stems.filter((stem) => [...spoken].some((word) => word.startsWith(stem) || stem.startsWith(word)));
      // «замена» names no job («нужна замена сцепления» is not the oil change): a word of this service's own must be met.
      const own = met.some(
        (stem) => uses.get(stem) === 1 && !GENERIC.some((word) => word.startsWith(stem) || stem.startsWith(word)),
      );
      return { id, score: own && stems.length > 0 ? met.length / stems.length : 0 };
    })
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < 0.5 || (second && second.score === best.score)) return null;
  return best.id;
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Short weekday names chrono does not read («во вт», «в воскр»), after a preposition, Monday first. */
const SHORT_WEEKDAY = /(?:^| )(?:в|во|на|к) (пн|вт|ср|чт|пт|сб|вс|воскр[а-я]*)(?= |$)/;
const SHORT_WEEKDAYS = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];
/** «20го», «на 25 число», «к 12-му»: a day of the month without the month. */
const DAY_OF_MONTH = /(?:^| )(\d{1,2}) ?(?:го|е|ое|ого|му|числ[а-я]*)(?= |$)/;

/** «25.12», «18.12.2026»: day and month as stations and clients write them (the month in two digits: «1.6» is an engine). */
const NUMERIC_DATE = /(?<![\d.:])(\d{1,2})\.(\d{2})(?:\.(?:\d{4}|\d{2}))?(?![\d.:])/u;
const ORDINALS = [
  'перв',
  'втор',
  'треть',
  'четверт',
  'пят',
  'шест',
  'седьм',
  'восьм',
  'девят',
  'десят',
  'одиннадцат',
  'двенадцат',
  'тринадцат',
  'четырнадцат',
  'пятнадцат',
  'шестнадцат',
  'семнадцат',
  'восемнадцат',
  'девятнадцат',
  'двадцат',
];
/** «двадцатого», «двадцать пятого», «тридцать первого»: a day of the month in words (its genitive). */
const ORDINAL_DAY = /(?:^| )(?:(двадцать|тридцать) )?([а-я]+?)(?:ого|его)(?= |$)/;

const ordinalDay = (spaced: string): number => {
  const found = ORDINAL_DAY.exec(spaced);
  if (!found) return 0;
  const unit = ORDINALS.indexOf(found[2]!) + 1;
  const tens = found[1] === 'двадцать' ? 20 : found[1] === 'тридцать' ? 30 : 0;
  if (found[2] === 'тридцат' && !tens) return 30;
  return unit > 0 && (tens === 0 || unit <= 9) ? tens + unit : 0;
};

/** `month`-`day` of this year, or of the next once it has passed; null when there is no such date. */
const nextDate = (today: Temporal.PlainDate, month: number, day: number): string | null => {
  if (month < 1 || month > 12 || day < 1) return null;
  for (const year of [today.year, today.year + 1]) {
    const date = Temporal.PlainDate.from({ year, month, day: 1 });
    if (day > date.daysInMonth) return null;
    if (Temporal.PlainDate.compare(date.with({ day }), today) >= 0) return date.with({ day }).toString();
  }
  return null;
};

/** The nearest `weekday` (1 = Monday) from `today` on, today included. */
const nextWeekday = (today: Temporal.PlainDate, weekday: number) => today.add({ days: (weekday - today.dayOfWeek + 7) % 7 });

/** Day `day` of this month, or of the next once it has passed; null when no such day. */
const nextDayOfMonth = (today: Temporal.PlainDate, day: number): Temporal.PlainDate | null => {
  if (day < 1) return null;
  if (day >= today.day && day <= today.daysInMonth) return today.with({ day });
  const next = today.add({ months: 1 }).with({ day: 1 });
  return day <= next.daysInMonth ? next.with({ day }) : null;
};

/** The day the text names, in the branch's zone; null when none, or when it has passed. */
export const typedDay = (text: string, nowMs: number, timeZone: string): string | null => {
  const now = Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone);
  const today = now.toPlainDate();
  const spaced = normalizeTyped(text);
  const reference = { instant: new Date(nowMs), timezone: Math.round(now.offsetNanoseconds / 60e9) };
  // chrono reads a bare «день» («Добрый день», «в первой половине дня») and «4 дня» (4 p.m.) as a span of days.
  const results = chrono.ru
    .parse(text, reference, { forwardDate: true })
    .filter((result) => !/^(\d+\s+)?(день|дня|дней)[\s,.!?]*$/iu.test(result.text));
  // A weekday alone is the nearest one, today included; «на следующей неделе во вторник» is chrono's to read.
  const weekday = results.find((result) => result.start.isCertain('weekday'));
  const short = SHORT_WEEKDAY.exec(spaced)?.[1];
  const named = weekday
    ? weekday.start.get('weekday')! || 7
    : short
      ? SHORT_WEEKDAYS.indexOf(short.startsWith('воскр') ? 'вс' : short) + 1
      : 0;
  if (named > 0 && !spaced.includes('следующ')) return nextWeekday(today, named).toString();
  const dated = weekday ?? results.find((result) => result.start.isCertain('day'));
  if (dated) {
    const { start } = dated;
    const date = Temporal.PlainDate.from({ year: start.get('year')!, month: start.get('month')!, day: start.get('day')! });
    return Temporal.PlainDate.compare(date, today) < 0 ? null : date.toString();
  }
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) return nextDate(today, Number(numeric[2]), Number(numeric[1]));
  const dayOfMonth = Number(DAY_OF_MONTH.exec(spaced)?.[1] ?? ordinalDay(spaced));
  return dayOfMonth ? (nextDayOfMonth(today, dayOfMonth)?.toString() ?? null) : null;
};

const PARTS_OF_DAY: readonly (readonly [RegExp, DayWindow])[] = [
  [/утр|пораньше|первой половине/, { from: '00:00', to: '12:00' }],
  [/обед|днем|днём|второй половине/, { from: '12:00', to: '17:00' }],
  [/вечер|попозже|после работы/, { from: '17:00', to: '24:00' }],
];

/**
 * An hour after «в», «к», «на», «около»: «в 10», «к 15:30», «в 18 00», «в 3 дня»; not a date
 * («на 10 декабря», «к 20-му», «на 25 число») and not a count («на 4 колеса»: no station opens at 4).
 */
const HOUR =
  /(?:^|\s)(?:в|к|на|около)\s+(\d{1,2})(?:[:. ](\d{2})(?!\d))?(?:\s*(утра|дня|вечера))?(?!\s*(?:[.:]\d|-|го(?![а-я])|янв|фев|мар|апр|мая|июн|июл|авг|сен|окт|ноя|дек|числ|\d))/gu;

const CLOCK = /(?<![\d.])(\d{1,2}):(\d{2})(?![\d.])()/gu;

/** The part of the day the text asks for: «утром», «после обеда», «вечером», or two hours from a named hour. */
export const typedWindow = (text: string): DayWindow | null => {
  const lower = text.toLowerCase();
  // A clock with a colon is a time wherever it stands: «замена масла, 21-го, 15:00».
  for (const at of [...lower.matchAll(HOUR), ...lower.matchAll(CLOCK)]) {
    const afternoon = (at[3] === 'дня' || at[3] === 'вечера') && Number(at[1]) < 12;
    const hour = Number(at[1]) + (afternoon ? 12 : 0);
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
