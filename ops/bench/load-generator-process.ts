import { createSlotFeed, runBookingLevel } from './booking-load.ts';
import type { LevelRequest, LevelReply } from './load-generator.ts';

// The load generator's own process (forked by load-generator.ts): it books what the parent asks
// over HTTP and answers with the level's figures and the CPU it spent, so the server's process
// spends nothing on making load and its CPU figures are the server's alone.

process.on('message', (request: LevelRequest) => {
  const before = process.cpuUsage();
  void runBookingLevel(
    request.url,
    request.fixture,
    createSlotFeed(request.slots, request.firstIndex),
    request.clients,
    request.count,
  )
    .then((level) => {
      const spent = process.cpuUsage(before);
      const reply: LevelReply = { ok: true, level, cpuMs: (spent.user + spent.system) / 1000 };
      process.send!(reply);
    })
    .catch((error: unknown) => process.send!({ ok: false, error: (error as Error).stack ?? String(error) } satisfies LevelReply));
});
