import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../conversation/callback-data.ts';

const reminderId = '0b5c3c1e-7c55-4b8e-a1d2-3f4e5a6b7c8d';
const start = Date.parse('2099-12-31T21:00:00.000Z');

describe('Maintenance reminder buttons', () => {
  it('carry the reminder and the offered start in at most 64 bytes and decode to them', () => {
    const book = { kind: 'maintenance', action: 'book', reminderId, start } as const;
    const encoded = encode(book);
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
    expect(decode(encoded)).toEqual({ ok: true, data: book });
    for (const action of ['other', 'stop'] as const) {
      expect(decode(encode({ kind: 'maintenance', action, reminderId }))).toEqual({
        ok: true,
        data: { kind: 'maintenance', action, reminderId },
      });
    }
  });

  it('reads a booking without its time, a time on another action, or an unknown action as malformed', () => {
    const book = encode({ kind: 'maintenance', action: 'book', reminderId, start });
    const other = encode({ kind: 'maintenance', action: 'other', reminderId });
    expect(decode(book.slice(0, book.lastIndexOf(':')))).toEqual({ ok: false, reason: 'malformed' });
    expect(decode(`${other}:k0`)).toEqual({ ok: false, reason: 'malformed' });
    expect(decode(other.replace(':mt:o:', ':mt:z:'))).toEqual({ ok: false, reason: 'malformed' });
    expect(decode(book.replace(/:[0-9a-z]+$/, ':ZZ'))).toEqual({ ok: false, reason: 'malformed' });
  });
});
