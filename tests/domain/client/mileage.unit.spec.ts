import { describe, expect, it } from 'vitest';
import { averageDailyKm } from '../../../domain/client/mileage.ts';

describe('A car’s average daily mileage', () => {
  it('is the distance between the first and last readings over the days between them', () => {
    expect(
      averageDailyKm([
        { at: '2026-06-01T09:00:00Z', km: 62_000 },
        { at: '2026-01-01T09:00:00Z', km: 50_000 },
        { at: '2026-03-01T09:00:00Z', km: 55_100 },
      ]),
    ).toBe(79.5);
  });

  it('gives no estimate from one reading, from readings less than a week apart, or when the odometer went back', () => {
    expect(averageDailyKm([])).toBeNull();
    expect(averageDailyKm([{ at: '2026-01-01T09:00:00Z', km: 50_000 }])).toBeNull();
    expect(
      averageDailyKm([
        { at: '2026-01-01T09:00:00Z', km: 50_000 },
        { at: '2026-01-05T09:00:00Z', km: 50_400 },
      ]),
    ).toBeNull();
    expect(
      averageDailyKm([
        { at: '2026-01-01T09:00:00Z', km: 50_000 },
        { at: '2026-03-01T09:00:00Z', km: 1_200 },
      ]),
    ).toBeNull();
  });
});
