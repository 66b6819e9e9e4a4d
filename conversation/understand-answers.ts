import type { Branch, Service, WeeklyHours } from '../domain/catalog/catalog.ts';
import type { Lang } from '../domain/shared/lang.ts';

// ───────────────────────────── The bot's own answers to typed questions ─────────────────────────────

const words = {
  ru: {
    days: ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'],
    closed: 'выходной',
    hoursTitle: 'Мы работаем:',
    pricesTitle: 'Цены на работы:',
    from: 'от',
    address: (address: string) => `Наш адрес: ${address}`,
    addressesTitle: 'Наши адреса:',
    phone: (phone: string) => `Наш телефон: ${phone}`,
    phonesTitle: 'Наши телефоны:',
    more: 'Записаться можно кнопкой «Записаться» ниже.',
  },
  en: {
    days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    closed: 'closed',
    hoursTitle: 'Our hours:',
    pricesTitle: 'Prices of our works:',
    from: 'from',
    address: (address: string) => `Our address: ${address}`,
    addressesTitle: 'Our addresses:',
    phone: (phone: string) => `Our phone: ${phone}`,
    phonesTitle: 'Our phones:',
    more: 'Tap «Book» below to book a visit.',
  },
} as const;

/** «10:00» from «10:00» or «9:5»: hours as a clock shows them. */
const clock = (time: string) => {
  const [h = '0', m = '0'] = time.split(':');
  return `${Number(h)}:${m.padStart(2, '0')}`;
};

/** A week's hours with days of equal hours joined: «пн–пт 9:00–20:00, сб 10:00–16:00, вс выходной». */
export const weekText = (hours: WeeklyHours, lang: Lang): string => {
  const w = words[lang];
  const dayText = (day: number) => {
    const open = hours[String(day) as keyof WeeklyHours];
    return open ? `${clock(open.open)}–${clock(open.close)}` : w.closed;
  };
  const parts: string[] = [];
  let first = 1;
  for (let day = 1; day <= 7; day++) {
    if (day < 7 && dayText(day + 1) === dayText(day)) continue;
    const span = first === day ? w.days[day - 1] : `${w.days[first - 1]}–${w.days[day - 1]}`;
    parts.push(`${span} ${dayText(day)}`);
    first = day + 1;
  }
  return parts.join(', ');
};

/** Each branch's week, named when there are several. */
export const branchWeeks = (branches: readonly Branch[], lang: Lang): string[] =>
  branches.map((branch) =>
    branches.length > 1 ? `${branch.name}: ${weekText(branch.hours, lang)}` : weekText(branch.hours, lang),
  );

export const hoursAnswer = (branches: readonly Branch[], lang: Lang): string =>
  [words[lang].hoursTitle, ...branchWeeks(branches, lang), '', words[lang].more].join('\n');

/** The services with a price, cheapest first; null when no service has one (a manager answers then). */
export const pricesAnswer = (services: readonly Service[], lang: Lang): string | null => {
  const w = words[lang];
  const priced = [...services].filter((service) => service.priceRub > 0).sort((a, b) => a.priceRub - b.priceRub);
  if (priced.length === 0) return null;
  const rub = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB');
  return [
    w.pricesTitle,
    ...priced.map((service) => `• ${service.name} — ${w.from} ${rub.format(service.priceRub)} ₽`),
    '',
    w.more,
  ].join('\n');
};

/** One fact of the branches (an address, a phone): the one value, or each branch's where they differ; null when none is known. */
const perBranch = (
  branches: readonly { name: string; value: string | null }[],
  one: (value: string) => string,
  title: string,
  lang: Lang,
): string | null => {
  const known = branches.filter((branch): branch is { name: string; value: string } => branch.value !== null);
  const values = new Set(known.map((branch) => branch.value));
  if (values.size === 0) return null;
  const lines =
    values.size === 1 ? [one([...values][0]!)] : [title, ...known.map((branch) => `• ${branch.name} — ${branch.value}`)];
  return [...lines, '', words[lang].more].join('\n');
};

/**
 * Where to come: the one address, or each branch's where they differ; null when none is known (a
 * manager answers then). A branch without an address of its own has the station's.
 */
export const addressAnswer = (branches: readonly { name: string; address: string | null }[], lang: Lang): string | null =>
  perBranch(
    branches.map((branch) => ({ name: branch.name, value: branch.address })),
    words[lang].address,
    words[lang].addressesTitle,
    lang,
  );

/** The station's phone, or each branch's when they differ; null when none is in the settings. */
export const phoneAnswer = (branches: readonly { name: string; phone: string | null }[], lang: Lang): string | null =>
  perBranch(
    branches.map((branch) => ({ name: branch.name, value: branch.phone })),
    words[lang].phone,
    words[lang].phonesTitle,
    lang,
  );
