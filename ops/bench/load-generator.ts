import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BookingLevel, SlotFeed } from './booking-load.ts';
import type { BookingFixture } from './fixture.ts';

export type LevelRequest = {
  url: string;
  fixture: BookingFixture;
  slots: string[];
  firstIndex: number;
  clients: number;
  count: number;
};
export type LevelReply = { ok: true; level: BookingLevel; cpuMs: number } | { ok: false; error: string };

/** A booking level as the load generator's process measured it, with the CPU it spent making the load. */
export type GeneratedLevel = BookingLevel & { generatorCpuMs: number };

const childEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-generator-process.ts');

/**
 * The load generator in a process of its own (issue 17: honest measurement). It still shares the
 * machine's cores with the server and PostgreSQL, but no longer the server's event loop and heap.
 * One process for the whole run, one level at a time.
 */
export const startLoadGenerator = (url: string, fixture: BookingFixture) => {
  const child: ChildProcess = fork(childEntry, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`the load generator exited (${signal ?? code})`))),
  );
  exited.catch(() => undefined);

  const run = async (feed: SlotFeed, clients: number, count: number): Promise<GeneratedLevel> => {
    const { firstIndex, slots } = feed.takeMany(count);
    const reply = new Promise<LevelReply>((resolve) => child.once('message', (message) => resolve(message as LevelReply)));
    child.send({ url, fixture, slots, firstIndex, clients, count } satisfies LevelRequest);
    const answer = await Promise.race([reply, exited]);
    if (!answer.ok) throw new Error(`the load generator failed: ${answer.error}`);
    return { ...answer.level, generatorCpuMs: answer.cpuMs };
  };

  const stop = () => {
    child.kill();
  };

  return { run, stop };
};
