import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  assertCompletable,
  isReminderDue,
  overdueReminderText,
  requireNewTask,
  taskStatusAt,
} from '../../../domain/task/task.ts';

const now = Date.parse('2026-12-02T10:00:00Z');
const HOUR = 3_600_000;

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'accepted';
};

describe('Task', () => {
  describe('when the clock passes the due time', () => {
    it('is Open before, Overdue from the due time on, and Completed whatever the clock once completed', () => {
      const task = { status: 'Open' as const, dueAt: now + HOUR };
      expect(taskStatusAt(task, now)).toBe('Open');
      expect(taskStatusAt(task, now + HOUR)).toBe('Overdue');
      expect(taskStatusAt({ ...task, status: 'Completed' }, now + 2 * HOUR)).toBe('Completed');
    });

    it('is due a reminder only while overdue and open', () => {
      expect(isReminderDue({ status: 'Open', dueAt: now + HOUR }, now)).toBe(false);
      expect(isReminderDue({ status: 'Open', dueAt: now - HOUR }, now)).toBe(true);
      expect(isReminderDue({ status: 'Completed', dueAt: now - HOUR }, now)).toBe(false);
    });
  });

  describe('when a task is made', () => {
    it('takes a one-line title and a zoned due time ahead', () => {
      expect(requireNewTask({ title: '  Перезвонить  ', dueAt: '2026-12-02T15:00+03:00' }, now)).toEqual({
        title: 'Перезвонить',
        dueAt: Date.parse('2026-12-02T12:00:00Z'),
      });
    });

    it('refuses an empty title, a time without offset, a time in the past and one beyond a year', () => {
      expect(codeOf(() => requireNewTask({ title: ' ', dueAt: '2026-12-02T15:00+03:00' }, now))).toBe('VALIDATION');
      expect(codeOf(() => requireNewTask({ title: 'a\nb', dueAt: '2026-12-02T15:00+03:00' }, now))).toBe('VALIDATION');
      expect(codeOf(() => requireNewTask({ title: 'x', dueAt: '2026-12-02T15:00' }, now))).toBe('VALIDATION');
      expect(codeOf(() => requireNewTask({ title: 'x', dueAt: '2026-12-01T15:00+03:00' }, now))).toBe('IN_PAST');
      expect(codeOf(() => requireNewTask({ title: 'x', dueAt: '2028-01-01T15:00+03:00' }, now))).toBe('VALIDATION');
    });
  });

  describe('when a task is completed', () => {
    it('refuses to complete it twice', () => {
      expect(codeOf(() => assertCompletable({ status: 'Open', dueAt: now }))).toBe('accepted');
      expect(codeOf(() => assertCompletable({ status: 'Completed', dueAt: now }))).toBe('ILLEGAL_TRANSITION');
    });
  });

  describe('when the overdue reminder is written', () => {
    it('names the kind and the due time in the branch zone in words, never the title', () => {
      const message = overdueReminderText(
        { kind: 'call_back', dueAt: Date.parse('2026-12-02T12:00:00Z') },
        'Asia/Vladivostok',
        'https://crm/tasks/',
      );
      expect(message.subject).toContain('перезвонить клиенту');
      expect(message.text).toContain('2 декабря');
      expect(message.text).toContain('22:00');
      expect(message.text).toContain('https://crm/tasks/');
    });
  });
});
