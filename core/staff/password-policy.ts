import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { PasswordWeakness } from '../../contract/users.ts';
import { Refusal } from '../shared/refusal.ts';

/** NIST SP 800-63B and OWASP ASVS 2.1.1 ask for 12+ characters when nothing else (MFA) guards the account. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

const russian = readFileSync(new URL('./common-passwords-ru.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));

/** ~49 000 passwords from breach lists (zxcvbn-ts) and the Cyrillic ones Russian speakers pick. */
const common = new Set([...dictionary['passwords-common'], ...russian]);

const CYRILLIC = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const toLatin = new Map([...CYRILLIC].map((letter, i) => [letter, LATIN[i]!]));
const toCyrillic = new Map([...LATIN].map((key, i) => [key, CYRILLIC[i]!]));
const retyped = (text: string, layout: Map<string, string>) => [...text].map((c) => layout.get(c) ?? c).join('');

/** The password, and the same keys typed on the other keyboard layout (йцукен is qwerty). */
const readings = (password: string) => {
  const text = password.normalize('NFC').toLowerCase();
  return [text, retyped(text, toLatin), retyped(text, toCyrillic)];
};

/** A listed password as it stands, or with digits before or after it (password1234, 2024пароль). */
const isListed = (text: string) => {
  if (common.has(text)) return true;
  const core = text.replace(/^\d+|\d+$/g, '');
  return core.length >= 4 && common.has(core);
};

const DETAILS: Record<PasswordWeakness, string> = {
  'too-short': `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`,
  'too-long': `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`,
  'too-simple': 'The password repeats too few characters: choose a less simple one',
  common: 'This password is one of the most common ones: choose another',
  'email-name': 'The password must not contain the e-mail’s name',
  unchanged: 'The new password is the same as the old one',
};

/**
 * Why a staff password is refused, or null when it is accepted: at least 12 characters, not one
 * of the commonly used passwords in either keyboard layout, not the e-mail's name, and more than
 * a handful of distinct characters.
 */
export const passwordWeakness = (password: string, email?: string): PasswordWeakness | null => {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  if (new Set(password.toLowerCase()).size < 5) return 'too-simple';
  if (readings(password).some(isListed)) return 'common';
  const name = email?.split('@')[0]?.toLowerCase();
  if (name && name.length >= 4 && password.toLowerCase().includes(name)) return 'email-name';
  return null;
};

/** The weakness in words (for a configuration error at start). */
export const passwordProblem = (password: string, email?: string): string | null => {
  const weakness = passwordWeakness(password, email);
  return weakness && DETAILS[weakness];
};

/** The refusal every door that sets a password answers with: the field, and why, for the panel to word. */
export const weakPassword = (weakness: PasswordWeakness, field = 'password') =>
  new Refusal('invalid', 'WEAK_PASSWORD', DETAILS[weakness], { field, reason: weakness });

/** 20 random characters that pass the staff password rule for `email` (a draw that does not is drawn again). */
export const generatedPassword = (email?: string): string => {
  const password = randomBytes(15).toString('base64url');
  return passwordWeakness(password, email) ? generatedPassword(email) : password;
};
