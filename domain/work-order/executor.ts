import { DomainError } from '../shared/errors.ts';
import { requireSingleLine } from '../shared/input-rules.ts';

/** What the work order and the act say of the station (ПП РФ № 780 asks for its name, address and registration). */
export type Executor = {
  legalName: string;
  inn: string | null;
  ogrn: string | null;
  legalAddress: string | null;
  phone: string | null;
};

export const executorLimits = { legalName: 200, legalAddress: 300, phone: 40 } as const;

const digitsOf = (value: string) => [...value].map(Number);
const weighted = (digits: number[], weights: number[]) => weights.reduce((sum, weight, i) => sum + weight * digits[i]!, 0);

/**
 * Whether an ИНН's check digits hold: 10 digits for an organization, 12 for an individual
 * entrepreneur, each check digit the weighted sum mod 11 mod 10 (the Federal Tax Service's rule).
 * A typo in one digit is caught here rather than printed on every act.
 */
export const innValid = (inn: string): boolean => {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const d = digitsOf(inn);
  const check = (weights: number[]) => (weighted(d, weights) % 11) % 10;
  if (inn.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
};

/** Whether an ОГРН (13 digits, the first 12 mod 11) or ОГРНИП (15 digits, the first 14 mod 13) ends in its check digit. */
export const ogrnValid = (ogrn: string): boolean => {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return false;
  const body = BigInt(ogrn.slice(0, -1));
  const modulus = ogrn.length === 13 ? 11n : 13n;
  return (body % modulus) % 10n === BigInt(ogrn.slice(-1));
};

const optional = (value: string | null | undefined, field: string, max: number) => {
  const text = value == null ? '' : requireSingleLine(value, field, max);
  return text === '' ? null : text;
};

/** The station's details as the owner typed them, checked: spaces inside the numbers are dropped, check digits verified. */
export const requireExecutor = (input: {
  legalName: string;
  inn?: string | null;
  ogrn?: string | null;
  legalAddress?: string | null;
  phone?: string | null;
}): Executor => {
  const legalName = requireSingleLine(input.legalName, 'legalName', executorLimits.legalName, { required: true });
  const inn = input.inn == null ? null : input.inn.replace(/\s+/g, '') || null;
  if (inn !== null && !innValid(inn)) {
    throw new DomainError('VALIDATION', 'The ИНН has 10 or 12 digits and its check digits must hold', { field: 'inn' });
  }
  const ogrn = input.ogrn == null ? null : input.ogrn.replace(/\s+/g, '') || null;
  if (ogrn !== null && !ogrnValid(ogrn)) {
    throw new DomainError('VALIDATION', 'The ОГРН has 13 digits (ОГРНИП 15) and its check digit must hold', { field: 'ogrn' });
  }
  return {
    legalName,
    inn,
    ogrn,
    legalAddress: optional(input.legalAddress, 'legalAddress', executorLimits.legalAddress),
    phone: optional(input.phone, 'phone', executorLimits.phone),
  };
};
