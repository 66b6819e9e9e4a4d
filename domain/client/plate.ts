import { DomainError } from '../shared/errors.ts';
import { refuse, singleLineProblem, textLimits } from '../shared/input-rules.ts';

/** Latin look-alikes typed into a Russian plate become the Cyrillic letters the plate really has. */
export const normalizePlate = (plate: string): string => {
  const latinToCyrillic: Record<string, string> = {
    A: 'А',
    B: 'В',
    E: 'Е',
    K: 'К',
    M: 'М',
    H: 'Н',
    O: 'О',
    P: 'Р',
    C: 'С',
    T: 'Т',
    Y: 'У',
    X: 'Х',
  };
  return (
    plate
      .toUpperCase()
      .replace(/\s+/g, '')
      // «А123ВС77 RUS»: the country mark printed after the region is not part of the number.
      .replace(/(\d)(?:RUS|РУС)$/, '$1')
      .replace(/[ABEKMHOPCTYX]/g, (letter) => latinToCyrillic[letter] ?? letter)
  );
};

/** Letters, digits and dashes, as Russian and neighbouring countries' plates are written. */
const PLATE = /^[0-9A-ZА-ЯЁ-]{4,12}$/;

/** Why a typed plate cannot be a plate, or null: control characters, too long, or not letters and digits. */
export const plateProblem = (typed: string): 'control' | 'long' | 'shape' | null => {
  const problem = singleLineProblem(typed.trim(), textLimits.plateTyped);
  if (problem === 'control' || problem === 'long') return problem;
  return PLATE.test(normalizePlate(typed)) ? null : 'shape';
};

/** The normalised plate, or a VALIDATION error naming `field`. */
export const requirePlate = (typed: string, field = 'car.plate'): string => {
  const problem = plateProblem(typed);
  if (problem === 'shape') {
    throw new DomainError('VALIDATION', `${field} must be 4 to ${textLimits.plate} letters, digits or dashes`, {
      field,
      problem,
    });
  }
  if (problem) throw refuse(field, problem, textLimits.plateTyped);
  return normalizePlate(typed);
};
