import { describe, expect, it } from 'vitest';
import { typedDay, typedService, typedVisit, typedWindow } from '../../../domain/booking/typed-visit.ts';

const services = [
  { id: 'oil', name: 'Замена масла' },
  { id: 'chassis', name: 'Диагностика ходовой' },
  { id: 'alignment', name: 'Развал-схождение' },
  { id: 'tyres', name: 'Шиномонтаж (4 колеса)' },
  { id: 'body', name: 'Кузовной ремонт' },
  { id: 'pads', name: 'Замена тормозных колодок' },
];
const MOSCOW = 'Europe/Moscow';
// Friday 4 December 2026, 10:00 in Moscow.
const friday = Date.parse('2026-12-04T07:00:00Z');

describe('what a client typed about the visit they want', () => {
  it.each([
    ['хочу поменять масло в субботу утром', 'oil'],
    ['Нужна замена масла', 'oil'],
    ['запишите на диагностику ходовой', 'chassis'],
    ['что-то стучит в подвеске, посмотрите', 'chassis'],
    ['надо сделать развал', 'alignment'],
    ['хочу переобуться', 'tyres'],
    ['поменять резину на зимнюю', 'tyres'],
    ['колодки тормозные менять', 'pads'],
  ])('«%s» names %s', (text, service) => {
    expect(typedService(text, services)).toBe(service);
  });

  it('names no service when the words fit none, or two equally', () => {
    expect(typedService('хочу записаться', services)).toBeNull();
    expect(typedService('нужна замена', services)).toBeNull();
    // «замена» is in many jobs' names: «замена сцепления» is not the oil change, «машины» not tyres.
    expect(typedService('нужна замена сцепления', services.slice(0, 5))).toBeNull();
    expect(typedService('обе машины у вас', services)).toBeNull();
    expect(typedService('в субботу утром', services)).toBeNull();
  });

  it('reads the day in the branch’s zone, forward from today', () => {
    expect(typedDay('в субботу утром', friday, MOSCOW)).toBe('2026-12-05');
    expect(typedDay('завтра', friday, MOSCOW)).toBe('2026-12-05');
    expect(typedDay('послезавтра вечером', friday, MOSCOW)).toBe('2026-12-06');
    expect(typedDay('на 10 декабря', friday, MOSCOW)).toBe('2026-12-10');
    expect(typedDay('на следующей неделе во вторник', friday, MOSCOW)).toBe('2026-12-08');
    // 23:30 UTC on Friday is already Saturday in Moscow: «завтра» is Sunday there.
    expect(typedDay('завтра', Date.parse('2026-12-04T23:30:00Z'), MOSCOW)).toBe('2026-12-06');
    expect(typedDay('хочу поменять масло', friday, MOSCOW)).toBeNull();
  });

  it('reads a weekday as the nearest one, today included, and short and colloquial forms', () => {
    expect(typedDay('в пятницу после обеда', friday, MOSCOW)).toBe('2026-12-04');
    expect(typedDay('на следующей неделе в пятницу', friday, MOSCOW)).toBe('2026-12-11');
    expect(typedDay('бампер выправить во вт', friday, MOSCOW)).toBe('2026-12-08');
    expect(typedDay('масло в воскр в 12', friday, MOSCOW)).toBe('2026-12-06');
    expect(typedDay('на диагностику 20го', friday, MOSCOW)).toBe('2026-12-20');
    expect(typedDay('на 25 число', friday, MOSCOW)).toBe('2026-12-25');
    // The 2nd has passed this month: the next one is meant.
    expect(typedDay('на 2-е', friday, MOSCOW)).toBe('2027-01-02');
    expect(typedDay('развал 25.12 в первой половине дня', friday, MOSCOW)).toBe('2026-12-25');
    expect(typedDay('на 03.01', friday, MOSCOW)).toBe('2027-01-03');
    expect(typedDay('могу подъехать двадцатого', friday, MOSCOW)).toBe('2026-12-20');
    expect(typedDay('двадцать пятого удобно', friday, MOSCOW)).toBe('2026-12-25');
    expect(typedDay('третьего января', friday, MOSCOW)).toBe('2027-01-03');
    // Not dates: an impossible day or month, an engine's volume.
    expect(typedDay('в 35.13', friday, MOSCOW)).toBeNull();
    expect(typedDay('на 31.11', friday, MOSCOW)).toBeNull();
    expect(typedDay('двигатель 1.6, масло', friday, MOSCOW)).toBeNull();
  });

  it('does not take a greeting or «4 дня» (4 p.m.) for a day', () => {
    expect(typedDay('Добрый день! Хотел бы в пятницу, в первой половине дня', friday, MOSCOW)).toBe('2026-12-04');
    expect(typedDay('Добрый день, стучит подвеска', friday, MOSCOW)).toBeNull();
    expect(typedDay('сегодня часиков в 4 дня', friday, MOSCOW)).toBe('2026-12-04');
    expect(typedDay('через 3 дня', friday, MOSCOW)).toBe('2026-12-07');
  });

  it('reads the part of the day, or two hours from an hour named', () => {
    expect(typedWindow('в субботу утром')).toEqual({ from: '00:00', to: '12:00' });
    expect(typedWindow('можно после обеда?')).toEqual({ from: '12:00', to: '17:00' });
    expect(typedWindow('вечером после работы')).toEqual({ from: '17:00', to: '24:00' });
    expect(typedWindow('завтра к 9')).toEqual({ from: '09:00', to: '11:00' });
    expect(typedWindow('в пятницу в 15:30')).toEqual({ from: '15:30', to: '17:30' });
    expect(typedWindow('развал 12 декабря в 18 00')).toEqual({ from: '18:00', to: '20:00' });
    expect(typedWindow('в пятницу часа в 3 дня')).toEqual({ from: '15:00', to: '17:00' });
    expect(typedWindow('на 4 колеса в 9 утра')).toEqual({ from: '09:00', to: '11:00' });
    expect(typedWindow('замена масла, 21-го, 15:00')).toEqual({ from: '15:00', to: '17:00' });
    expect(typedWindow('в первой половине дня')).toEqual({ from: '00:00', to: '12:00' });
    expect(typedWindow('сегодня можно? к обеду')).toEqual({ from: '12:00', to: '17:00' });
    expect(typedWindow('шиномонтаж на 4 колеса')).toBeNull();
    expect(typedWindow('на 10 декабря')).toBeNull();
    expect(typedWindow('к 20го')).toBeNull();
    expect(typedWindow('на 20го числа утром')).toEqual({ from: '00:00', to: '12:00' });
  });

  it('puts the three together', () => {
    expect(typedVisit('хочу поменять масло в субботу утром', services, friday, MOSCOW)).toEqual({
      serviceId: 'oil',
      date: '2026-12-05',
      window: { from: '00:00', to: '12:00' },
    });
  });
});
