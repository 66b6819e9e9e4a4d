import { performance } from 'node:perf_hooks';
import type { SlotFeed } from './booking-load.ts';
import { bookingBody, type BookingFixture } from './fixture.ts';
import { createHttpClient } from './http-client.ts';
import { openLiveSocket } from './live-socket.ts';
import { summarizeLatencies, type LatencySummary } from './stats.ts';

export type PushLatency = LatencySummary & {
  /** The POST alone (send → 201), to tell the command's share from the projection and hub's. */
  command: LatencySummary;
  failures: number;
  firstFailure: string | null;
};

/** The measurement, or why it could not be taken (e.g. the live socket was refused). */
export type PushOutcome = PushLatency | { error: string };

/**
 * Sequentially: POST a booking, then wait for the live hub to push its card over WebSocket.
 * Measured from sending the request to receiving {type:'booking', booking:{id}} for that id,
 * so it spans the command, the projection batch and the hub's flush.
 */
export const measurePushLatency = async (
  url: string,
  fixture: BookingFixture,
  feed: SlotFeed,
  count: number,
  timeoutMs = 5_000,
): Promise<PushLatency> => {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const socketUrl = `${url.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(fixture.token)}`;
  const socket = await openLiveSocket(socketUrl, (message) => {
    const id = message.type === 'booking' ? message.booking?.id : undefined;
    if (!id || arrived.has(id)) return;
    const at = performance.now();
    arrived.set(id, at);
    waiting.get(id)?.(at);
  });
  const http = createHttpClient(url, { token: fixture.token, maxSockets: 1 });
  const latencies: number[] = [];
  const commandLatencies: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;

  try {
    for (let i = 0; i < count; i++) {
      const { index, slot } = feed.take();
      const sent = performance.now();
      const response = await http.request('POST', '/api/bookings', bookingBody(fixture, slot, index));
      commandLatencies.push(performance.now() - sent);
      if (response.status !== 201) {
        failures++;
        firstFailure ??= `HTTP ${response.status} ${response.text.slice(0, 300)}`;
        continue;
      }
      const { id } = response.json<{ id: string }>();
      const pushed = await new Promise<number | null>((resolve) => {
        const early = arrived.get(id);
        if (early !== undefined) return resolve(early);
        const timer = setTimeout(() => resolve(null), timeoutMs);
        waiting.set(id, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
      waiting.delete(id);
      if (pushed === null) {
        failures++;
        firstFailure ??= `no push for booking ${id} within ${timeoutMs} ms`;
        continue;
      }
      latencies.push(pushed - sent);
    }
  } finally {
    socket.close();
    http.close();
  }
  return { ...summarizeLatencies(latencies), command: summarizeLatencies(commandLatencies), failures, firstFailure };
};
