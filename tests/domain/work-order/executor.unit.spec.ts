import { describe, expect, it } from 'vitest';
import { innValid, ogrnValid, requireExecutor } from '../../../domain/work-order/executor.ts';
import { requireHourlyRate } from '../../../domain/work-order/rates.ts';

// Real registrations published in the state register (a bank, an entrepreneur): their check digits hold.
describe('The station’s details on documents', () => {
  it('accepts the ИНН and ОГРН of real registrations and refuses any one digit changed', () => {
    for (const inn of ['7707083893', '500100732259']) {
      expect(innValid(inn)).toBe(true);
      expect(innValid(inn.slice(0, -1) + String((Number(inn.at(-1)) + 1) % 10))).toBe(false);
    }
    for (const ogrn of ['1027700132195', '304500116000157']) {
      expect(ogrnValid(ogrn)).toBe(true);
      expect(ogrnValid(ogrn.slice(0, -1) + String((Number(ogrn.at(-1)) + 1) % 10))).toBe(false);
    }
    expect(innValid('77070838')).toBe(false);
    expect(ogrnValid('10277001321950')).toBe(false);
  });

  it('keeps what was typed, spaces dropped from the numbers, blanks as nothing', () => {
    expect(
      requireExecutor({
        legalName: '  ИП Ёлкин П. С. ',
        inn: '5001 0073 2259',
        ogrn: ' ',
        legalAddress: 'г. Тула, ул. Мира, 5',
        phone: '',
      }),
    ).toEqual({
      legalName: 'ИП Ёлкин П. С.',
      inn: '500100732259',
      ogrn: null,
      legalAddress: 'г. Тула, ул. Мира, 5',
      phone: null,
    });
  });

  it('refuses a wrong check digit, an empty name, control characters, and a norm-hour rate out of range', () => {
    const field = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as { details?: { field?: string } }).details?.field;
      }
      return 'accepted';
    };
    expect(field(() => requireExecutor({ legalName: 'ООО «Ромашка»', inn: '7707083894' }))).toBe('inn');
    expect(field(() => requireExecutor({ legalName: 'ООО «Ромашка»', ogrn: '1027700132196' }))).toBe('ogrn');
    expect(field(() => requireExecutor({ legalName: '   ' }))).toBe('legalName');
    expect(field(() => requireExecutor({ legalName: 'ООО\u0007' }))).toBe('legalName');
    expect(field(() => requireHourlyRate(0))).toBe('hourlyRateKopecks');
    expect(field(() => requireHourlyRate(10_000_001))).toBe('hourlyRateKopecks');
    expect(field(() => requireHourlyRate(1.5))).toBe('hourlyRateKopecks');
    expect(requireHourlyRate(250_000)).toBe(250_000);
    expect(requireHourlyRate(null)).toBeNull();
  });
});
