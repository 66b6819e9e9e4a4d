// ───────────────────────────── How far a car goes ─────────────────────────────

/** An odometer reading taken at a visit. */
export type Reading = { at: string; km: number };

const DAY_MS = 86_400_000;

/**
 * Kilometres a day between the first and the last reading, rounded to one decimal; null with fewer
 * than two readings a week apart or more (closer ones say little), or when the odometer went back
 * (replaced or misread): no estimate rather than a wrong one.
 */
export const averageDailyKm = (readings: readonly Reading[]): number | null => {
  const sorted = [...readings].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || first === last) return null;
  const days = (Date.parse(last.at) - Date.parse(first.at)) / DAY_MS;
  if (days < 7 || last.km < first.km) return null;
  return Math.round(((last.km - first.km) / days) * 10) / 10;
};
