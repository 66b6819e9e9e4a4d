import { describe, expect, it } from 'vitest';
import { linkSource, utmSource } from '../../../domain/booking/lead-source.ts';

describe('lead sources', () => {
  it('joins the UTM tags present, lower-cased, in a short label', () => {
    expect(utmSource({ source: 'Yandex', medium: 'CPC', campaign: 'Zima-2026' })).toBe('yandex / cpc / zima-2026');
    expect(utmSource({ source: 'vk' })).toBe('vk');
    expect(utmSource({ medium: 'qr', campaign: 'Стойка' })).toBe('qr / стойка');
  });

  it('keeps only letters, digits and «._-»: markup, spaces and phones cannot ride in it whole', () => {
    expect(utmSource({ source: '<script>alert(1)</script>' })).toBe('script-alert-1-script');
    expect(utmSource({ source: 'a'.repeat(500) })!.length).toBeLessThanOrEqual(40);
    expect(linkSource('qr counter\u0000')).toBe('qr-counter');
  });

  it('is null when nothing usable is left', () => {
    expect(utmSource({})).toBeNull();
    expect(utmSource({ source: '   ', medium: 42 })).toBeNull();
    expect(linkSource(undefined)).toBeNull();
    expect(linkSource('!!!')).toBeNull();
  });
});
