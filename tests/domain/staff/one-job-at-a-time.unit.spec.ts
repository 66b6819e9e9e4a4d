import { describe, expect, it } from 'vitest';
import type { Service } from '../../../domain/catalog/catalog.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  assertMechanicFree,
  clashFor,
  dayOffImpact,
  mechanicsFor,
  staffedBy,
  type MechanicJob,
  type StaffMember,
} from '../../../domain/staff/shifts.ts';

const HOUR = 3_600_000;
const zone = 'Europe/Moscow';
// Monday 2026-03-02 10:00 Moscow.
const ten = Date.parse('2026-03-02T07:00:00Z');
const oil = { id: 's', name: 'Замена масла', bayKind: 'lift' } as unknown as Service;
const member = (id: string): StaffMember => ({
  id,
  active: true,
  startDate: null,
  skills: ['lift'],
  shifts: { 1: { from: '09:00', to: '19:00' } },
  absences: [],
});
const planAt = (from: number, hours = 1) => ({
  start: from,
  end: from + hours * HOUR,
  segments: [{ date: '2026-03-02', from, to: from + hours * HOUR }],
});
const held: MechanicJob[] = [{ bookingId: 'b1', mechanicId: 'anna', from: ten, to: ten + 2 * HOUR }];

describe('A mechanic works one job at a time', () => {
  it('finds the overlapping job, not one that only touches it nor the booking itself', () => {
    expect(clashFor('anna', planAt(ten + HOUR), held)?.bookingId).toBe('b1');
    expect(clashFor('anna', planAt(ten + 2 * HOUR), held)).toBeNull();
    expect(clashFor('anna', planAt(ten - HOUR), held)).toBeNull();
    expect(clashFor('anna', planAt(ten), held, 'b1')).toBeNull();
    expect(clashFor('boris', planAt(ten), held)).toBeNull();
  });

  it('refuses a second overlapping job in words, naming the job that holds the mechanic', () => {
    try {
      assertMechanicFree('anna', planAt(ten + HOUR), held);
      expect.unreachable('an overlapping job is refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'MECHANIC_BUSY', message: 'This mechanic already has another job at that time' });
      expect((error as DomainError).details).toEqual({ mechanicId: 'anna', bookingId: 'b1' });
    }
    expect(() => assertMechanicFree('anna', planAt(ten + 2 * HOUR), held)).not.toThrow();
  });

  it('does not offer a busy mechanic for a job, and a time only busy mechanics could staff is not staffed', () => {
    const staff = [member('anna'), member('boris')];
    expect(mechanicsFor({ staff, services: [oil], plan: planAt(ten), timeZone: zone, jobs: held }).map((m) => m.id)).toEqual([
      'boris',
    ]);
    expect(staffedBy([member('anna')], [oil], zone, held)(planAt(ten))).toBe(false);
    expect(staffedBy([member('anna')], [oil], zone, held)(planAt(ten + 3 * HOUR))).toBe(true);
  });

  it('on a day off gives two overlapping jobs to two people, not both to the same one', () => {
    const jobs = ['j1', 'j2'].map((bookingId) => ({ bookingId, services: [oil], segments: planAt(ten + 4 * HOUR).segments }));
    const impact = dayOffImpact({
      member: member('anna'),
      absence: { from: '2026-03-02', to: '2026-03-02', kind: 'sick' },
      jobs,
      others: [member('anna'), member('boris')],
      timeZone: zone,
      shiftsRequired: true,
      held: [],
    });
    expect(impact).toEqual({ reassigned: [{ bookingId: 'j1', mechanicId: 'boris' }], toMove: ['j2'] });
  });
});
