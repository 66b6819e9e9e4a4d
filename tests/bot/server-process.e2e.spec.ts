import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/database.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { spawnServer, stopServer, type ServerProcess } from '../support/server-process.ts';
import { newUser } from '../support/bot-harness.ts';

let telegram: FakeTelegram;
let server: ServerProcess;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  server = await spawnServer('node', {
    DATABASE_URL: await freshDatabase(),
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: `${telegram.apiRoot}/`,
  });
});
afterAll(async () => {
  if (server) await stopServer(server);
  await telegram?.close();
});

describe('npm start with TELEGRAM_BOT_TOKEN', () => {
  it('polls the configured Bot API, greets with the station name and confirms handled updates on shutdown', async () => {
    const user = newUser('Процесс');
    const updateId = telegram.sendText(user, '/start');
    const consent = await telegram.waitFor(
      () => telegram.chat(user.id).find((message) => message.text.includes('Согласие на обработку')),
      30_000,
      'the consent message',
    );
    expect(telegram.chat(user.id)[0]!.text).toContain('Демо СТО');
    expect(consent.reply_markup!.inline_keyboard!.flat().map((button) => button.text)).toEqual(['Согласен', 'Не согласен']);
    await stopServer(server);
    expect(telegram.confirmedOffset()).toBeGreaterThan(updateId);
  });
});
