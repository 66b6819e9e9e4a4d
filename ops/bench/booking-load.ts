import { runConcurrent, type ConcurrentRun } from './concurrency.ts';
import { bookingBody, type BookingFixture } from './fixture.ts';
import { createHttpClient } from './http-client.ts';

export type BookingLevel = ConcurrentRun & { clients: number };

/** Hands out pre-generated free slots, each once, across warm-up, levels and the push test. */
export const createSlotFeed = (slots: readonly string[], firstIndex = 0) => {
  let next = 0;
  const take = () => {
    const index = next++;
    const slot = slots[index];
    if (slot === undefined) throw new Error('out of pre-generated slots');
    return { index: firstIndex + index, slot };
  };
  return {
    take,
    /** How many slots are still free to hand out. */
    remaining: () => slots.length - next,
    /** The next `count` slots at once, for the load generator's process, which numbers them from `firstIndex`. */
    takeMany: (count: number) => {
      if (next + count > slots.length) throw new Error('out of pre-generated slots');
      next += count;
      return { firstIndex: firstIndex + next - count, slots: slots.slice(next - count, next) };
    },
  };
};

export type SlotFeed = ReturnType<typeof createSlotFeed>;

/** POST /api/bookings `count` times from `clients` concurrent keep-alive connections; 201 is success. */
export const runBookingLevel = async (
  url: string,
  fixture: BookingFixture,
  feed: SlotFeed,
  clients: number,
  count: number,
): Promise<BookingLevel> => {
  const http = createHttpClient(url, { token: fixture.token, maxSockets: clients });
  try {
    const run = await runConcurrent(count, clients, async () => {
      const { index, slot } = feed.take();
      const response = await http.request('POST', '/api/bookings', bookingBody(fixture, slot, index));
      return { ok: response.status === 201, label: String(response.status), detail: response.text };
    });
    return { ...run, clients };
  } finally {
    http.close();
  }
};
