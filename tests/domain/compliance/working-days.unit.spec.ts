import { describe, expect, it } from 'vitest';
import { closeRequest, dueDateOf, extendRequest } from '../../../domain/compliance/requests.ts';
import { addWorkingDays, isCovered, isWorkingDay, workingDaysLeft } from '../../../domain/compliance/working-days.ts';
import { DomainError } from '../../../domain/shared/errors.ts';

describe('Production calendar', () => {
  it('knows the moved days off and the worked Saturday of 2025', () => {
    expect(isWorkingDay('2025-05-02')).toBe(false); // moved from Saturday 4 January
    expect(isWorkingDay('2025-05-08')).toBe(false); // moved from Sunday 23 February
    expect(isWorkingDay('2025-06-13')).toBe(false); // moved from Saturday 8 March
    expect(isWorkingDay('2025-11-01')).toBe(true); // Saturday worked, its day off moved to 3 November
    expect(isWorkingDay('2025-11-03')).toBe(false);
    expect(isWorkingDay('2025-12-31')).toBe(false);
    expect(isWorkingDay('2025-02-24')).toBe(true); // 23 February's day off went to 8 May instead
  });

  it('knows the 2026 holidays and their art. 112 transfers', () => {
    expect(isWorkingDay('2026-01-09')).toBe(false);
    expect(isWorkingDay('2026-01-12')).toBe(true);
    expect(isWorkingDay('2026-02-23')).toBe(false);
    expect(isWorkingDay('2026-03-09')).toBe(false); // 8 March is a Sunday
    expect(isWorkingDay('2026-05-11')).toBe(false); // 9 May is a Saturday
    expect(isWorkingDay('2026-11-04')).toBe(false);
    expect(isWorkingDay('2026-12-31')).toBe(false);
  });

  it('falls back to weekends and statutory holidays outside the data, and says so', () => {
    expect(isCovered('2026-06-01')).toBe(true);
    expect(isCovered('2027-06-01')).toBe(false);
    expect(isWorkingDay('2027-06-14')).toBe(true);
    expect(isWorkingDay('2027-11-04')).toBe(false);
  });

  it('counts a period from the day after the event', () => {
    expect(addWorkingDays('2026-04-06', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-10', 1)).toBe('2026-04-13'); // Friday → Monday
  });

  it('counts working days left, negative when overdue', () => {
    expect(workingDaysLeft('2026-02-20', '2026-02-25')).toBe(2);
    expect(workingDaysLeft('2026-02-25', '2026-02-25')).toBe(0);
    expect(workingDaysLeft('2026-02-27', '2026-02-25')).toBe(-2);
  });
});

describe('Subject request deadlines', () => {
  describe('when a request arrives on the Friday before Defender of the Fatherland Day 2026', () => {
    const friday = '2026-02-20';

    it('gives an access request 10 working days, skipping 23 February and 9 March', () => {
      expect(dueDateOf('access', friday)).toBe('2026-03-10');
    });

    it('gives a rectification request 7 working days', () => {
      expect(dueDateOf('rectification', friday)).toBe('2026-03-04');
    });

    it('gives a consent withdrawal 30 calendar days', () => {
      expect(dueDateOf('withdrawal', friday)).toBe('2026-03-22');
    });

    it('extends an access request once by 5 working days, with a reason', () => {
      const request = { kind: 'access' as const, status: 'open' as const, dueDate: dueDateOf('access', friday) };
      expect(extendRequest(request, 'Архив записей за 2024 год на восстановлении')).toEqual({
        status: 'extended',
        dueDate: '2026-03-17',
      });
      expect(() => extendRequest({ ...request, status: 'extended' }, 'Ещё раз, пожалуйста, подольше')).toThrow(DomainError);
      expect(() => extendRequest(request, 'нет')).toThrow(/more time/);
    });

    it('refuses to extend a rectification request', () => {
      expect(() =>
        extendRequest({ kind: 'rectification', status: 'open', dueDate: '2026-03-04' }, 'Нужна проверка документов'),
      ).toThrow(/cannot be extended/);
    });
  });

  it('counts the worked Saturday before the November holidays of 2025', () => {
    // Friday 31 October 2025: Saturday 1 November is worked, 3 and 4 November are not.
    expect(dueDateOf('access', '2025-10-31')).toBe('2025-11-17');
  });

  it('closes a request once', () => {
    expect(closeRequest({ kind: 'access', status: 'extended', dueDate: '2026-03-17' }, 'answered')).toEqual({ status: 'done' });
    expect(() => closeRequest({ kind: 'access', status: 'done', dueDate: '2026-03-17' }, 'answered')).toThrow(/already closed/);
  });
});
