import { describe, expect, it } from 'vitest';
import { textsFor } from '../../conversation/texts.ts';

describe('The cancellation a client is told of', () => {
  it('names a reason that says something, and none for «other»', () => {
    const t = textsFor('ru');
    expect(t.notifyCancelled('Замена масла', 'Пн 14.12 в 10:00', t.reason.station)).toBe(
      '❌ Ваша запись отменена: Замена масла, Пн 14.12 в 10:00.\nПричина: по решению станции.',
    );
    expect(t.notifyCancelled('Замена масла', 'Пн 14.12 в 10:00', t.reason.other)).toBe(
      '❌ Ваша запись отменена: Замена масла, Пн 14.12 в 10:00.',
    );
    const en = textsFor('en');
    expect(en.notifyCancelled('Oil change', 'Mon 14.12 at 10:00', en.reason.other)).toBe(
      '❌ Your booking is cancelled: Oil change, Mon 14.12 at 10:00.',
    );
  });
});
