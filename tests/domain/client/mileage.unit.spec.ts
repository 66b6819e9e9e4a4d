import { describe, expect, it } from 'vitest';
import { averageDailyKm, nextMaintenance } from '../../../domain/client/mileage.ts';

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

describe('When a periodic work is due again', () => {
  const readings = [
    { at: '2026-01-10T09:00:00Z', km: 40_000 },
    { at: '2026-03-11T09:00:00Z', km: 46_000 },
  ];
  const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

  it('is due by the odometer the car has likely run, from its average daily mileage', () => {
    // 100 km a day since the last reading: 46 000 + 40 days × 100 = 50 000 on 20 April.
    const last = { at: '2026-01-10T09:00:00Z', km: 40_000 };
    expect(nextMaintenance(last, { km: 10_000, months: 12 }, readings, day('2026-04-19'))).toMatchObject({
      dueDate: '2027-01-10',
      dueKm: 50_000,
      due: false,
    });
    const soon = nextMaintenance(last, { km: 10_000, months: 12 }, readings, day('2026-04-21'));
    expect(soon.kmNow).toBeGreaterThanOrEqual(50_000);
    expect(soon.due).toBe(true);
  });

  it('is due by the date when the months have run out, however little the car went', () => {
    const last = { at: '2025-06-01T09:00:00Z', km: 46_000 };
    expect(nextMaintenance(last, { km: 15_000, months: 12 }, readings, day('2026-06-01'))).toMatchObject({
      dueDate: '2026-06-01',
      due: true,
    });
    expect(nextMaintenance(last, { km: null, months: 12 }, readings, day('2026-05-31')).due).toBe(false);
  });

  it('has no km deadline without a reading at the visit, and the last reading stands without an average', () => {
    const last = { at: '2026-03-11T09:00:00Z', km: null };
    expect(nextMaintenance(last, { km: 10_000, months: null }, [readings[1]!], day('2026-09-01'))).toEqual({
      dueDate: null,
      dueKm: null,
      kmNow: 46_000,
      due: false,
    });
  });
});
