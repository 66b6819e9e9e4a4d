import { DomainError } from '../shared/errors.ts';

// ───────────────────────────── The car on a work order ─────────────────────────────

/** Cyrillic letters that look like Latin ones: VINs are often typed on a Russian keyboard. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
};

/**
 * A VIN: 17 characters of digits and Latin letters except I, O and Q (ISO 3779). Only the shape is
 * checked: the check digit is a North-American rule that European and Russian VINs do not follow.
 */
export const requireVin = (value: string): string => {
  const vin = [...value.trim().toUpperCase()].map((char) => LOOK_ALIKES[char] ?? char).join('');
  if (vin.length !== 17) throw new DomainError('VALIDATION', 'A VIN has 17 characters', { field: 'vin' });
  const bad = [...vin].find((char) => !/[A-HJ-NPR-Z0-9]/.test(char));
  if (bad !== undefined) {
    throw new DomainError('VALIDATION', 'A VIN holds digits and Latin letters except I, O and Q', { field: 'vin' });
  }
  return vin;
};
