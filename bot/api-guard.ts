import type { Transformer } from 'grammy';

export type GuardOptions = {
  /** Attempts in all for one call that keeps answering 429 (grammY's auto-retry would go on for ever). */
  maxAttempts?: number;
  /** A retry_after above this is not waited for: the call fails and the caller moves on. */
  maxWaitSeconds?: number;
  onBlocked: (chatId: number) => Promise<void>;
  onGiveUp?: (fields: { method: string; errorCode: number; description: string }) => void;
  sleep?: (ms: number) => Promise<void>;
};

/** The wait before the next try after a 5xx or a failed connection, per try already made. */
const SERVER_TROUBLE_WAIT_MS = 1000;

const NOT_MODIFIED = 'message is not modified';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Every call to Telegram passes here (the bot's updates and the notification reactor alike):
 * - 429: wait retry_after and try again, a bounded number of times;
 * - 5xx or no answer at all: Telegram's trouble, mostly gone in a second; try again as often, a
 *   second more each time (a status message sent twice beats one lost);
 * - 403 «bot was blocked by the user»: mark the chat unreachable, no retry;
 * - «message is not modified» on an edit: the message already shows what we wanted, so success.
 */
export const apiGuard = (options: GuardOptions): Transformer => {
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWait = options.maxWaitSeconds ?? 30;
  const sleep = options.sleep ?? defaultSleep;
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      // No answer at all (a connection refused or cut): null, tried again unless stopped or out of tries.
      const result = await prev(method, payload, signal).catch((error: unknown) => {
        if (signal?.aborted || attempt >= maxAttempts) throw error;
        return null;
      });
      if (result === null) {
        await sleep(SERVER_TROUBLE_WAIT_MS * attempt);
        continue;
      }
      if (result.ok) return result;
      if (result.error_code >= 500 && attempt < maxAttempts) {
        await sleep(SERVER_TROUBLE_WAIT_MS * attempt);
        continue;
      }
      const retryAfter = result.parameters?.retry_after;
      if (result.error_code === 429 && typeof retryAfter === 'number' && attempt < maxAttempts && retryAfter <= maxWait) {
        await sleep(retryAfter * 1000);
        continue;
      }
      if (result.error_code === 400 && method.startsWith('editMessage') && result.description.includes(NOT_MODIFIED)) {
        return { ok: true, result: true } as unknown as typeof result;
      }
      const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
      if (result.error_code === 403 && typeof chatId === 'number') await options.onBlocked(chatId).catch(() => undefined);
      if (result.error_code === 429 || result.error_code >= 500) {
        options.onGiveUp?.({ method, errorCode: result.error_code, description: result.description });
      }
      return result;
    }
  };
};
