import { DomainError } from './errors.ts';

/** A phone as typed, with its spaces, brackets and dashes: this many characters at least and at most. */
export const PHONE_TYPED = { min: 5, max: 30 } as const;
const TYPED = new RegExp(`^[+\\d\\s()\\-.]{${PHONE_TYPED.min},${PHONE_TYPED.max}}$`);

/**
 * Russian numbers to E.164: 8XXXXXXXXXX, 7XXXXXXXXXX and +7 (XXX) XXX-XX-XX are one number.
 * Other countries pass when they already carry a `+` and a plausible length.
 */
export const normalizePhone = (input: string): string | null => {
  const trimmed = input.trim();
  if (!TYPED.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    const national = digits.slice(1);
    return /^[3489]\d{9}$/.test(national) ? `+7${national}` : null;
  }
  if (digits.length === 10 && /^9\d{9}$/.test(digits)) return `+7${digits}`;
  if (trimmed.startsWith('+') && !digits.startsWith('7') && digits.length >= 8 && digits.length <= 15) {
    return `+${digits}`;
  }
  return null;
};

export const requirePhone = (input: string): string => {
  const phone = normalizePhone(input);
  if (!phone) throw new DomainError('VALIDATION', 'The phone number is not valid', { field: 'phone' });
  return phone;
};
