import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../core/staff/password-policy.ts';
import { loadConfig } from '../../../config.ts';

describe('Password policy', () => {
  it.each(['12345678', 'qwerty123', 'йцукен', 'qwerty123456', 'йцукенгшщзхъ', '1q2w3e4r5t6y', 'password1234', 'ПАРОЛЬ123456'])(
    'refuses «%s»',
    (password) => {
      expect(passwordProblem(password)).not.toBeNull();
    },
  );

  it('refuses a password made of the e-mail’s name', () => {
    expect(passwordProblem('ivan.petrov2024', 'ivan.petrov@sto.ru')).toMatch(/e-mail/);
  });

  it.each(['тормозные колодки 7', 'correct horse battery', 'Kx7#pQ2!mZr9'])('accepts «%s»', (password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it('refuses OWNER_PASSWORD that breaks the rule at start, naming the key', () => {
    expect(() => loadConfig({ OWNER_EMAIL: 'o@x.ru', OWNER_PASSWORD: '12345678' })).toThrow(/OWNER_PASSWORD/);
    expect(() => loadConfig({ OWNER_EMAIL: 'o@x.ru', OWNER_PASSWORD: 'qwerty123456' })).toThrow(/OWNER_PASSWORD/);
    expect(loadConfig({ OWNER_EMAIL: 'o@x.ru', OWNER_PASSWORD: 'тормозные колодки 7' }).ownerPassword).toBe(
      'тормозные колодки 7',
    );
  });
});
