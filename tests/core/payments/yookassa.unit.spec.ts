import { describe, expect, it } from 'vitest';
import { createYookassa, kopecksOf, valueOf, YOOKASSA_SOURCES } from '../../../core/payments/yookassa.ts';

const yookassa = createYookassa({
  shopId: '1',
  secretKey: 's',
  apiUrl: 'http://127.0.0.1:9/v3',
  returnUrl: 'http://127.0.0.1/',
  webhookToken: 'x'.repeat(32),
  allowedSources: YOOKASSA_SOURCES,
});

describe('ЮKassa adapter', () => {
  it('takes notifications only from the ranges ЮKassa publishes', () => {
    expect(yookassa.isAllowedSource('185.71.76.17')).toBe(true);
    expect(yookassa.isAllowedSource('::ffff:77.75.156.11')).toBe(true);
    expect(yookassa.isAllowedSource('2a02:5180:0:1::5')).toBe(true);
    expect(yookassa.isAllowedSource('77.75.156.12')).toBe(false);
    expect(yookassa.isAllowedSource('127.0.0.1')).toBe(false);
  });

  it('writes and reads amounts as ЮKassa does: decimal strings with two places', () => {
    expect(valueOf(150_000)).toBe('1500.00');
    expect(valueOf(5)).toBe('0.05');
    expect(kopecksOf('2000.50')).toBe(200_050);
    expect(kopecksOf('2000.5')).toBeNull();
  });
});
