import type { Pool } from 'pg';
import { deliveryChannels, type DeliveryChannelName } from '../../domain/shared/delivery-channels.ts';
import { daysSpan } from '../../domain/shared/time.ts';

/**
 * Which records count: the organization's, of these branches (null: every branch); `unbranched`
 * adds those recorded before the branch was kept.
 */
export type DeliveryScope = { orgId: string; branchIds: readonly string[] | null; unbranched: boolean };

export type DeliveryRates = {
  from: string;
  to: string;
  timeZone: string;
  /** Per channel: tries, how many went and failed, and the share that went (null without a try). */
  channels: { channel: DeliveryChannelName; attempts: number; sent: number; failed: number; sentShare: number | null }[];
  /** Per status message: reached the client by some channel, every channel failed, or no way in at all. */
  messages: { total: number; reached: number; failed: number; noWayIn: number; reachedShare: number | null };
};

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The owner's delivery rates of a period of branch-local days (in `timeZone`, as the money report
 * counts them), from the cascade's own records: no content and no client is read.
 */
export const getDeliveryRates = async (
  pool: Pool,
  scope: DeliveryScope,
  period: { from: string; to: string; timeZone: string },
): Promise<DeliveryRates> => {
  const { from, to } = daysSpan(period);
  const where = `org_id = $1 AND at >= $2 AND at < $3
    AND ($4::uuid[] IS NULL OR branch_id = ANY($4::uuid[]) OR ($5 AND branch_id IS NULL))`;
  const values = [scope.orgId, from, to, scope.branchIds ? [...scope.branchIds] : null, scope.unbranched];
  const [attempts, messages] = await Promise.all([
    pool.query<{ channel: string; sent: number; failed: number }>(
      `SELECT channel, count(*) FILTER (WHERE outcome = 'sent')::int AS sent, count(*) FILTER (WHERE outcome = 'failed')::int AS failed
         FROM delivery_attempts WHERE ${where} GROUP BY channel`,
      values,
    ),
    pool.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM status_deliveries WHERE ${where} GROUP BY outcome`,
      values,
    ),
  ]);
  const byChannel = new Map(attempts.rows.map((row) => [row.channel, row]));
  const count = (outcome: string) => messages.rows.find((row) => row.outcome === outcome)?.n ?? 0;
  const [reached, failed, noWayIn] = [count('sent'), count('failed'), count('none')];
  const total = reached + failed + noWayIn;
  return {
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    channels: deliveryChannels.map((channel) => {
      const row = byChannel.get(channel);
      const sent = row?.sent ?? 0;
      const failedHere = row?.failed ?? 0;
      return { channel, attempts: sent + failedHere, sent, failed: failedHere, sentShare: share(sent, sent + failedHere) };
    }),
    messages: { total, reached, failed, noWayIn, reachedShare: share(reached, total) },
  };
};
