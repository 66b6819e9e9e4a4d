import { GENITIVE_MONTHS } from '../shared/russian-words.ts';
import { Temporal } from '../shared/time.ts';

// ───────────────────────────── What a digest holds ─────────────────────────────
// Counts only: the owner's digest names the organization and its branches, never a client or a
// booking, so it may travel through Telegram and e-mail without personal data.

export const digestLanguages = ['ru', 'en'] as const;
export type DigestLanguage = (typeof digestLanguages)[number];

export const digestKeys = [
  'newBookings',
  'confirmed',
  'done',
  'cancelled',
  'noShows',
  'botShare',
  'medianConfirmMinutes',
  'slaMisses',
  'refusedOverlaps',
] as const;
export type DigestKey = (typeof digestKeys)[number];

type Unit = 'count' | 'percent' | 'minutes';
const unitOf: Record<DigestKey, Unit> = {
  newBookings: 'count',
  confirmed: 'count',
  done: 'count',
  cancelled: 'count',
  noShows: 'count',
  botShare: 'percent',
  medianConfirmMinutes: 'minutes',
  slaMisses: 'count',
  refusedOverlaps: 'count',
};

/** A figure of the reported day and of the day before; null where there is nothing to measure. */
export type DigestFigure = { value: number | null; previous: number | null };

export type DigestSection = {
  /** null: every branch of the organization together. */
  branch: string | null;
  figures: Record<DigestKey, DigestFigure>;
};

export type Digest = {
  organization: string;
  /** The reported day, an ISO date in the organization's zone. */
  day: string;
  sections: DigestSection[];
};

// ───────────────────────────── Words ─────────────────────────────

const pad = (value: number) => String(value).padStart(2, '0');

const ru = {
  title: (day: string, organization: string) => `📊 Итоги дня — ${organization}\n${day}`,
  legend: 'В скобках — изменение к предыдущему дню.',
  allBranches: 'Все филиалы',
  subject: (date: string, organization: string) => `Итоги дня ${date} — ${organization}`,
  labels: {
    newBookings: 'Новые записи',
    confirmed: 'Подтверждено',
    done: 'Выполнено',
    cancelled: 'Отменено',
    noShows: 'Неявки',
    botShare: 'Доля записей через бота',
    medianConfirmMinutes: 'Время до подтверждения (медиана)',
    slaMisses: 'Просрочено подтверждение',
    refusedOverlaps: 'Отказы: время уже занято',
  } satisfies Record<DigestKey, string>,
  minutes: 'мин',
  points: 'п.п.',
  none: '—',
  decimal: ',',
  weekdays: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
  months: GENITIVE_MONTHS as readonly string[],
  dayLabel: (weekday: string, day: number, month: string, year: number) => `${weekday}, ${day} ${month} ${year}`,
  dateLabel: (date: Temporal.PlainDate) => `${pad(date.day)}.${pad(date.month)}.${date.year}`,
};

type DigestTexts = typeof ru;

const en: DigestTexts = {
  title: (day, organization) => `📊 Daily summary — ${organization}\n${day}`,
  legend: 'In brackets: the change against the day before.',
  allBranches: 'All branches',
  subject: (date, organization) => `Daily summary ${date} — ${organization}`,
  labels: {
    newBookings: 'New bookings',
    confirmed: 'Confirmed',
    done: 'Done',
    cancelled: 'Cancelled',
    noShows: 'No-shows',
    botShare: 'Booked through the bot',
    medianConfirmMinutes: 'Time to confirm (median)',
    slaMisses: 'Confirmation overdue',
    refusedOverlaps: 'Refused: time already taken',
  },
  minutes: 'min',
  points: 'pp',
  none: '—',
  decimal: '.',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  dayLabel: (weekday, day, month, year) => `${weekday}, ${day} ${month} ${year}`,
  dateLabel: (date) => date.toString(),
};

const texts: Record<DigestLanguage, DigestTexts> = { ru, en };

// ───────────────────────────── Formatting ─────────────────────────────

const round1 = (value: number) => Math.round(value * 10) / 10;
const number = (t: DigestTexts, value: number) => String(round1(value)).replace('.', t.decimal);

const valueText = (t: DigestTexts, unit: Unit, value: number) =>
  unit === 'percent' ? `${number(t, value)}%` : unit === 'minutes' ? `${number(t, value)} ${t.minutes}` : number(t, value);

const changeText = (t: DigestTexts, unit: Unit, change: number) => {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const magnitude = number(t, Math.abs(change));
  return unit === 'percent'
    ? `${sign}${magnitude} ${t.points}`
    : unit === 'minutes'
      ? `${sign}${magnitude} ${t.minutes}`
      : `${sign}${magnitude}`;
};

const line = (t: DigestTexts, key: DigestKey, { value, previous }: DigestFigure) => {
  const unit = unitOf[key];
  if (value === null) return `• ${t.labels[key]}: ${t.none}`;
  const change = previous === null ? '' : ` (${changeText(t, unit, round1(value - previous))})`;
  return `• ${t.labels[key]}: ${valueText(t, unit, value)}${change}`;
};

const dayText = (t: DigestTexts, isoDate: string) => {
  const date = Temporal.PlainDate.from(isoDate);
  return t.dayLabel(t.weekdays[date.dayOfWeek - 1]!, date.day, t.months[date.month - 1]!, date.year);
};

/** The digest as an e-mail subject and a plain text (no markup, so nothing needs escaping in Telegram). */
export const formatDigest = (digest: Digest, language: DigestLanguage): { subject: string; text: string } => {
  const t = texts[language];
  const sections = digest.sections.map((section) =>
    [section.branch ?? t.allBranches, ...digestKeys.map((key) => line(t, key, section.figures[key]))].join('\n'),
  );
  return {
    subject: t.subject(t.dateLabel(Temporal.PlainDate.from(digest.day)), digest.organization),
    text: [`${t.title(dayText(t, digest.day), digest.organization)}\n${t.legend}`, ...sections].join('\n\n'),
  };
};

/**
 * Cuts a text into messages of at most `limit` characters at blank lines (between sections), so
 * an organization with many branches never hits Telegram's message limit mid-figure.
 */
export const splitMessage = (text: string, limit: number): string[] => {
  const messages: string[] = [];
  let current = '';
  for (const block of text.split('\n\n')) {
    const joined = current ? `${current}\n\n${block}` : block;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current) messages.push(current);
    current = block;
    while (current.length > limit) {
      messages.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  if (current) messages.push(current);
  return messages;
};
