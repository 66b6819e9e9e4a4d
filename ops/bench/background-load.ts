import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SlotFeed } from './booking-load.ts';
import type { BookingFixture } from './fixture.ts';

export type BackgroundRequest = { urls: string[]; fixture: BookingFixture; slots: string[]; firstIndex: number; clients: number };
export type BackgroundReply =
  { ok: true; bookings: number; perSecond: number; ranOutAfterMs: number | null } | { ok: false; error: string };

const childEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'background-load-process.ts');

/**
 * Background clients booking through every server from a process of their own until `stop` is
 * called, or until the feed's slots run out (then `ranOutAfterMs` says when: what was measured after
 * it was not under load). The feed's remaining slots are handed to that process whole.
 */
export const startBackgroundLoad = (urls: string[], fixture: BookingFixture, feed: SlotFeed, clients: number) => {
  const child = fork(childEntry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const finished = new Promise<BackgroundReply>((resolve, reject) => {
    child.once('message', (reply) => resolve(reply as BackgroundReply));
    child.once('exit', (code, signal) => reject(new Error(`the background load exited (${signal ?? code})`)));
  });
  finished.catch(() => undefined);
  const { firstIndex, slots } = feed.takeMany(feed.remaining());
  child.send({ urls, fixture, slots, firstIndex, clients } satisfies BackgroundRequest);
  return {
    stop: async () => {
      child.send('stop');
      const reply = await finished;
      child.kill();
      if (!reply.ok) throw new Error(`the background load failed: ${reply.error}`);
      return reply;
    },
  };
};
