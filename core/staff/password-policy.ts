import { readFileSync } from 'node:fs';
import { dictionary } from '@zxcvbn-ts/language-common';

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

/**
 * Why a staff password is refused, or null when it is accepted: at least 12 characters, not one
 * of the commonly used passwords in either keyboard layout, not the e-mail's name, and more than
 * a handful of distinct characters.
 */
export const passwordProblem = (password: string, email?: string): string | null => {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  if (new Set(password.toLowerCase()).size < 5) return 'The password repeats too few characters: choose a less simple one';
  if (readings(password).some(isListed)) return 'This password is one of the most common ones: choose another';
  const name = email?.split('@')[0]?.toLowerCase();
  if (name && name.length >= 4 && password.toLowerCase().includes(name)) {
    return 'The password must not contain the e-mail’s name';
  }
  return null;
};
