import { describe, expect, it } from 'vitest';
import { closedSpans, inputEnd, midnightEnd, openSpans } from '../../../domain/catalog/day-spans.ts';

/** Minutes since midnight: the spans read plainly. */
const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const DAY = { from: 0, to: 24 * 60 };

describe('A day’s open and closed spans', () => {
  it('cuts the breaks out of the working day, in order whatever order they were given in', () => {
    const day = {
      open: '09:00',
      close: '20:00',
      breaks: [
        { from: '16:00', to: '16:15' },
        { from: '13:00', to: '14:00' },
      ],
    };
    expect(openSpans(day, minutes)).toEqual([
      { from: 540, to: 780 },
      { from: 840, to: 960 },
      { from: 975, to: 1200 },
    ]);
    expect(closedSpans(openSpans(day, minutes), DAY)).toEqual([
      { from: 0, to: 540 },
      { from: 780, to: 840 },
      { from: 960, to: 975 },
      { from: 1200, to: 1440 },
    ]);
  });

  it('leaves nothing closed at the end of a day open until midnight, and a break reaching past the close ends the day', () => {
    const late = { open: '08:00', close: '24:00', breaks: [] };
    expect(closedSpans(openSpans(late, minutes), DAY)).toEqual([{ from: 0, to: 480 }]);
    const early = { open: '09:00', close: '18:00', breaks: [{ from: '17:00', to: '19:00' }] };
    expect(openSpans(early, minutes)).toEqual([{ from: 540, to: 1020 }]);
  });

  it('is all closed when nothing is open', () => {
    expect(closedSpans([], DAY)).toEqual([DAY]);
  });
});

describe('An end at midnight', () => {
  it('is «24:00» when typed «00:00» in a time input, and goes back into one as «00:00»', () => {
    expect(midnightEnd('00:00')).toBe('24:00');
    expect(midnightEnd('23:59')).toBe('23:59');
    expect(inputEnd('24:00')).toBe('00:00');
    expect(inputEnd('18:00')).toBe('18:00');
    expect(midnightEnd(inputEnd('24:00'))).toBe('24:00');
  });
});
