import { randomUUID } from 'node:crypto';
import type { TestServer } from './test-server.ts';

/**
 * A BookingRequested of the server's demo organization as it is written straight into the log, as
 * no command would write it (concurrent writers, replays, events a follower must set aside): the
 * first bay and service, one segment over the span, a new client. `data` replaces any field.
 */
export const rawBookingRequested = (
  server: TestServer,
  span: { start: string; end: string },
  data: Record<string, unknown> = {},
) => {
  const bookingId = typeof data.bookingId === 'string' ? data.bookingId : randomUUID();
  return {
    type: 'BookingRequested',
    data: {
      bookingId,
      orgId: server.branch.orgId,
      branchId: server.branch.id,
      bayId: server.bays[0]!.id,
      serviceIds: [server.services[0]!.id],
      ...span,
      segments: [{ date: span.start.slice(0, 10), from: span.start, to: span.end }],
      clientId: randomUUID(),
      channel: 'panel',
      details: null,
      requestedBy: null,
      requestedAt: new Date().toISOString(),
      ...data,
    },
  };
};
