import type { SmsGateway } from '../../core/messaging/sms-gateway.ts';
import { textOnly, type DeliveryRoute } from '../status-cascade.ts';
import type { CodeDelivery } from './web-booking.ts';

/**
 * The one-time code's way to the phone's owner, in the cascade's order: a client the station knows
 * gets it in their own messenger chat (linked by their own contact, so only they read it), anyone
 * else by SMS to the number typed, where `to.sms` allows it. Routes are asked when a code goes out:
 * the owner may connect a bot in the panel later. The channel that took it is answered, or null
 * when none could.
 */
export const codeDelivery =
  (messengers: () => readonly DeliveryRoute[], sms: SmsGateway | null): CodeDelivery =>
  async (to, textFor) => {
    if (to.clientId) {
      for (const route of messengers()) {
        const outcome = await route.deliver({ orgId: to.orgId, clientId: to.clientId }, textOnly(textFor)).catch(() => 'failed');
        if (outcome === 'sent') return route.channel;
      }
    }
    if (sms && to.sms && (await sms.send(to.phone, textFor('ru'))).accepted) return 'sms';
    return null;
  };
