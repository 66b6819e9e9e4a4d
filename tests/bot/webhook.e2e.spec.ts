import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoOrganization } from '../../core/database/demo-organization.ts';
import { createRuntime, type Runtime } from '../../composition-root.ts';
import { freshDatabase } from '../support/database.ts';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram.ts';
import { freePort } from '../support/server-process.ts';
import { OWNER, TEST_PASSWORD_COST } from '../support/test-server.ts';
import { newUser } from '../support/bot-harness.ts';

const SECRET = 'webhook-secret-for-tests-0123456789';
let telegram: FakeTelegram;
let runtime: Runtime;
let base: string;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  runtime = await createRuntime({
    databaseUrl: await freshDatabase(),
    logLevel: 'silent',
    passwordCost: TEST_PASSWORD_COST,
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, webhook: { url: `${base}/telegram/webhook`, secret: SECRET } },
  });
  await createDemoOrganization(runtime.pool, OWNER, runtime.passwords);
  await runtime.app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await runtime?.close();
  await telegram?.close();
});

describe('Webhook mode', () => {
  it('registers the webhook with the secret, handles an update once, and refuses a wrong secret', async () => {
    const registered = await telegram.waitFor(() => telegram.webhook(), 10_000, 'setWebhook');
    expect(registered).toEqual({ url: `${base}/telegram/webhook`, secret_token: SECRET });

    const user = newUser('Вебхук');
    const updateId = telegram.sendText(user, '/start');
    expect(await telegram.delivery(updateId)).toBe(200);
    expect(telegram.chat(user.id)[0]!.text).toContain('Демо СТО');
    const count = telegram.chat(user.id).length;

    // Telegram redelivers after a timeout: the same update_id is handled once.
    expect(await telegram.redeliver(updateId)).toBe(200);
    expect(telegram.chat(user.id)).toHaveLength(count);

    // A forged post without the right secret does nothing.
    const forged = telegram.sendText(user, '/privacy');
    expect(await telegram.redeliver(forged, 'wrong-secret-wrong-secret')).toBe(401);
    expect(await telegram.delivery(forged)).toBe(200);
    expect(telegram.chat(user.id)).toHaveLength(count + 1);
  });

  it('answers a client whose name holds direction marks, rather than refusing the update for Telegram to drop', async () => {
    const user = newUser('\u2067Али\u2069', '\u202eвортеП');
    const updateId = telegram.sendText(user, '/start');
    expect(await telegram.delivery(updateId)).toBe(200);
    expect(telegram.chat(user.id)[0]!.text).toContain('Демо СТО');
  });

  it('links a manager chat with a code from the API', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    }).then((response) => response.json() as Promise<{ token: string }>);
    const response = await fetch(`${base}/api/telegram/link-code`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login.token}` },
    });
    expect(response.status).toBe(201);
    const { command } = (await response.json()) as { command: string };
    const owner = newUser('Владелец');
    expect(await telegram.delivery(telegram.sendText(owner, command))).toBe(200);
    expect(telegram.lastMessage(owner.id)!.text).toContain('сюда будут приходить');
    const anonymous = await fetch(`${base}/api/telegram/link-code`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });
});
