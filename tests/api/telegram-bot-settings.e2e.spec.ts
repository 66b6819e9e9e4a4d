import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askTelegramGetMe } from '../../core/setup/telegram-bot-settings.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const user = { id: 5_550_001, first_name: 'Ольга', language_code: 'ru' };

const storedRows = async (server: TestServer) =>
  (
    await server.runtime.pool.query<{ token_sealed: Buffer; username: string }>(
      'SELECT token_sealed, username FROM telegram_bot_settings',
    )
  ).rows;

const botStep = async (server: TestServer) =>
  ((await server.api('GET', '/api/first-run')).body.steps as { step: string; done: boolean }[]).find((s) => s.step === 'bot')
    ?.done;

describe('The Telegram bot connected from the panel', () => {
  let telegram: FakeTelegram;
  let server: TestServer;

  beforeAll(async () => {
    telegram = await startFakeTelegram();
    server = await startTestServer({ panelTelegram: { apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 } });
  });
  afterAll(async () => {
    await server?.stop();
    await telegram?.close();
  });

  it('starts with no bot, and the first-run step is open', async () => {
    const { status, body } = await server.api('GET', '/api/settings/telegram-bot');
    expect(status).toBe(200);
    expect(body).toEqual({ source: 'none', username: null, link: null });
    expect(await botStep(server)).toBe(false);
    expect((await server.api('GET', '/api/settings/telegram-bot/qr.svg')).status).toBe(404);
  });

  it('refuses text that is not a token without asking Telegram, and writes nothing', async () => {
    const before = telegram.calls.length;
    const { status, body } = await server.api('PUT', '/api/settings/telegram-bot', { token: 'мой бот Автосервис' });
    expect(status).toBe(400);
    expect(body.code).toBe('BOT_TOKEN_FORMAT');
    expect(telegram.calls.length).toBe(before);
    expect(await storedRows(server)).toEqual([]);
  });

  it('refuses a token Telegram does not know (getMe 401), and writes nothing', async () => {
    const { status, body } = await server.api('PUT', '/api/settings/telegram-bot', {
      token: '987654321:AAH-unknown_token_never_issued',
    });
    expect(status).toBe(400);
    expect(body.code).toBe('BOT_TOKEN_REJECTED');
    expect(await storedRows(server)).toEqual([]);
    expect(server.runtime.messaging?.bot ?? null).toBeNull();
  });

  it('takes the right token: a sealed copy is kept, the bot answers without a restart, the link and QR code are shown', async () => {
    const { status, body } = await server.api('PUT', '/api/settings/telegram-bot', { token: `  ${telegram.token} ` });
    expect(status).toBe(200);
    expect(body).toEqual({ source: 'panel', username: 'zero_crm_test_bot', link: 'https://t.me/zero_crm_test_bot' });
    const rows = await storedRows(server);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_sealed.toString('latin1')).not.toContain(telegram.token.split(':')[1]);

    telegram.sendText(user, '/start');
    const reply = await telegram.waitFor(() => telegram.lastMessage(user.id), 15_000, 'the bot to answer /start');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(await botStep(server)).toBe(true);

    const qr = await fetch(`${server.url}/api/settings/telegram-bot/qr.svg`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(await qr.text()).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"[\s\S]*<path/);
  });

  it('is only for the owner', async () => {
    const manager = await server.addUser('manager');
    const answer = await server.api(
      'PUT',
      '/api/settings/telegram-bot',
      { token: telegram.token },
      { authorization: `Bearer ${manager.token}` },
    );
    expect(answer.status).toBe(403);
  });

  it('starts the kept bot again after a restart of the server', async () => {
    await server.runtime.close();
    server = await startTestServer({
      databaseUrl: server.databaseUrl,
      panelTelegram: { apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 },
    });
    expect(server.runtime.messaging?.bot).toBeTruthy();
    expect((await server.api('GET', '/api/settings/telegram-bot')).body.source).toBe('panel');
  });

  it('removing the token stops the bot and forgets the token', async () => {
    const { status, body } = await server.api('DELETE', '/api/settings/telegram-bot');
    expect(status).toBe(200);
    expect(body.source).toBe('none');
    expect(server.runtime.messaging?.bot ?? null).toBeNull();
    expect(await storedRows(server)).toEqual([]);
    const offset = telegram.confirmedOffset();
    telegram.sendText(user, '/start');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(telegram.confirmedOffset()).toBe(offset);
  });
});

describe('Telegram unreachable while checking a token', () => {
  it('is refused with its own code', async () => {
    await expect(askTelegramGetMe('http://127.0.0.1:9', '123456:AAH-some_token_here_1234567')).rejects.toMatchObject({
      code: 'TELEGRAM_UNREACHABLE',
    });
  });
});

describe('The bot set by TELEGRAM_BOT_TOKEN', () => {
  it('is shown as set by the environment and cannot be changed from the panel', async () => {
    const telegram = await startFakeTelegram();
    const server = await startTestServer({
      telegram: { token: telegram.token, apiRoot: telegram.apiRoot, pollingTimeoutSeconds: 1 },
    });
    try {
      await telegram.waitFor(() => server.runtime.messaging?.bot?.isInited(), 10_000, 'the bot to start');
      expect((await server.api('GET', '/api/settings/telegram-bot')).body).toEqual({
        source: 'environment',
        username: 'zero_crm_test_bot',
        link: 'https://t.me/zero_crm_test_bot',
      });
      const { status, body } = await server.api('PUT', '/api/settings/telegram-bot', { token: telegram.token });
      expect(status).toBe(409);
      expect(body.code).toBe('BOT_SET_BY_ENVIRONMENT');
      expect((await server.api('DELETE', '/api/settings/telegram-bot')).status).toBe(409);
    } finally {
      await server.stop();
      await telegram.close();
    }
  });
});
