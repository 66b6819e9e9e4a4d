import { describe, expect, it } from 'vitest';
import { createOccupancy } from '../../../projections/calendar/occupancy.ts';

const DAY = 86_400;
const HOUR = 3_600;
/** Epoch seconds of an hour of a day, counted from an arbitrary Monday. */
const at = (day: number, hour: number) => 1_796_515_200 + day * DAY + hour * HOUR;

describe('A bay’s occupied times', () => {
  it('meets an overlap on its own bay only, and not an interval that just touches, like tstzrange’s [)', () => {
    const occupancy = createOccupancy();
    occupancy.take('a', 'bay-1', at(0, 9), at(0, 10));
    expect(occupancy.isFree('bay-1', at(0, 9.5), at(0, 10.5))).toBe(false);
    expect(occupancy.isFree('bay-1', at(0, 8), at(0, 9.01))).toBe(false);
    expect(occupancy.isFree('bay-1', at(0, 10), at(0, 11))).toBe(true);
    expect(occupancy.isFree('bay-1', at(0, 8), at(0, 9))).toBe(true);
    expect(occupancy.isFree('bay-2', at(0, 9), at(0, 10))).toBe(true);
  });

  it('frees everything a booking held, and only that', () => {
    const occupancy = createOccupancy();
    occupancy.take('a', 'bay-1', at(0, 9), at(0, 10));
    occupancy.take('a', 'bay-1', at(1, 9), at(1, 10));
    occupancy.take('b', 'bay-1', at(0, 11), at(0, 12));
    occupancy.free('a');
    expect(occupancy.isFree('bay-1', at(0, 9), at(0, 10))).toBe(true);
    expect(occupancy.isFree('bay-1', at(1, 9), at(1, 10))).toBe(true);
    expect(occupancy.isFree('bay-1', at(0, 11), at(0, 12))).toBe(false);
    occupancy.free('nobody');
    expect(occupancy.isFree('bay-1', at(0, 11.5), at(0, 13))).toBe(false);
  });

  it('meets an interval across midnight from either of its days', () => {
    const occupancy = createOccupancy();
    occupancy.take('night', 'bay-1', at(0, 22), at(1, 2));
    expect(occupancy.isFree('bay-1', at(0, 23), at(0, 23.5))).toBe(false);
    expect(occupancy.isFree('bay-1', at(1, 1), at(1, 3))).toBe(false);
    expect(occupancy.isFree('bay-1', at(1, 2), at(1, 3))).toBe(true);
  });

  it('meets intervals too long to file by day, and unbounded ones, from any look-up, and asks them of every day', () => {
    const occupancy = createOccupancy();
    occupancy.take('month', 'bay-1', at(0, 0), at(30, 0));
    occupancy.take('ever', 'bay-2', -Infinity, Infinity);
    occupancy.take('day', 'bay-3', at(40, 9), at(40, 10));
    expect(occupancy.isFree('bay-1', at(12, 9), at(12, 10))).toBe(false);
    expect(occupancy.isFree('bay-1', at(30, 0), at(30, 1))).toBe(true);
    expect(occupancy.isFree('bay-2', at(-1000, 9), at(-1000, 10))).toBe(false);
    expect(occupancy.isFree('bay-3', -Infinity, at(0, 0))).toBe(true);
    expect(occupancy.isFree('bay-3', at(0, 0), Infinity)).toBe(false);
    expect(occupancy.isFree('bay-3', at(35, 0), at(45, 0))).toBe(false);
    occupancy.free('month');
    occupancy.free('ever');
    expect(occupancy.isFree('bay-1', at(12, 9), at(12, 10))).toBe(true);
    expect(occupancy.isFree('bay-2', at(-1000, 9), at(-1000, 10))).toBe(true);
  });

  it('files an interval that ends at midnight under that day too, and one of eight days by day, without meeting what only touches it', () => {
    const occupancy = createOccupancy();
    occupancy.take('evening', 'bay-1', at(0, 20), at(1, 0));
    occupancy.take('week', 'bay-2', at(0, 0), at(7, 23));
    expect(occupancy.isFree('bay-1', at(1, 0), at(1, 1))).toBe(true);
    expect(occupancy.isFree('bay-1', at(0, 23), at(1, 1))).toBe(false);
    expect(occupancy.isFree('bay-2', at(7, 22), at(8, 1))).toBe(false);
    expect(occupancy.isFree('bay-2', at(7, 23), at(8, 1))).toBe(true);
  });

  it('takes back, last first, what was done since it last settled, and keeps what was settled', () => {
    const occupancy = createOccupancy();
    occupancy.take('kept', 'bay-1', at(0, 9), at(0, 10));
    occupancy.take('moved', 'bay-1', at(0, 11), at(0, 12));
    occupancy.settle();
    occupancy.free('moved');
    occupancy.take('moved', 'bay-1', at(0, 13), at(0, 14));
    occupancy.free('kept');
    occupancy.take('new', 'bay-1', at(0, 9), at(0, 10));
    occupancy.undo();
    expect(occupancy.isFree('bay-1', at(0, 9), at(0, 10))).toBe(false);
    expect(occupancy.isFree('bay-1', at(0, 11), at(0, 12))).toBe(false);
    expect(occupancy.isFree('bay-1', at(0, 13), at(0, 14))).toBe(true);
    // What was taken back is as it was: freeing the booking that kept its time frees it.
    occupancy.free('kept');
    expect(occupancy.isFree('bay-1', at(0, 9), at(0, 10))).toBe(true);
    occupancy.undo();
    expect(occupancy.isFree('bay-1', at(0, 9), at(0, 10))).toBe(false);
  });
});
