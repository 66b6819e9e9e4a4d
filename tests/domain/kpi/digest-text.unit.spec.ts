import { describe, expect, it } from 'vitest';
import { dueDigestDay } from '../../../domain/kpi/digest-schedule.ts';
import { formatDigest, splitMessage, type Digest, type DigestFigure, type DigestKey } from '../../../domain/kpi/digest-text.ts';

const figures = (values: Record<DigestKey, [number | null, number | null]>) =>
  Object.fromEntries(Object.entries(values).map(([key, [value, previous]]) => [key, { value, previous }])) as Record<
    DigestKey,
    DigestFigure
  >;

const digest: Digest = {
  organization: 'Демо СТО',
  day: '2026-09-09',
  sections: [
    {
      branch: null,
      figures: figures({
        newBookings: [4, 3],
        confirmed: [2, 4],
        done: [1, 0],
        cancelled: [3, 3],
        noShows: [2, 0],
        botShare: [50, 33.3],
        medianConfirmMinutes: [12.5, 20],
        slaMisses: [2, 1],
        refusedOverlaps: [2, 0],
      }),
    },
    {
      branch: 'СТО на Садовой',
      figures: figures({
        newBookings: [0, 1],
        confirmed: [0, 1],
        done: [0, 0],
        cancelled: [0, 0],
        noShows: [0, 0],
        botShare: [null, 100],
        medianConfirmMinutes: [null, 10],
        slaMisses: [0, 0],
        refusedOverlaps: [0, 0],
      }),
    },
  ],
};

describe('Owner digest text', () => {
  describe('when the digest is written in Russian', () => {
    it('lists every figure with its change against the day before, in Russian number style', () => {
      const { subject, text } = formatDigest(digest, 'ru');
      expect(subject).toBe('Итоги дня 09.09.2026 — Демо СТО');
      expect(text).toBe(
        [
          '📊 Итоги дня — Демо СТО',
          'среда, 9 сентября 2026',
          'В скобках — изменение к предыдущему дню.',
          '',
          'Все филиалы',
          '• Новые записи: 4 (+1)',
          '• Подтверждено: 2 (−2)',
          '• Выполнено: 1 (+1)',
          '• Отменено: 3 (±0)',
          '• Неявки: 2 (+2)',
          '• Доля записей через бота: 50% (+16,7 п.п.)',
          '• Время до подтверждения (медиана): 12,5 мин (−7,5 мин)',
          '• Просрочено подтверждение: 2 (+1)',
          '• Отказы: время уже занято: 2 (+2)',
          '',
          'СТО на Садовой',
          '• Новые записи: 0 (−1)',
          '• Подтверждено: 0 (−1)',
          '• Выполнено: 0 (±0)',
          '• Отменено: 0 (±0)',
          '• Неявки: 0 (±0)',
          '• Доля записей через бота: —',
          '• Время до подтверждения (медиана): —',
          '• Просрочено подтверждение: 0 (±0)',
          '• Отказы: время уже занято: 0 (±0)',
        ].join('\n'),
      );
    });

    it('shows no change where the day before had nothing to measure', () => {
      const first = { ...digest, sections: [{ ...digest.sections[0]!, figures: { ...digest.sections[0]!.figures } }] };
      first.sections[0]!.figures.medianConfirmMinutes = { value: 7, previous: null };
      expect(formatDigest(first, 'ru').text).toContain('• Время до подтверждения (медиана): 7 мин\n');
    });
  });

  describe('when the owner chose English', () => {
    it('writes the same figures in English', () => {
      const { subject, text } = formatDigest(digest, 'en');
      expect(subject).toBe('Daily summary 2026-09-09 — Демо СТО');
      expect(text.split('\n').slice(0, 4)).toEqual([
        '📊 Daily summary — Демо СТО',
        'Wednesday, 9 September 2026',
        'In brackets: the change against the day before.',
        '',
      ]);
      expect(text).toContain('All branches\n• New bookings: 4 (+1)\n• Confirmed: 2 (−2)');
      expect(text).toContain('• Booked through the bot: 50% (+16.7 pp)');
      expect(text).toContain('• Time to confirm (median): 12.5 min (−7.5 min)');
      expect(text).toContain('• Refused: time already taken: 2 (+2)');
    });
  });

  describe('when the text is longer than one Telegram message', () => {
    it('cuts it between sections, never inside one', () => {
      const blocks = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)];
      expect(splitMessage(blocks.join('\n\n'), 70)).toEqual([`${blocks[0]}\n\n${blocks[1]}`, blocks[2]]);
      expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
      expect(splitMessage('short', 4096)).toEqual(['short']);
    });
  });
});

describe('Owner digest schedule', () => {
  const at = (iso: string) => Date.parse(iso);

  it('is due from the owner’s local time on, and reports on the local yesterday', () => {
    expect(dueDigestDay(at('2026-09-10T08:29:59+03:00'), 'Europe/Moscow', '08:30')).toBeNull();
    expect(dueDigestDay(at('2026-09-10T08:30:00+03:00'), 'Europe/Moscow', '08:30')).toBe('2026-09-09');
    expect(dueDigestDay(at('2026-09-10T23:59:00+03:00'), 'Europe/Moscow', '08:30')).toBe('2026-09-09');
    expect(dueDigestDay(at('2026-09-11T00:00:00+03:00'), 'Europe/Moscow', '08:30')).toBeNull();
  });

  it('reads the clock in the organization’s zone, not the server’s', () => {
    // 23:30 UTC on the 9th is 08:30 on the 10th in Yakutsk (UTC+9).
    expect(dueDigestDay(at('2026-09-09T23:30:00Z'), 'Asia/Yakutsk', '08:30')).toBe('2026-09-09');
    expect(dueDigestDay(at('2026-09-09T23:30:00Z'), 'Europe/Moscow', '08:30')).toBeNull();
  });
});
