import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../domain/assistant/personal-data-mask.ts';

describe('masking personal data before a question leaves for a model', () => {
  it.each([
    ['Мой номер +7 (916) 123-45-67, перезвоните', 'Мой номер [номер], перезвоните'],
    ['пишите на ivan.petrov@mail.ru', 'пишите на [e-mail]'],
    ['машина А123ВС777, когда заберу?', 'машина [госномер], когда заберу?'],
    ['номер а 123 вс 77 rus', 'номер [госномер] rus'],
    ['VIN XTA210990Y2765432 подойдут колодки?', 'VIN [VIN] подойдут колодки?'],
    ['паспорт 45 12 345678', 'паспорт [номер]'],
  ])('masks «%s»', (typed, expected) => {
    expect(maskPersonalData(typed, [])).toBe(expected);
  });

  it('masks the client’s own name in any case and with Russian endings', () => {
    expect(maskPersonalData('Это Иван Петров, запишите Петрову жену', ['Иван Петров'])).toBe(
      'Это [имя] [имя], запишите [имя] жену',
    );
    expect(maskPersonalData('иван спрашивает', ['Иван'])).toBe('[имя] спрашивает');
  });

  it('leaves what is not personal: prices, mileage, oil grades, a car model', () => {
    const question = 'Сколько стоит замена масла 5W-30 на Kia Rio 2015 с пробегом 120000 км?';
    expect(maskPersonalData(question, ['Иван'])).toBe(question);
  });
});
