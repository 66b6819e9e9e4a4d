import { describe, expect, it } from 'vitest';
import { codeDelivery } from '../../../conversation/web-booking/code-delivery.ts';
import type { DeliveryOutcome, DeliveryRoute } from '../../../conversation/status-cascade.ts';
import type { SmsGateway } from '../../../core/messaging/sms-gateway.ts';

/** A messenger route that answers as told and remembers whom it was asked to reach. */
const route = (channel: 'telegram' | 'max', outcome: DeliveryOutcome | Error) => {
  const asked: string[] = [];
  const deliver: DeliveryRoute['deliver'] = async (to, messageFor) => {
    asked.push(`${to.clientId}:${messageFor('ru')?.text}`);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { channel, deliver, asked };
};

const gateway = (accepted: boolean) => {
  const sent: string[] = [];
  const sms: SmsGateway = {
    send: async (phone, text) => {
      sent.push(`${phone}:${text}`);
      return accepted ? { accepted: true, providerId: '1' } : { accepted: false, code: '207', retryable: false };
    },
  };
  return { sms, sent };
};

const text = () => '123456 — код';

describe('where a one-time code goes', () => {
  it('goes to a known client’s Telegram chat and nowhere else when Telegram takes it', async () => {
    const telegram = route('telegram', 'sent');
    const max = route('max', 'sent');
    const { sms, sent } = gateway(true);
    const deliver = codeDelivery(() => [telegram, max], sms);
    expect(await deliver({ orgId: 'o', clientId: 'c1', phone: '+79160000001', sms: true }, text)).toBe('telegram');
    expect(telegram.asked).toEqual(['c1:123456 — код']);
    expect(max.asked).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('falls through a blocked Telegram and a broken MAX to SMS', async () => {
    const telegram = route('telegram', 'failed');
    const max = route('max', new Error('network down'));
    const { sms, sent } = gateway(true);
    const deliver = codeDelivery(() => [telegram, max], sms);
    expect(await deliver({ orgId: 'o', clientId: 'c1', phone: '+79160000001', sms: true }, text)).toBe('sms');
    expect(max.asked).toHaveLength(1);
    expect(sent).toEqual(['+79160000001:123456 — код']);
  });

  it('sends a stranger’s code only by SMS to the number typed, never to a messenger', async () => {
    const telegram = route('telegram', 'sent');
    const { sms, sent } = gateway(true);
    expect(
      await codeDelivery(() => [telegram], sms)({ orgId: 'o', clientId: null, phone: '+79160000002', sms: true }, text),
    ).toBe('sms');
    expect(telegram.asked).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('says none took it when SMS refuses and there is no messenger, or no gateway at all', async () => {
    const refused = gateway(false);
    expect(
      await codeDelivery(() => [], refused.sms)({ orgId: 'o', clientId: null, phone: '+79160000003', sms: true }, text),
    ).toBeNull();
    expect(
      await codeDelivery(() => [route('max', 'none')], null)({ orgId: 'o', clientId: 'c2', phone: '+7916', sms: true }, text),
    ).toBeNull();
  });

  it('sends no SMS where the station does not pay for one (a landline, a foreign number, the day’s codes spent)', async () => {
    const { sms, sent } = gateway(true);
    const deliver = codeDelivery(() => [], sms);
    expect(await deliver({ orgId: 'o', clientId: null, phone: '+74951234567', sms: false }, text)).toBeNull();
    expect(sent).toEqual([]);
    // A client the station knows still gets theirs in the messenger.
    const telegram = route('telegram', 'sent');
    expect(
      await codeDelivery(() => [telegram], sms)({ orgId: 'o', clientId: 'c3', phone: '+12125550100', sms: false }, text),
    ).toBe('telegram');
    expect(sent).toEqual([]);
  });
});
