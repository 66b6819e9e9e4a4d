import { bookingChannels } from './bookings.ts';
import { deliveryRatesQuery } from './deliveries.ts';
import { integer, isoDate, list, nullableText, obj, text, type Shape } from './shared.ts';

// ---- GET /api/kpis/sources: where the period's bookings came from (the same period and branch as the money report)
export const leadSourcesQuery = deliveryRatesQuery;

export const leadSources = obj({
  from: isoDate,
  to: isoDate,
  timeZone: text,
  rows: list(
    obj({
      channel: { type: 'string', enum: bookingChannels },
      /** The UTM tags or the deep link's payload; null when the booking came with none. */
      source: nullableText,
      bookings: integer,
      done: integer,
      cancelled: integer,
    }),
  ),
});
export type LeadSourcesReport = Shape<typeof leadSources>;
