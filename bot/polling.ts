import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { Context } from 'grammy';
import type { ZeroBot } from './bot.ts';

/**
 * Whose updates must keep their order: one chat's (a tap after the message that drew its button).
 * Updates of different chats have different keys and run side by side.
 */
export const chatKeyOf = (ctx: Context): string | undefined => (ctx.chat?.id ?? ctx.from?.id)?.toString();

/** Installed first on the bot: one chat's updates wait for each other, other chats' do not. */
export const oneChatAtATime = () => sequentialize<Context>(chatKeyOf);

export type PollingOptions = {
  timeoutSeconds: number;
  allowedUpdates: readonly ('message' | 'callback_query')[];
  onStart: (username: string) => void;
  onError: (error: unknown) => void;
};

/**
 * Long polling with grammY's runner: batches are fetched while earlier updates are still being
 * handled, so a client whose update is slow (a slow Telegram round trip, a long query) holds up
 * only their own chat. grammY's own `bot.start()` handles every update of every chat one at a time.
 */
export const startConcurrentPolling = (bot: ZeroBot, options: PollingOptions) => {
  let highest = 0;
  bot.api.config.use(async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (method === 'getUpdates' && result.ok) {
      for (const update of result.result as { update_id: number }[]) highest = Math.max(highest, update.update_id);
    }
    return result;
  });
  let handle: RunnerHandle | null = null;
  let stopped = false;
  // In the background, as bot.start() was: an unreachable Telegram must not hold up the server's start.
  const started = (async () => {
    await bot.init();
    // The runner does not clear a webhook as bot.start() does; polling with one set fails with 409.
    await bot.api.deleteWebhook();
    if (stopped) return;
    handle = run(bot, {
      runner: { fetch: { timeout: options.timeoutSeconds, allowed_updates: options.allowedUpdates }, silent: true },
    });
    options.onStart(bot.botInfo.username);
    await handle.task();
  })().catch(options.onError);

  /** Resolves when every update taken so far has been handled. */
  const settled = async () => {
    while (handle && handle.size() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  return {
    settled,
    /**
     * Stops fetching, waits for the updates in hand, then confirms them to Telegram (as
     * bot.stop() does) so a restart does not handle them twice.
     */
    stop: async () => {
      stopped = true;
      if (handle?.isRunning()) await handle.stop().catch(() => undefined);
      await started;
      await settled();
      if (highest > 0) await bot.api.getUpdates({ offset: highest + 1, limit: 1, timeout: 0 }).catch(() => undefined);
    },
  };
};
