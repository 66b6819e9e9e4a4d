import { describe, expect, it } from 'vitest';
import { normalizeName, normalizeRow } from '../../../domain/import/normalize.ts';
import { normalizePlate, plateProblem } from '../../../domain/client/plate.ts';
import { normalizePhone, splitExtension } from '../../../domain/shared/phone.ts';

// Cells as Russian stations' files really hold them (issue 18, item 5): what 1C, Excel, web CRMs
// and a manager pasting from a messenger write into a client list.

const clientOf = (name: string, phone: string) => {
  const outcome = normalizeRow({ row: 2, cells: [name, phone] }, { name: 0, phone: 1 });
  if (outcome.ok !== true) throw new Error(`row refused: ${JSON.stringify(outcome)}`);
  return outcome.client;
};

describe('Phones as stations write them', () => {
  it('keeps an extension as the extension of the number, in every notation seen', () => {
    for (const typed of [
      '+7 (495) 987-65-43 доб. 123',
      '+7 (495) 987-65-43 доб 123',
      '+7 (495) 987-65-43, доб. 123',
      '+7 (495) 987-65-43 (доб. 123)',
      '8 495 987 65 43 добавочный 123',
      '84959876543 вн. 123',
      '+7 495 987-65-43 ext. 123',
      '+7 495 987-65-43 x123',
      '+7 495 987-65-43 #123',
    ]) {
      const client = clientOf('Иванов', typed);
      expect({ typed, phone: client.phone, extension: client.extension }).toEqual({
        typed,
        phone: '+74959876543',
        extension: '123',
      });
    }
  });

  it('has no extension when the cell has none', () => {
    expect(clientOf('Иванов', '+7 (495) 987-65-43').extension).toBeUndefined();
    expect(splitExtension('8 912 200-00-05')).toEqual({ number: '8 912 200-00-05', extension: null });
  });

  it('takes Kazakh +7 7xx numbers, which share Russia’s country code, and still refuses +7 1xx, 2xx, 5xx and 6xx', () => {
    expect(normalizePhone('+7 701 123-45-67')).toBe('+77011234567');
    expect(normalizePhone('87011234567')).toBe('+77011234567');
    for (const code of ['1', '2', '5', '6']) expect(normalizePhone(`+7 ${code}01 123-45-67`), code).toBeNull();
  });

  it('takes a city number written without its 8, and refuses ten digits that are a mobile missing one', () => {
    expect(normalizePhone('(495) 100-00-08')).toBe('+74951000008');
    expect(normalizePhone('(812) 315-00-00')).toBe('+78123150000');
    expect(normalizePhone('8 495 100 00 0')).toBeNull();
    // With a «+» ten digits are another country's number, kept as it is.
    expect(normalizePhone('+45 12 34 56 78')).toBe('+4512345678');
    expect(normalizePhone('+47 912 34 567')).toBe('+4791234567');
    expect(normalizePhone('(343) 371-00-00')).toBe('+73433710000');
    expect(clientOf('ООО «Вектор»', '(495) 100-00-08 доб. 7')).toMatchObject({ phone: '+74951000008', extension: '7' });
    expect(normalizePhone('891612345')).toBeNull();
    expect(normalizePhone('8916123456')).toBeNull();
    expect(normalizePhone('(195) 100-00-08')).toBeNull();
    expect(normalizePhone('(601) 100-00-08')).toBeNull();
  });

  it('tolerates any dash and invisible characters pasted from a messenger or a web page', () => {
    expect(normalizePhone('8 912 200–00–05')).toBe('+79122000005'); // en dash
    expect(normalizePhone('8 912 200—00—05')).toBe('+79122000005'); // em dash
    expect(normalizePhone('8 912 200−00−05')).toBe('+79122000005'); // minus sign
    expect(normalizePhone('8‑912‑200‑00‑05')).toBe('+79122000005'); // non-breaking hyphen
    expect(normalizePhone('+7 916 123\u200b45 67')).toBe('+79161234567'); // zero-width space
    expect(normalizePhone('\ufeff+7\u00a0916\u00a0123\u202f45\u202f67\u2060')).toBe('+79161234567');
    expect(normalizePhone('8(916)123\u00ad45\u00ad67')).toBe('+79161234567'); // soft hyphens
    expect(clientOf('Иванов', '8 912 200–00–05').phone).toBe('+79122000005');
  });

  it('keeps several phones of one cell as the client’s phones, the first real one as the main one', () => {
    const client = clientOf('Иванов', '89161234567, 8 (903) 111-22-33; +7 495 987-65-43 доб. 12');
    expect(client.phone).toBe('+79161234567');
    expect(client.extension).toBeUndefined();
    expect(client.phones).toEqual([{ phone: '+79031112233' }, { phone: '+74959876543', extension: '12' }]);
  });

  it('splits on «или», slashes and line breaks, drops repeats and keeps unreadable parts out', () => {
    const client = clientOf('Иванов', 'моб. 8-916-123-45-67 или 8 903 111 22 33\n8-916-123-45-67 / тел. 12-34');
    expect(client.phone).toBe('+79161234567');
    expect(client.phones).toEqual([{ phone: '+79031112233' }]);
    expect(clientOf('Иванов', '89161234567').phones).toBeUndefined();
  });

  it('still refuses a cell with no real number in it', () => {
    const outcome = normalizeRow({ row: 3, cells: ['Иванов', 'доб. 123'] }, { name: 0, phone: 1 });
    expect(outcome.ok === false && outcome.rejection.reason).toBe('BAD_PHONE');
  });
});

describe('Names as stations write them', () => {
  it('keeps legal-form abbreviations in capitals, whatever case they were typed in', () => {
    expect(normalizeName('ООО «Автотранс»')).toBe('ООО «Автотранс»');
    expect(normalizeName('ИП Егоров')).toBe('ИП Егоров');
    expect(normalizeName('ип егоров андрей')).toBe('ИП Егоров Андрей');
    expect(normalizeName('ПАО «СБЕРБАНК»')).toBe('ПАО «Сбербанк»');
    expect(normalizeName('ЗАО "ромашка"')).toBe('ЗАО "Ромашка"');
    expect(normalizeName('ОАО АО НКО АНО ГУП МУП')).toBe('ОАО АО НКО АНО ГУП МУП');
  });

  it('keeps initials in capitals, written together or apart', () => {
    expect(normalizeName('Васильев И.И.')).toBe('Васильев И.И.');
    expect(normalizeName('ВАСИЛЬЕВ и.и.')).toBe('Васильев И.И.');
    expect(normalizeName('васильев и. и.')).toBe('Васильев И. И.');
    expect(normalizeName('И.И. Васильев')).toBe('И.И. Васильев');
  });

  it('still capitalises ordinary words, also after an opening quote', () => {
    expect(normalizeName('«АВТОТРАНС»')).toBe('«Автотранс»');
    expect(normalizeName('Ооо')).toBe('ООО');
    expect(normalizeName('аоки такеши')).toBe('Аоки Такеши');
  });

  it('keeps them through a whole row', () => {
    expect(clientOf('ООО «Автотранс»', '+7 (495) 987-65-43 доб. 123').name).toBe('ООО «Автотранс»');
    expect(clientOf('Васильев И.И.', '89161234567').name).toBe('Васильев И.И.');
  });
});

describe('Plates as stations write them', () => {
  it('drops a «RUS» after the region, with or without a space, in any case', () => {
    expect(normalizePlate('А123ВС77 RUS')).toBe('А123ВС77');
    expect(normalizePlate('a123bc 777rus')).toBe('А123ВС777');
    expect(normalizePlate('А 123 ВС 77RUS')).toBe('А123ВС77');
    expect(normalizePlate('А123ВС77 РУС')).toBe('А123ВС77');
    expect(plateProblem('А123ВС 177 RUS')).toBeNull();
    const outcome = normalizeRow({ row: 2, cells: ['Иванов', '89161234567', 'о777оо 199 RUS'] }, { name: 0, phone: 1, plate: 2 });
    expect(outcome.ok === true && outcome.client.car).toEqual({ plate: 'О777ОО199' });
  });

  it('drops «RUS» only after the region’s digits', () => {
    expect(normalizePlate('brus')).toBe('ВRUS');
  });
});
