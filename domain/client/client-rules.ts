import { DomainError } from '../shared/errors.ts';
import { requireSingleLine, textLimits } from '../shared/input-rules.ts';
import { requirePhone } from '../shared/phone.ts';
import { requirePlate } from './plate.ts';

// ───────────────────────────── What a client's record may hold ─────────────────────────────

export type CarInput = { make?: string; model?: string; plate?: string; year?: number };

/** Model years a car on the road can have: from the first series cars to the next model year and a margin. */
const CAR_YEARS = { min: 1900, max: 2100 } as const;

/** A person's name: one line, not empty, no control characters, within the limit. */
export const requireClientName = (value: string, field = 'client.name'): string =>
  requireSingleLine(value, field, textLimits.personName, { required: true });

/** A car as typed: each part checked on its own, empty parts left out, the plate normalised; undefined when nothing is left. */
/**
 * A make or model of no letter or digit («—» in a diary's empty cell, «🚗» typed to the bot) names
 * no car and is left out; «2107» does name one (a Жигули), so digits count.
 */
const namesSomething = (text: string): string => (/[\p{L}\p{N}]/u.test(text) ? text : '');

export const requireCar = (car: CarInput, field = 'car'): CarInput | undefined => {
  const make = namesSomething(car.make === undefined ? '' : requireSingleLine(car.make, `${field}.make`, textLimits.carMake));
  const model = namesSomething(
    car.model === undefined ? '' : requireSingleLine(car.model, `${field}.model`, textLimits.carModel),
  );
  const plate = car.plate === undefined || car.plate.trim() === '' ? '' : requirePlate(car.plate, `${field}.plate`);
  const { year } = car;
  if (year !== undefined && (!Number.isInteger(year) || year < CAR_YEARS.min || year > CAR_YEARS.max)) {
    throw new DomainError('VALIDATION', `${field}.year must be a year from ${CAR_YEARS.min} to ${CAR_YEARS.max}`, {
      field: `${field}.year`,
    });
  }
  const kept: CarInput = {
    ...(make ? { make } : {}),
    ...(model ? { model } : {}),
    ...(plate ? { plate } : {}),
    ...(year !== undefined ? { year } : {}),
  };
  return Object.keys(kept).length > 0 ? kept : undefined;
};

/** Name and phone of a client as a channel gives them, checked and normalised. */
export const requireContact = (client: { name: string; phone: string }, field = 'client') => ({
  name: requireClientName(client.name, `${field}.name`),
  phone: requirePhone(client.phone),
});

// ───────────────────────────── Consents ─────────────────────────────

const PURPOSE = /^[a-z][a-z0-9-]{1,40}$/;
const TEXT_HASH = /^[0-9a-f]{64}$/;
export const NOTICE_VERSION_MAX = 40;

/** What a consent names: a purpose code, the notice's version and the SHA-256 of its text. */
export const requireConsentTerms = (terms: { purpose: string; noticeVersion: string; textHash: string }) => {
  if (!PURPOSE.test(terms.purpose)) {
    throw new DomainError('VALIDATION', 'purpose must be a lower-case code such as personal-data', { field: 'purpose' });
  }
  if (!TEXT_HASH.test(terms.textHash)) {
    throw new DomainError('VALIDATION', 'textHash must be a SHA-256 in hex', { field: 'textHash' });
  }
  requireSingleLine(terms.noticeVersion, 'noticeVersion', NOTICE_VERSION_MAX, { required: true });
  return terms;
};
