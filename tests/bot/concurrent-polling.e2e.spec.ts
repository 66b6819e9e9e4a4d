import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, startBotHarness, type BotHarness } from '../support/bot-harness.ts';

/**
 * 20 clients at once in long polling: one client whose Telegram round trip hangs holds up only
 * their own chat. Judged by order and overlap, never by the clock: the other 19 are answered while
 * the slow client's first answer is still on its way, and the slow client's second update does not
 * start before their first is done.
 */
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('polling with many clients', () => {
  it('answers 19 clients while the 20th waits on a slow round trip, and keeps that client’s updates in order', async () => {
    const slow = newUser('Медленный');
    const others = Array.from({ length: 19 }, (_, i) => newUser(`Клиент${i + 1}`));
    const release = h.telegram.hold(slow.id);

    h.telegram.sendText(slow, '/start');
    h.telegram.sendText(slow, '/privacy');
    for (const user of others) h.telegram.sendText(user, '/start');

    await h.telegram.waitFor(
      () => others.every((user) => h.telegram.chat(user.id).some((message) => message.text.includes('Согласие'))),
      15_000,
      'all 19 other clients answered',
    );
    // The slow client's first answer is still held, and their second update has not started.
    expect(h.telegram.chat(slow.id)).toEqual([]);
    expect(h.telegram.callsFor(slow.id, 'sendMessage')).toHaveLength(1);

    release();
    await h.telegram.waitFor(() => h.telegram.chat(slow.id).length >= 3, 15_000, 'the slow client answered');
    await h.host().settled();
    const texts = h.telegram.chat(slow.id).map((message) => message.text);
    // /start's greeting and consent come first, then the answer to /privacy.
    expect(texts[0]).toContain('Здравствуйте');
    expect(texts[1]).toContain('Согласие');
    expect(texts[2]).toContain('Оператор');
    expect(texts).toHaveLength(3);
  });
});
