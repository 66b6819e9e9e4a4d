import { describe, expect, it } from 'vitest';
import { carOfText, isPlateAttempt, plateProblem, requirePlate } from '../../../domain/client/plate.ts';

describe('a car typed or written in a diary cell', () => {
  it('splits into make, model and the plate at its end', () => {
    expect(carOfText('Kia Rio А123ВС77')).toEqual({ make: 'Kia', model: 'Rio', plate: 'А123ВС77' });
    expect(carOfText('Chery Tiggo 7 Е707ЕЕ77')).toEqual({ make: 'Chery', model: 'Tiggo 7', plate: 'Е707ЕЕ77' });
    expect(carOfText('VW Polo e456km750')).toEqual({ make: 'VW', model: 'Polo', plate: 'Е456КМ750' });
    expect(carOfText('Лада Веста а 001 аа 77 RUS')).toEqual({ make: 'Лада', model: 'Веста', plate: 'А001АА77' });
  });

  it('keeps a car without a plate, or with digits that are not one, as make and model', () => {
    expect(carOfText('Mazda 6')).toEqual({ make: 'Mazda', model: '6' });
    expect(carOfText('Lada 2107 123')).toEqual({ make: 'Lada', model: '2107 123' });
    expect(carOfText('Kia')).toEqual({ make: 'Kia' });
  });
});

describe('a typed plate', () => {
  it('takes Russian, other Russian formats and foreign plates', () => {
    expect(requirePlate('а123вс77')).toBe('А123ВС77');
    expect(requirePlate('A 123 BC 777 RUS')).toBe('А123ВС777');
    expect(requirePlate('АВ123 77')).toBe('АВ12377');
    expect(requirePlate('1234 AB-7')).toBe('1234АВ-7');
    expect(plateProblem('WOB ZK 295')).toBeNull();
  });

  it('does not take words without a digit for a plate', () => {
    expect(plateProblem('не знаю')).toBe('shape');
    expect(plateProblem('my bookings')).toBe('shape');
    expect(plateProblem('ABCDEF')).toBe('shape');
  });

  it('tells a mistyped plate from a phrase typed instead', () => {
    expect(isPlateAttempt('А1')).toBe(true);
    expect(isPlateAttempt('А123 ВС')).toBe(true);
    expect(isPlateAttempt('я опаздываю на 15 минут')).toBe(false);
    expect(isPlateAttempt('сколько стоит шиномонтаж')).toBe(false);
  });
});
