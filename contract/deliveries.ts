import { deliveryChannels } from '../domain/shared/delivery-channels.ts';
import { integer, isoDate, list, nullableNumber, obj, text, uuid, type Shape } from './shared.ts';

// ---- GET /api/kpis/deliveries
/** A period of branch-local days, as the money report takes it; no branch: every branch the user sees. */
export const deliveryRatesQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { branchId: uuid, from: isoDate, to: isoDate },
} as const;
export type DeliveryRatesQuery = Shape<typeof deliveryRatesQuery>;

/**
 * How the client status messages of the period went. `channels`: every try per channel (a message
 * that failed in Telegram and went by SMS is a failed Telegram try and a sent SMS one), `sentShare`
 * the fraction of tries that went (null without a try). `messages`: each message once — reached the
 * client, every channel failed, or the client had no way in at all.
 */
export const deliveryRates = obj({
  from: isoDate,
  to: isoDate,
  timeZone: text,
  channels: list(
    obj({
      channel: { type: 'string', enum: deliveryChannels },
      attempts: integer,
      sent: integer,
      failed: integer,
      sentShare: nullableNumber,
    }),
  ),
  messages: obj({ total: integer, reached: integer, failed: integer, noWayIn: integer, reachedShare: nullableNumber }),
});
export type DeliveryRatesReport = Shape<typeof deliveryRates>;
