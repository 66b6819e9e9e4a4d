import { describe, expect, it } from 'vitest';
import { decode, encode, newWizardId, type CallbackData, type PrivacyAction } from '../../conversation/callback-data.ts';

const id = '0b8c7a53-0d3e-4c59-9f38-5a1f8e2b7c10';
const wizard = newWizardId();
const privacyActions: PrivacyAction[] = [
  'withdraw',
  'withdrawYes',
  'mydata',
  'marketing',
  'erase',
  'eraseYes',
  'stop',
  'stopYes',
  'keep',
];

describe('Callback data', () => {
  const samples: CallbackData[] = [
    { kind: 'consent', agree: true },
    { kind: 'consent', agree: false },
    { kind: 'branch', wizard, branchId: id },
    { kind: 'service', wizard, serviceId: id },
    { kind: 'date', wizard, date: '2026-03-09', free: true },
    { kind: 'date', wizard, date: '2026-03-10', free: false },
    { kind: 'time', wizard, start: Date.parse('2026-03-09T07:30:00Z') },
    { kind: 'car', wizard, saved: true },
    { kind: 'skip', wizard },
    { kind: 'add', wizard, field: 'plate' },
    { kind: 'add', wizard, field: 'comment' },
    { kind: 'confirm', wizard },
    { kind: 'back', wizard },
    { kind: 'cancel', wizard },
    { kind: 'booking', action: 'cancelYes', bookingId: id },
    { kind: 'booking', action: 'coming', bookingId: id },
    { kind: 'language', lang: 'en' },
    ...privacyActions.map((action): CallbackData => ({ kind: 'privacy', action })),
  ];

  it('round-trips every kind within Telegram’s 64 bytes', () => {
    for (const data of samples) {
      const encoded = encode(data);
      expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
      expect(decode(encoded)).toEqual({ ok: true, data });
    }
  });

  it('gives each /privacy button its own data', () => {
    const encoded = privacyActions.map((action) => encode({ kind: 'privacy', action }));
    expect(new Set(encoded).size).toBe(privacyActions.length);
  });

  it('still reads the withdrawal button of the first /privacy, already in clients’ chats', () => {
    expect(encode({ kind: 'privacy', action: 'withdraw' })).toBe('1:p:w');
    expect(decode('1:p:w')).toEqual({ ok: true, data: { kind: 'privacy', action: 'withdraw' } });
  });

  it('calls buttons of another version outdated, not broken', () => {
    expect(decode('0:ok:abcdef')).toEqual({ ok: false, reason: 'outdated' });
    expect(decode('2:c:y')).toEqual({ ok: false, reason: 'outdated' });
    expect(decode('confirm')).toEqual({ ok: false, reason: 'outdated' });
  });

  it('refuses malformed data of the current version', () => {
    for (const raw of [
      '1:s:abc:not-a-uuid',
      '1:d:abcdef:2026-03-09:1',
      '1:t:ABCDEF:zz',
      `1:ad:${wizard}:x`,
      '1:r:q:' + id,
      '1:r:constructor:' + id,
      '1:p',
      '1:p:',
      '1:p:x',
      '1:p:W',
      '1:p:withdraw',
      '1:p:toString',
      '1:p:__proto__',
      '1:l:de',
      '1:zz',
      undefined,
    ]) {
      expect(decode(raw)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
