import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsRu } from '../../channels/sms/sms-ru.ts';
import { startFakeSmsRu, type FakeSmsRu } from '../support/fake-sms-ru.ts';

/** The SMS.ru adapter against SMS.ru's JSON on loopback: what it sends, and how refusals come back. */
let fake: FakeSmsRu;
beforeAll(async () => {
  fake = await startFakeSmsRu('RIGHT-ID');
});
afterAll(async () => {
  await fake?.close();
});

describe('SMS.ru', () => {
  it('sends the text to the digits of the phone, with the sender name, and returns the provider id', async () => {
    const gateway = createSmsRu({ apiId: 'RIGHT-ID', baseUrl: fake.baseUrl, from: 'DemoSTO' });
    const result = await gateway.send('+7 916 555-00-11', 'Ваша запись подтверждена');
    expect(result).toEqual({ accepted: true, providerId: fake.sent.at(-1)!.smsId });
    expect(fake.sent.at(-1)).toMatchObject({ to: '79165550011', msg: 'Ваша запись подтверждена', from: 'DemoSTO' });
  });

  it('reports a wrong api_id, a refused number and an unreachable gateway with codes, never throwing', async () => {
    const wrong = createSmsRu({ apiId: 'WRONG', baseUrl: fake.baseUrl });
    expect(await wrong.send('79165550011', 'текст')).toEqual({ accepted: false, code: 'smsru-200', retryable: false });
    fake.refuse('79165550012');
    const right = createSmsRu({ apiId: 'RIGHT-ID', baseUrl: fake.baseUrl });
    expect(await right.send('79165550012', 'текст')).toEqual({ accepted: false, code: 'smsru-207', retryable: false });
    const away = createSmsRu({ apiId: 'RIGHT-ID', baseUrl: 'http://127.0.0.1:9' });
    expect(await away.send('79165550011', 'текст')).toEqual({ accepted: false, code: 'network', retryable: true });
  });
});
