import { DomainError } from './errors.ts';
import { Temporal } from './time.ts';

// ───────────────────────────── Why these rules ─────────────────────────────
// One set of rules for what a person or a file may put into a command, whatever the channel (HTTP,
// a messenger bot, an imported file). Text that passes them can be stored in PostgreSQL as text and
// JSON and shown on any screen; times that pass them lie where the planner and PostgreSQL can reach.
// The HTTP schemas take their numbers from here.

// ───────────────────────────── Limits ─────────────────────────────

/** Longest value of each free-text field, in characters (code points, as JSON Schema counts them). */
export const textLimits = {
  personName: 200,
  carMake: 60,
  carModel: 60,
  /** A plate as typed, spaces included («А 123 ВС 777 RUS»). */
  plateTyped: 20,
  /** A plate once normalised: no spaces, Cyrillic look-alikes. */
  plate: 12,
  comment: 1000,
  email: 254,
} as const;

/** How far ahead staff may plan (a phone booking for next season); clients are held to the branch's own horizon. */
export const STAFF_HORIZON_DAYS = 366;
/** The longest job the planner lays out (a multi-day body repair). */
export const MAX_JOB_DAYS = 60;

const DAY_MS = 86_400_000;

// ───────────────────────────── Text ─────────────────────────────

export type TextProblem = 'control' | 'long' | 'empty';

/** Control characters (C0, DEL, C1), lone surrogates, and line or paragraph separators. */
// Bidirectional embeddings, overrides and isolates too: a printed name or phone would read other than it is stored.
const SINGLE_LINE_FORBIDDEN = /[\p{Cc}\p{Cs}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The same, except line feed and tab, which free text such as a comment may hold. */
const MULTI_LINE_FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\p{Cs}\u2028\u2029]/u;

const lengthOf = (text: string) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

/** Invisible format characters (zero-width spaces and joiners, marks of direction, the byte-order mark). */
// Beyond spaces and format characters: combining marks with nothing to sit on, private-use
// characters no font draws, and the fillers and the braille blank that render as empty space.
const INVISIBLE = /[\p{Cf}\p{M}\p{Co}\s\u115f\u1160\u3164\uffa0\u2800]/gu;

/** True when a text has something to see: not only spaces, zero-width characters and blanks that look like them. */
export const showsSomething = (text: string): boolean => text.replace(INVISIBLE, '') !== '';

/** What is wrong with a one-line value (a name, a car, a plate, an id), or null; `text` is already trimmed. */
export const singleLineProblem = (text: string, max: number): TextProblem | null => {
  if (SINGLE_LINE_FORBIDDEN.test(text)) return 'control';
  if (lengthOf(text) > max) return 'long';
  return null;
};

/** Windows and old Mac line ends become line feeds: the same text typed on another machine. */
export const normalizeLineEnds = (text: string): string => text.replace(/\r\n?/g, '\n');

/** What is wrong with free text that may run over several lines (a comment), or null; line ends already normalised. */
export const multiLineProblem = (text: string, max: number): TextProblem | null => {
  if (MULTI_LINE_FORBIDDEN.test(text)) return 'control';
  if (lengthOf(text) > max) return 'long';
  return null;
};

/** The refusal of a text field; `problem` lets a channel word it its own way. */
export const refuse = (field: string, problem: TextProblem, max: number): DomainError => {
  switch (problem) {
    case 'control':
      return new DomainError('VALIDATION', `${field} must not contain control characters`, { field, problem });
    case 'long':
      return new DomainError('VALIDATION', `${field} must be at most ${max} characters`, { field, problem, max });
    case 'empty':
      return new DomainError('VALIDATION', `${field} must not be empty`, { field, problem });
  }
};

/** A trimmed one-line value, or a VALIDATION error naming `field`. */
export const requireSingleLine = (value: string, field: string, max: number, options: { required?: boolean } = {}): string => {
  const text = value.trim();
  if (options.required && !showsSomething(text)) throw refuse(field, 'empty', max);
  const problem = singleLineProblem(text, max);
  if (problem) throw refuse(field, problem, max);
  return text;
};

/** Trimmed free text with normalised line ends, or a VALIDATION error naming `field`. */
export const requireMultiLine = (value: string, field: string, max: number): string => {
  const text = normalizeLineEnds(value).trim();
  const problem = multiLineProblem(text, max);
  if (problem) throw refuse(field, problem, max);
  return text;
};

/**
 * A name taken from someone else's record (a messenger profile), not typed as an answer to us:
 * the person cannot easily change it, so it is cleaned instead of refused — control characters
 * dropped, spaces collapsed, cut at the limit.
 */
export const cleanOutsideName = (value: string): string =>
  [
    ...value
      .replace(/[\p{Cc}\p{Cs}\u2028\u2029]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  ]
    .slice(0, textLimits.personName)
    .join('')
    .trim();

// ───────────────────────────── E-mail ─────────────────────────────

/**
 * An address mail servers take as typed: a local part without spaces, quotes or brackets, and a
 * domain of letter-or-digit labels (Cyrillic ones too: почта.рф) ending in a name of letters.
 * Stricter than RFC 5322 on purpose: a quoted local part or an IP literal is a typo here, not a client.
 */
const EMAIL = /^[^\s@"(),:;<>[\]\\]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/** Whether a trimmed text is an e-mail address by the rule above, within the length limit. */
export const isEmailAddress = (text: string): boolean =>
  EMAIL.test(text) && !text.includes('..') && singleLineProblem(text, textLimits.email) === null;

/**
 * An e-mail address as typed, trimmed and with its domain in lower case (the local part is the
 * mailbox's own), or a VALIDATION error naming `field` that never repeats the value.
 */
export const requireEmail = (value: string, field = 'email'): string => {
  const text = value.trim();
  if (text === '') throw refuse(field, 'empty', textLimits.email);
  const problem = singleLineProblem(text, textLimits.email);
  if (problem) throw refuse(field, problem, textLimits.email);
  if (!isEmailAddress(text)) {
    throw new DomainError('VALIDATION', `${field} must be an e-mail address such as name@example.ru`, {
      field,
      problem: 'email',
    });
  }
  const at = text.lastIndexOf('@');
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
};

// ───────────────────────────── Ids ─────────────────────────────

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id of a branch, bay, service, booking or person: a UUID, nothing else. */
export const requireId = (value: string, field: string): string => {
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new DomainError('VALIDATION', `${field} must be a UUID`, { field });
  }
  return value;
};

// ───────────────────────────── Times ─────────────────────────────

/** An ISO date-time with an offset, as epoch milliseconds, or a VALIDATION error naming `field`. */
export const requireInstant = (value: string, field: string): number => {
  try {
    if (value.length > 64) throw new RangeError('too long');
    // An instant with its zone («…+03:00[Europe/Moscow]»): the zone must exist and agree with the
    // offset, which Instant.from would not check (it ignores the bracket).
    if (value.includes('[')) return Temporal.ZonedDateTime.from(value).epochMilliseconds;
    return Temporal.Instant.from(value).epochMilliseconds;
  } catch {
    throw new DomainError('VALIDATION', `${field} must be an ISO date-time with an offset, e.g. 2026-12-01T10:00+03:00`, {
      field,
    });
  }
};

/**
 * A time on the station's schedule: an instant as above on a whole minute. Seconds nobody sees on a
 * card would still shift a booking's end past the next free slot, which the day would then not offer.
 */
export const requireMinuteInstant = (value: string, field: string): number => {
  const at = requireInstant(value, field);
  if (at % 60_000 !== 0) {
    throw new DomainError('VALIDATION', `${field} must be a whole minute, without seconds, e.g. 2026-12-01T10:00+03:00`, {
      field,
    });
  }
  return at;
};

/** The earliest moment a record of ours can speak of (a paper consent signed long ago). */
const EARLIEST_RECORD = Date.parse('2000-01-01T00:00:00Z');
/** How far a clock that gave a time may run ahead of ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * When something already happened (a consent was signed): an ISO date-time with an offset, not in
 * the future and not before 2000. Returned as the ISO instant it names.
 */
export const requirePastInstant = (value: string, field: string, now: number): string => {
  const at = requireInstant(value, field);
  if (at > now + CLOCK_SKEW_MS || at < EARLIEST_RECORD) {
    throw new DomainError('VALIDATION', `${field} must be a moment between 2000 and now`, { field });
  }
  return new Date(at).toISOString();
};

/** A calendar day as yyyy-mm-dd that exists, or a VALIDATION error naming `field`. */
export const requireDate = (value: string, field: string): string => {
  try {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new RangeError('not a date');
    return Temporal.PlainDate.from(value, { overflow: 'reject' }).toString();
  } catch {
    throw new DomainError('VALIDATION', `${field} must be a date such as 2026-12-01`, { field });
  }
};

/** Who sets the time decides how far ahead it may lie. */
export type Planner = 'client' | 'staff';

/** Days ahead a start may lie: a client books within the branch's horizon, staff within a year. */
export const horizonDays = (branch: { readonly bookingHorizonDays: number }, by: Planner): number =>
  by === 'client' ? branch.bookingHorizonDays : Math.max(STAFF_HORIZON_DAYS, branch.bookingHorizonDays);

/**
 * Minutes a start must lie ahead of now: a client leaves the branch its notice for changes (what
 * they book online they could still cancel online, and the station has time to see it coming);
 * staff book any free time from now.
 */
export const leadMinutes = (branch: { readonly changeNoticeMinutes: number }, by: Planner): number =>
  by === 'client' ? branch.changeNoticeMinutes : 0;

/**
 * A start from `leadMinutes` after now to `days` ahead; before now is IN_PAST, inside the lead time
 * TOO_SOON, beyond the horizon VALIDATION.
 */
export const assertStartWithin = (start: number, now: number, days: number, leadMinutes = 0): void => {
  const field = 'start';
  if (!Number.isFinite(start)) throw new DomainError('VALIDATION', `${field} must be a date-time`, { field });
  if (start < now) throw new DomainError('IN_PAST', 'The time is in the past', { field });
  if (start < now + leadMinutes * 60_000) {
    throw new DomainError('TOO_SOON', `Clients book at least ${leadMinutes} minutes ahead`, { field, leadMinutes });
  }
  if (start > now + days * DAY_MS) {
    throw new DomainError('VALIDATION', `${field} must be at most ${days} days ahead`, { field, horizonDays: days });
  }
};

/** An end after the start and within the longest job the planner lays out. */
export const assertEndWithin = (start: number, end: number, field = 'end'): void => {
  if (!Number.isFinite(end)) throw new DomainError('VALIDATION', `${field} must be a date-time`, { field });
  if (end <= start) throw new DomainError('VALIDATION', 'The end must be after the start', { field });
  if (end > start + MAX_JOB_DAYS * DAY_MS) {
    throw new DomainError('VALIDATION', `${field} must be at most ${MAX_JOB_DAYS} days after the start`, { field });
  }
};
