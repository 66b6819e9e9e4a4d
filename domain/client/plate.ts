import { DomainError } from '../shared/errors.ts';
import { CYRILLIC_LOOK_ALIKES } from '../shared/russian-words.ts';
import { refuse, singleLineProblem, textLimits } from '../shared/input-rules.ts';

/** Latin look-alikes typed into a Russian plate become the Cyrillic letters the plate really has. */
export const normalizePlate = (plate: string): string => {
  return (
    plate
      .toUpperCase()
      .replace(/\s+/g, '')
      // «А123ВС77 RUS»: the country mark printed after the region is not part of the number.
      .replace(/(\d)(?:RUS|РУС)$/, '$1')
      .replace(/[ABEKMHOPCTYX]/g, (letter) => CYRILLIC_LOOK_ALIKES[letter] ?? letter)
  );
};

/**
 * Letters, digits and dashes, as Russian and neighbouring countries' plates are written; every plate
 * has a digit, so a word typed at the plate question («не знаю» → НЕЗНАЮ) is not taken for one.
 */
const PLATE = /^(?=.*\d)[0-9A-ZА-ЯЁ-]{4,12}$/;

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
    throw new DomainError('VALIDATION', `${field} must be 4 to ${textLimits.plate} letters, digits or dashes, with a digit`, {
      field,
      problem,
    });
  }
  if (problem) throw refuse(field, problem, textLimits.plateTyped);
  return normalizePlate(typed);
};

// A word of four letters or more: plates have at most three letters in a row («WOB ZK 295», «А123ВС77 RUS»).
const LONG_WORD = /[A-ZА-ЯЁ]{4,}/iu;

/**
 * True when a typed text that is not a plate was still meant as one («А1», «123»): it has a digit
 * and no real word. A phrase («я опаздываю на 15 минут», «сколько стоит шиномонтаж») is not.
 */
export const isPlateAttempt = (typed: string): boolean => /\d/.test(typed) && !LONG_WORD.test(typed);

/** A Russian car's plate on its own, as typed («а123вс77», «A 123 BC 777»): letter, three digits, two letters, the region. */
export const isRussianPlate = (typed: string): boolean =>
  /^[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2}\d{2,3}$/u.test(normalizePlate(typed));

// A Russian plate at the end of a typed car or a diary's car cell: «Kia Rio А123ВС77», «VW Polo e456km750».
const TRAILING_PLATE = /\s+([АВЕКМНОРСТУХABEKMHOPCTYX]\s?\d{3}\s?[АВЕКМНОРСТУХABEKMHOPCTYX]{2}\s?\d{2,3})(?:\s*(?:RUS|РУС))?$/iu;

/** «Kia Rio А123ВС77» → Kia, Rio, А123ВС77; a text without a plate is make and model only. */
export const carOfText = (text: string): { make?: string; model?: string; plate?: string } => {
  const plateMatch = TRAILING_PLATE.exec(text);
  const rest = plateMatch ? text.slice(0, plateMatch.index) : text;
  const [make, ...model] = rest.trim().split(/\s+/).filter(Boolean);
  return {
    ...(make ? { make } : {}),
    ...(model.length ? { model: model.join(' ') } : {}),
    ...(plateMatch ? { plate: normalizePlate(plateMatch[1]!) } : {}),
  };
};
