import { performance } from 'node:perf_hooks';
import { createSlotFeed } from './booking-load.ts';
import type { BackgroundReply, BackgroundRequest } from './background-load.ts';
import { bookingBody } from './fixture.ts';
import { createHttpClient } from './http-client.ts';

// The background clients of `npm run bench:processes` in their own process (forked by
// background-load.ts): they book through every server until told to stop, so the probes' process
// measures pushes on an event loop of its own rather than one busy with sixteen clients' requests.

let stopped = false;

process.on('message', (message: BackgroundRequest | 'stop') => {
  if (message === 'stop') {
    stopped = true;
    return;
  }
  const { urls, fixture, slots, firstIndex, clients } = message;
  const feed = createSlotFeed(slots, firstIndex);
  const http = urls.map((url) => createHttpClient(url, { token: fixture.token, maxSockets: clients }));
  const started = performance.now();
  let done = 0;
  let ranOutAfterMs: number | null = null;
  const workers = Array.from({ length: clients }, async (_, worker) => {
    while (!stopped) {
      if (feed.remaining() === 0) {
        ranOutAfterMs ??= performance.now() - started;
        return;
      }
      const { index, slot } = feed.take();
      const response = await http[worker % urls.length]!.request('POST', '/api/bookings', bookingBody(fixture, slot, index));
      if (response.status === 201) done++;
    }
  });
  void Promise.all(workers)
    .then(() => {
      for (const client of http) client.close();
      const elapsedMs = ranOutAfterMs ?? performance.now() - started;
      process.send!({ ok: true, bookings: done, perSecond: done / (elapsedMs / 1000), ranOutAfterMs } satisfies BackgroundReply);
    })
    .catch((error: unknown) =>
      process.send!({ ok: false, error: (error as Error).stack ?? String(error) } satisfies BackgroundReply),
    );
});
