import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../conversation/callback-data.ts';

describe('Approval buttons', () => {
  it('carry the work order and the request in at most 64 bytes and decode to them', () => {
    const data = {
      kind: 'approval',
      workOrderId: '0f8e7d6c-5b4a-4321-9fed-cba987654321',
      requestId: 'ffffffff-0000-4000-8000-123456789abc',
      approve: true,
    } as const;
    const encoded = encode(data);
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
    expect(decode(encoded)).toEqual({ ok: true, data });
    expect(decode(encode({ ...data, approve: false }))).toEqual({ ok: true, data: { ...data, approve: false } });
  });

  it('reads a cut or altered id as malformed', () => {
    const encoded = encode({
      kind: 'approval',
      workOrderId: '0f8e7d6c-5b4a-4321-9fed-cba987654321',
      requestId: 'ffffffff-0000-4000-8000-123456789abc',
      approve: true,
    });
    expect(decode(encoded.slice(0, -1))).toEqual({ ok: false, reason: 'malformed' });
    expect(decode(encoded.replace(':v:y:', ':v:x:'))).toEqual({ ok: false, reason: 'malformed' });
  });
});
