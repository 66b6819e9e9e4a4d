import { describe, expect, it } from 'vitest';
import { callTimeWords, cardTimeWords } from '../../../web/src/lib/card-times.ts';

const MOSCOW = 'Europe/Moscow';
const VLADIVOSTOK = 'Asia/Vladivostok';

describe('a board card’s times in words', () => {
  it('shows only the times of a visit within the board’s day, in the branch’s zone', () => {
    expect(cardTimeWords('2026-12-04T07:00:00Z', '2026-12-04T08:30:00Z', '2026-12-04', MOSCOW, 'ru')).toBe('10:00–11:30');
    // 23:00 UTC on the 3rd is 09:00 on the 4th in Vladivostok (UTC+10).
    expect(cardTimeWords('2026-12-03T23:00:00Z', '2026-12-04T00:00:00Z', '2026-12-04', VLADIVOSTOK, 'ru')).toBe('09:00–10:00');
  });

  it('names both days of a visit that runs overnight, in the panel’s language, with no date code', () => {
    const ru = cardTimeWords('2026-12-04T15:00:00Z', '2026-12-05T09:00:00Z', '2026-12-04', MOSCOW, 'ru');
    expect(ru).toBe('пт, 4 дек, 18:00 → сб, 5 дек');
    const en = cardTimeWords('2026-12-04T15:00:00Z', '2026-12-05T09:00:00Z', '2026-12-04', MOSCOW, 'en');
    expect(en).toBe('Fri, 4 Dec, 18:00 → Sat, 5 Dec');
    expect(ru).not.toMatch(/\d{2}-\d{2}/);
  });

  it('gives a call’s time alone on the board’s day and with its day before it', () => {
    expect(callTimeWords('2026-12-04T06:05:00Z', '2026-12-04', MOSCOW, 'ru')).toBe('09:05');
    expect(callTimeWords('2026-12-02T14:40:00Z', '2026-12-04', MOSCOW, 'ru')).toBe('ср, 2 дек, 17:40');
  });
});
