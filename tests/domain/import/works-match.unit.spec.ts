import { describe, expect, it } from 'vitest';
import { findBayByName, suggestService } from '../../../domain/import/works-match.ts';

const services = ['Замена масла', 'Диагностика ходовой', 'Развал-схождение', 'Шиномонтаж (4 колеса)', 'Кузовной ремонт'].map(
  (name, index) => ({ id: `s${index}`, name }),
);
const suggested = (works: string) => suggestService(works, services)?.name ?? null;

describe('Matching a diary’s works to the catalogue', () => {
  it('suggests the service sharing the most words, as a station writes them', () => {
    expect(
      Object.fromEntries(
        [
          'ТО, замена масла',
          'замена масла + фильтр',
          'ТО-2 (масло)',
          'развал',
          'шиномонтаж R16, 4 колеса',
          'кузовной ремонт, 2 дня (крыло, покраска)',
          'диагностика ходовой',
        ].map((works) => [works, suggested(works)]),
      ),
    ).toEqual({
      'ТО, замена масла': 'Замена масла',
      'замена масла + фильтр': 'Замена масла',
      'ТО-2 (масло)': 'Замена масла',
      развал: 'Развал-схождение',
      'шиномонтаж R16, 4 колеса': 'Шиномонтаж (4 колеса)',
      'кузовной ремонт, 2 дня (крыло, покраска)': 'Кузовной ремонт',
      'диагностика ходовой': 'Диагностика ходовой',
    });
  });

  it('suggests nothing when no word is shared or two services tie', () => {
    expect(suggested('мойка')).toBeNull();
    expect(suggested('ремонт ходовой')).toBeNull();
  });

  it('finds a bay whatever the case, «ё» or spacing', () => {
    const bays = [{ name: 'Подъёмник 1' }, { name: 'Подъёмник 2' }];
    expect(findBayByName('подъемник  2', bays)).toBe(bays[1]);
    expect(findBayByName('Подъёмник 3', bays)).toBeNull();
  });
});
