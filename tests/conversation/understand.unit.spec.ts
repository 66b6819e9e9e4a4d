import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intentOf, isNotACar } from '../../conversation/understand.ts';
import { addressAnswer, hoursAnswer, phoneAnswer, pricesAnswer, weekText } from '../../conversation/understand-answers.ts';
import type { Branch, Service } from '../../domain/catalog/catalog.ts';

// The phrasings were written by people who never saw the rules: the first set was used to tune
// them (57/73 before, 72/73 after), the hold-out set only to measure (59/75 blind; 60/75 after a
// word-edge bug it showed was fixed). The floors guard against getting worse, not a target.
type Phrasing = { text: string; intent: string };
const load = (name: string): Phrasing[] => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as Phrasing[];

const score = (phrasings: Phrasing[]) => {
  const misses = phrasings.filter(({ text, intent }) => (intentOf(text) ?? 'other') !== intent);
  return { rate: 1 - misses.length / phrasings.length, misses };
};

describe('What a typed message asks for', () => {
  for (const [name, floor] of [
    ['./phrasings.ru.json', 0.95],
    ['./phrasings-holdout.ru.json', 0.75],
  ] as const) {
    it(`recognises the requests of ${name} and sends the rest to a manager`, () => {
      const phrasings = load(name);
      expect(phrasings.length).toBeGreaterThanOrEqual(60);
      const { rate, misses } = score(phrasings);
      expect(rate, misses.map((miss) => `${miss.intent}: ${miss.text}`).join('\n')).toBeGreaterThanOrEqual(floor);
      // The costly mistake: a message for a manager taken as «cancel my booking».
      expect(phrasings.filter(({ text, intent }) => intent === 'other' && intentOf(text) === 'cancel')).toEqual([]);
    });
  }

  it('reads Cyrillic word edges, «ё», capitals and punctuation', () => {
    expect(intentOf('ОТМЕНИТЕ МОЮ ЗАПИСЬ!!!')).toBe('cancel');
    expect(intentOf('Где вы находитесь?')).toBe('address');
    expect(intentOf('почём шиномонтаж')).toBe('prices');
    // «запись» inside another word is not a request: no edge before it.
    expect(intentOf('перезапись видео')).toBeNull();
    expect(intentOf('?')).toBeNull();
  });

  it("recognises a request about the client's data, and not a booking or a repair in other words", () => {
    for (const typed of [
      'удалите мои данные',
      'Отзываю согласие',
      'прошу удалить мои персональные данные',
      'хочу отозвать согласие на обработку',
      'please delete my data',
    ]) {
      expect(intentOf(typed), typed).toBe('privacy');
    }
    expect(intentOf('удалите информацию обо мне')).toBe('privacy');
    expect(intentOf('удалите мою запись')).not.toBe('privacy');
    expect(intentOf('согласен на замену колодок')).toBeNull();
    // Everyday words that share a stem: a complaint or a review goes to the manager.
    for (const typed of [
      'Ваш сотрудник неправильно записал мои данные',
      'Не удалось отправить данные, запишите меня',
      'Хочу оставить отзыв, согласен на скидку',
      'Оставила отзыв на сайте, согласуйте скидку',
    ]) {
      expect(intentOf(typed), typed).not.toBe('privacy');
    }
  });
});

describe('The bot’s own answers', () => {
  const hours = {
    '1': { open: '9:00', close: '20:00', breaks: [] },
    '2': { open: '9:00', close: '20:00', breaks: [] },
    '3': { open: '9:00', close: '20:00', breaks: [] },
    '4': { open: '9:00', close: '20:00', breaks: [] },
    '5': { open: '9:00', close: '20:00', breaks: [] },
    '6': { open: '10:00', close: '16:00', breaks: [] },
  } as Branch['hours'];

  it('gives the week with equal days joined and the day off named', () => {
    expect(weekText(hours, 'ru')).toBe('пн–пт 9:00–20:00, сб 10:00–16:00, вс выходной');
    expect(weekText(hours, 'en')).toBe('Mon–Fri 9:00–20:00, Sat 10:00–16:00, Sun closed');
    const branches = [
      { name: 'На Ленина', hours },
      { name: 'На Мира', hours: { '7': hours['6'] } },
    ] as Branch[];
    expect(hoursAnswer(branches, 'ru').split('\n').slice(0, 3)).toEqual([
      'Мы работаем:',
      'На Ленина: пн–пт 9:00–20:00, сб 10:00–16:00, вс выходной',
      'На Мира: пн–сб выходной, вс 10:00–16:00',
    ]);
  });

  it('lists the priced services cheapest first, and leaves an unpriced list to a manager', () => {
    const services = [
      { name: 'Диагностика', priceRub: 2500 },
      { name: 'Замена масла', priceRub: 1500 },
      { name: 'Мойка', priceRub: 0 },
    ] as Service[];
    expect(pricesAnswer(services, 'ru')?.split('\n').slice(0, 3)).toEqual([
      'Цены на работы:',
      '• Замена масла — от 1\u00a0500 ₽',
      '• Диагностика — от 2\u00a0500 ₽',
    ]);
    expect(pricesAnswer([{ name: 'Мойка', priceRub: 0 }] as Service[], 'ru')).toBeNull();
  });

  it('gives one address when every branch is there, each branch’s where they differ, and none when none is known', () => {
    const lenina = 'г. Москва, ул. Ленина, 1';
    expect(addressAnswer([{ name: 'На Ленина', address: lenina }], 'ru')?.split('\n')[0]).toBe(`Наш адрес: ${lenina}`);
    expect(
      addressAnswer(
        [
          { name: 'Основной', address: lenina },
          { name: 'Шиномонтаж', address: lenina },
        ],
        'ru',
      )?.split('\n')[0],
    ).toBe(`Наш адрес: ${lenina}`);
    expect(
      addressAnswer(
        [
          { name: 'На Ленина', address: lenina },
          { name: 'На Мира', address: 'г. Москва, пр. Мира, 20' },
          { name: 'Склад', address: null },
        ],
        'ru',
      )?.split('\n'),
    ).toEqual([
      'Наши адреса:',
      `• На Ленина — ${lenina}`,
      '• На Мира — г. Москва, пр. Мира, 20',
      '',
      'Записаться можно кнопкой «Записаться» ниже.',
    ]);
    expect(addressAnswer([{ name: 'На Ленина', address: null }], 'ru')).toBeNull();
  });
});

describe('A question for the station’s phone', () => {
  it('is told from a call the client asks for and from a booking', () => {
    for (const text of [
      'какой у вас телефон',
      'дайте номер телефона',
      'можно позвонить?',
      'по какому номеру звонить?',
      'номер станции',
    ])
      expect(intentOf(text), text).toBe('phone');
    expect(intentOf('перезвоните мне')).toBeNull();
    expect(intentOf('хочу записаться')).toBe('book');
    expect(
      phoneAnswer(
        [
          { name: 'На Ленина', phone: '+7 495 123-45-67' },
          { name: 'На Мира', phone: null },
        ],
        'ru',
      ),
    ).toBe('Наш телефон: +7 495 123-45-67\n\nЗаписаться можно кнопкой «Записаться» ниже.');
    expect(phoneAnswer([{ name: 'На Ленина', phone: null }], 'ru')).toBeNull();
  });
});

describe('A text typed for the car', () => {
  it('is a car when it names one, and a question or a request when it asks or tells something', () => {
    const cars = [
      'Kia Rio',
      'Лада Гранта а123вс77',
      'Hyundai Solaris 2019',
      'ВАЗ 2107',
      'Газель Next',
      'Mercedes-Benz E200',
      'Шкода Октавия А5',
    ];
    expect(cars.filter(isNotACar)).toEqual([]);
    const asked = [
      'а сколько это стоит?',
      'где вы находитесь',
      'удалите мои данные',
      'позовите менеджера',
      'спасибо',
      'а можно позже',
    ];
    expect(asked.filter((text) => !isNotACar(text))).toEqual([]);
  });
});
