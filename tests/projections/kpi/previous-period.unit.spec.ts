import { describe, expect, it } from 'vitest';
import { previousPeriod } from '../../../projections/kpi/queries.ts';

describe('The period a report is compared with', () => {
  it('is the previous calendar month for a whole month, whatever their lengths', () => {
    expect(previousPeriod('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(previousPeriod('2026-12-01', '2026-12-31')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(previousPeriod('2027-03-01', '2027-03-31')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(previousPeriod('2028-03-01', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(previousPeriod('2027-01-01', '2027-01-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('is as many days right before any other period', () => {
    expect(previousPeriod('2026-11-30', '2026-12-06')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(previousPeriod('2026-12-06', '2026-12-06')).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    // A month so far, or a month and a day, is not a whole month.
    expect(previousPeriod('2026-12-01', '2026-12-06')).toEqual({ from: '2026-11-25', to: '2026-11-30' });
    expect(previousPeriod('2026-11-01', '2026-12-02')).toEqual({ from: '2026-09-30', to: '2026-10-31' });
  });
});
