import { DomainError } from '../shared/errors.ts';

/** The dearest norm-hour a station could mean: a typo of three extra zeros is refused, not printed. */
export const MAX_HOURLY_RATE_KOPECKS = 10_000_000;

/** A branch's rate per norm-hour in kopecks, or null (no rate yet: norm-hour works are refused until one is set). */
export const requireHourlyRate = (kopecks: number | null): number | null => {
  if (kopecks === null) return null;
  if (!Number.isInteger(kopecks) || kopecks <= 0 || kopecks > MAX_HOURLY_RATE_KOPECKS) {
    throw new DomainError('VALIDATION', 'A norm-hour rate is a positive sum up to 100 000 ₽', { field: 'hourlyRateKopecks' });
  }
  return kopecks;
};
