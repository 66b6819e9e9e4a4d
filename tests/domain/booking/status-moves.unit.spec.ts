import { describe, expect, it } from 'vitest';
import { canMove, movesFor, stepsForward } from '../../../domain/booking/status-moves.ts';

describe('Booking status moves', () => {
  it('walks a booking forward through every status it has not passed, in order', () => {
    expect(stepsForward('New', 'InProgress')).toEqual(['Confirmed', 'InProgress']);
    expect(stepsForward('New', 'Done')).toEqual(['Confirmed', 'InProgress', 'Done']);
    expect(stepsForward('Confirmed', 'Done')).toEqual(['InProgress', 'Done']);
    expect(stepsForward('InProgress', 'Done')).toEqual(['Done']);
  });

  it('takes no step back, none in place, and none for a cancelled booking', () => {
    expect(stepsForward('Done', 'InProgress')).toEqual([]);
    expect(stepsForward('InProgress', 'InProgress')).toEqual([]);
    expect(stepsForward('Done', 'Done')).toEqual([]);
    expect(stepsForward('Cancelled', 'Done')).toEqual([]);
  });

  it('gives only moves the table allows', () => {
    for (const from of ['New', 'Confirmed', 'InProgress'] as const) {
      const path = [from, ...stepsForward(from, 'Done')];
      for (let i = 1; i < path.length; i++) expect(canMove(path[i - 1]!, path[i]!), `${path[i - 1]} → ${path[i]}`).toBe(true);
    }
  });

  it('leaves a mechanic only starting and finishing; the desk has every move the table allows', () => {
    expect(movesFor('New', false)).toEqual([]);
    expect(movesFor('Confirmed', false)).toEqual(['InProgress']);
    expect(movesFor('InProgress', false)).toEqual(['Done']);
    expect(movesFor('New', true)).toEqual(['Confirmed', 'Cancelled']);
    expect(movesFor('InProgress', true)).toEqual(['Done', 'Cancelled']);
    expect(movesFor('Done', true)).toEqual([]);
  });
});
