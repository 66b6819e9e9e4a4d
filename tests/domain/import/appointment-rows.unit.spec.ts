import { describe, expect, it } from 'vitest';
import { parseTimeOfDay, readAppointmentSheet } from '../../../domain/import/appointment-rows.ts';
import { appointmentStart, sameCarOverlaps } from '../../../domain/import/appointment-overlaps.ts';
import type { SourceRow } from '../../../domain/import/normalize.ts';

const rowsOf = (...rows: (string | number | null | { date: string })[][]): SourceRow[] =>
  rows.map((cells, index) => ({ row: index + 1, cells }));

const HEADER = ['Время', 'Пост', 'Клиент', 'Телефон', 'Автомобиль', 'Работы', 'Примечание'];

describe('Reading a diary of appointments', () => {
  it('reads times as stations write them', () => {
    expect(['9:00', '10.30', '14-00', '09:00:00', '9', '7 ч'].map(parseTimeOfDay)).toEqual([
      '09:00',
      '10:30',
      '14:00',
      '09:00',
      '09:00',
      '07:00',
    ]);
    expect(parseTimeOfDay(0.375)).toBe('09:00');
    expect(parseTimeOfDay(0.6458333333)).toBe('15:30');
    expect(['25:00', '9:75', 'утром', '', 1.5].map(parseTimeOfDay)).toEqual([null, null, null, null, null]);
  });

  describe('given a sheet with a title, day rows above each day and blank rows between', () => {
    const sheet = readAppointmentSheet(
      rowsOf(
        ['Запись клиентов — СТО на Ленина'],
        [],
        HEADER,
        ['Понедельник 11.01.2027'],
        ['9:00', 'Подъёмник 1', 'СМИРНОВ андрей', '8 (916) 555-10-01', 'Kia Rio А123ВС77', 'ТО, замена масла', ''],
        ['10.30', null, 'Кузнецова Ольга', '', 'VW Polo', 'развал', ''],
        [],
        ['Вторник 12.01.2027'],
        ['12:00', 'Подъемник 2', 'Павлов Денис', '8 926 555 10 07', '', 'Развал-схождение', 'после 12'],
        ['утром', 'Подъемник 2', 'Павлов Денис', '8 926 555 10 07', '', 'Развал-схождение', ''],
        ['13:00', 'Подъемник 2', 'Павлов Денис', '12345', '', 'Развал-схождение', ''],
      ),
    );

    it('finds the header below the title and gives each visit the day above it', () => {
      expect(sheet?.headerRow).toBe(3);
      expect(sheet?.appointments).toEqual([
        {
          row: 5,
          date: '2027-01-11',
          time: '09:00',
          bay: 'Подъёмник 1',
          name: 'Смирнов Андрей',
          phone: '+79165551001',
          car: { make: 'Kia', model: 'Rio', plate: 'А123ВС77' },
          works: 'ТО, замена масла',
        },
        {
          row: 9,
          date: '2027-01-12',
          time: '12:00',
          bay: 'Подъемник 2',
          name: 'Павлов Денис',
          phone: '+79265551007',
          works: 'Развал-схождение',
          comment: 'после 12',
        },
      ]);
    });

    it('reports the rows that cannot be a visit, with the reason', () => {
      expect(sheet?.rejections.map(({ row, reason }) => [row, reason])).toEqual([
        [6, 'NO_PHONE'],
        [10, 'BAD_TIME'],
        [11, 'BAD_PHONE'],
      ]);
    });
  });

  it('takes the day from a date column when the file has one, and refuses a row without a day', () => {
    const sheet = readAppointmentSheet(
      rowsOf(
        ['Дата', ...HEADER],
        ['11.01.2027', '9:00', '', 'Орлов', '89165551015', '', 'замена масла'],
        ['', '9:00', '', 'Орлов', '89165551015', '', 'замена масла'],
      ),
    );
    expect(sheet?.appointments.map(({ row, date, time }) => ({ row, date, time }))).toEqual([
      { row: 2, date: '2027-01-11', time: '09:00' },
    ]);
    expect(sheet?.rejections.map(({ row, reason }) => [row, reason])).toEqual([[3, 'NO_DATE']]);
  });

  it('reads a day row with words around its date, and books nothing under a day row without a whole date', () => {
    const visit = (time: string, phone: string) => [time, '', 'Орлов', phone, '', 'замена масла', ''];
    const sheet = readAppointmentSheet(
      rowsOf(
        HEADER,
        ['Вторник 02.02.2027'],
        visit('10:00', '89165551015'),
        ['03.02.2027 (среда)'],
        visit('11:00', '89165551016'),
        ['Чт. 4 февраля 2027 г.'],
        visit('12:00', '89165551017'),
        // A note is not a day: the day above stays.
        ['Обед'],
        visit('14:00', '89165551018'),
        // No year: the visits under it would have kept Thursday.
        ['Пт 05.02'],
        visit('13:00', '89165551019'),
      ),
    );
    expect(sheet?.appointments.map(({ row, date, time }) => [row, date, time])).toEqual([
      [3, '2027-02-02', '10:00'],
      [5, '2027-02-03', '11:00'],
      [7, '2027-02-04', '12:00'],
      [9, '2027-02-04', '14:00'],
    ]);
    expect(sheet?.rejections.map(({ row, reason }) => [row, reason])).toEqual([
      [8, 'BAD_TIME'],
      [10, 'BAD_DAY'],
      [11, 'NO_DATE'],
    ]);
  });

  it('refuses control characters in a name', () => {
    const sheet = readAppointmentSheet(
      rowsOf(['Дата', ...HEADER], ['11.01.2027', '9:00', '', 'Орлов\u0000', '89165551015', '', 'масло']),
    );
    expect(sheet?.rejections.map(({ reason }) => reason)).toEqual(['BAD_TEXT']);
  });

  it('is not a diary when no header names the time, the phone and the works', () => {
    expect(readAppointmentSheet(rowsOf(['ФИО', 'Телефон'], ['Орлов', '89165551015']))).toBeNull();
  });
});

describe('The same car in two places at once', () => {
  const visit = (row: number, time: string, plate: string, works: string) => ({
    row,
    date: '2027-01-15',
    time,
    bay: null,
    name: 'Васильев Илья',
    phone: '+79165551014',
    car: { make: 'Haval', model: 'Jolion', plate },
    works,
  });

  it('flags a later row whose car is already booked at an overlapping time, not one that follows it', () => {
    const minutes = (one: { works: string }) => (one.works === 'шиномонтаж' ? 40 : 30);
    const rows = [
      visit(26, '10:00', 'А555АА799', 'шиномонтаж'),
      visit(27, '10:00', 'А555АА799', 'диагностика'),
      visit(28, '10:40', 'А555АА799', 'диагностика'),
      visit(29, '10:00', 'В321ОР77', 'диагностика'),
    ];
    expect(sameCarOverlaps(rows, minutes, 'Europe/Moscow')).toEqual([{ row: 27, overlapsRow: 26 }]);
  });

  it('reads the day and time in the branch zone', () => {
    expect(new Date(appointmentStart({ date: '2027-01-11', time: '09:00' }, 'Europe/Moscow')).toISOString()).toBe(
      '2027-01-11T06:00:00.000Z',
    );
  });
});
