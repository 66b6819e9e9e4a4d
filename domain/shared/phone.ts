import { DomainError } from './errors.ts';

/** A phone as typed, with its spaces, brackets and dashes: this many characters at least and at most. */
export const PHONE_TYPED = { min: 5, max: 30 } as const;
const TYPED = new RegExp(`^[+\\d\\s()\\-.]{${PHONE_TYPED.min},${PHONE_TYPED.max}}$`);

/**
 * A phone as pasted from a messenger, a web page or Word: every dash (en, em, minus, non-breaking
 * hyphen) becomes «-», invisible format characters (zero-width space, BOM, soft hyphen, word
 * joiner) go, and any space (NBSP, thin space) becomes a plain one.
 */
export const cleanTypedPhone = (input: string): string =>
  input
    .replace(/\p{Cf}/gu, '')
    .replace(/[\p{Pd}\u2212]/gu, '-')
    .replace(/\s+/g, ' ')
    .trim();

// «доб. 123», «доб 123», «добавочный 123», «вн. 123», «ext. 123», «x123», «#123», also in brackets
// or after a comma: the extension of an office number, which a manager needs to reach the person.
const EXTENSION = /[\s,;]*\(?\s*(?:доб(?:авочный)?|вн(?:утр(?:енний)?)?|ext|x|#)\.?\s*:?\s*(\d{1,6})\s*\)?\s*$/iu;

/** The number and its extension, if the text ends with one; «доб. 123» alone is an extension without a number. */
export const splitExtension = (input: string): { number: string; extension: string | null } => {
  const text = cleanTypedPhone(input);
  const match = EXTENSION.exec(text);
  if (!match) return { number: text, extension: null };
  return { number: text.slice(0, match.index).trim(), extension: match[1]! };
};

/**
 * Russian (and Kazakh, the same country code) numbers to E.164: 8XXXXXXXXXX, 7XXXXXXXXXX,
 * +7 (XXX) XXX-XX-XX and (XXX) XXX-XX-XX are one number.
 * Other countries pass when they already carry a `+` and a plausible length.
 */
export const normalizePhone = (input: string): string | null => {
  const trimmed = cleanTypedPhone(input);
  if (!TYPED.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    const national = digits.slice(1);
    // Russia's 3xx, 4xx, 8xx and 9xx, and Kazakhstan's 7xx, which shares the country code 7.
    return /^[34789]\d{9}$/.test(national) ? `+7${national}` : null;
  }
  // Ten digits with no «+» are a number written without its 8: a mobile (9xx) or a city number with
  // its area code — Moscow's «(495) 100-00-08», 3xx, 4xx, and 81x–87x only in brackets, «(812) …»:
  // «8 495 100 00 0» is an 8-number that lost a digit. With a «+» they are another country's.
  if (digits.length === 10 && !trimmed.startsWith('+')) {
    if (/^[934]\d{9}$/.test(digits) || /^\(\s*8[0-7]\d\s*\)/.test(trimmed)) return `+7${digits}`;
  }
  if (trimmed.startsWith('+') && !digits.startsWith('7') && digits.length >= 8 && digits.length <= 15) {
    return `+${digits}`;
  }
  return null;
};

/** A Russian mobile number (+7 9xx), as `normalizePhone` writes it: the only kind an SMS code is paid for. */
export const isRussianMobile = (phone: string): boolean => /^\+79\d{9}$/.test(phone);

export const requirePhone = (input: string): string => {
  const phone = normalizePhone(input);
  if (!phone) throw new DomainError('VALIDATION', 'The phone number is not valid', { field: 'phone' });
  return phone;
};

/**
 * A Russian number as «+7 916 123-45-04», a masked one («+7 *** ***-**-04») kept in the same shape;
 * anything else (a foreign number) is left as typed.
 */
export const phoneWords = (phone: string | null | undefined): string => {
  if (!phone) return '';
  const chars = phone.replace(/[^\d*]/g, '');
  const national = chars.length === 11 && /^[78]/.test(chars) ? chars.slice(1) : chars.length === 10 ? chars : '';
  if (!national) return phone;
  return `+7 ${national.slice(0, 3)} ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8, 10)}`;
};
