import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_NOTICE_VERSION } from '../../domain/compliance/notice.ts';
import { buttonOf, type FakeUser } from '../support/fake-telegram.ts';
import { newUser, phoneFor, startBotHarness, type BotHarness } from '../support/bot-harness.ts';

/**
 * /privacy and /mydata: the station's own notice, the consent status per purpose, and buttons
 * that turn into subject requests (channel telegram, identity: the linked, verified account).
 */

let h: BotHarness;
let officer: { token: string; id: string };
let manager: { token: string; id: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: string, path: string, body?: unknown) => h.server.api(method, path, body, bearer(token));

/** A linked client and their id. */
const linked = async (name: string) => {
  const user = newUser(name);
  await h.link(user, phoneFor(user));
  const clientId = (await h.eventsOf('TelegramLinked')).at(-1)!.data.clientId as string;
  return { user, clientId };
};

const requestsOf = async (clientId: string) =>
  (await as(officer.token, 'GET', `/api/compliance/requests?clientId=${clientId}`)).body.requests as any[];

const privacyMessage = async (user: FakeUser) => {
  await h.send(user, '/privacy');
  return h.withButton(user, 'Запросить удаление данных');
};

beforeAll(async () => {
  h = await startBotHarness();
  officer = await h.server.addUser('compliance');
  manager = await h.server.addUser('manager');
});
afterAll(async () => {
  await h?.stop();
});

describe('/privacy', () => {
  it('shows a chat with no linked client the notice in one message, and registers nothing', async () => {
    const stranger = newUser('Прохожий');
    const reply = await h.send(stranger, '/privacy');
    expect(h.telegram.chat(stranger.id)).toHaveLength(1);
    expect(reply!.text).toContain('Оператор — Демо СТО');
    expect(reply!.text).toContain('через него мы ваших данных не показываем и не храним');
    const { rows } = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM compliance_requests');
    expect(rows[0].n).toBe(0);
  });

  it('shows the default notice in English to a client who chose English', async () => {
    const { user } = await linked('Джон');
    await h.send(user, '/language');
    await h.press(user, 'English');
    await h.send(user, '/privacy');
    const message = h.withButton(user, 'Ask to erase my data');
    expect(message.text).toContain('The operator is «Демо СТО»');
    expect(message.text).toContain('advertising messages: not given');
  });

  it('shows the notice as the station edited it, and the consent status per purpose', async () => {
    const edited = 'Политика {organization}: храним только то, что нужно для записи. Вопросы — по телефону станции.';
    const put = await as(officer.token, 'PUT', '/api/compliance/texts/privacy-notice', { text: edited });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // The answer names the wording: its version (when it was saved) and the SHA-256 of the text as shown.
    const shown = edited.replace('{organization}', 'Демо СТО');
    expect(put.body).toMatchObject({ key: 'privacy-notice', isDefault: false, text: shown, version: expect.any(String) });
    expect(put.body.version).toBe(put.body.updatedAt);
    expect(put.body.sha256).toBe(createHash('sha256').update(shown).digest('hex'));

    const { user } = await linked('Зинаида');
    const message = await privacyMessage(user);
    expect(message.text).toContain('Политика Демо СТО: храним только то, что нужно для записи.');
    expect(message.text).not.toContain('Оператор — Демо СТО');
    expect(message.text).toContain(`обработка данных для записи и сообщений о ней: дано (версия ${CONSENT_NOTICE_VERSION})`);
    expect(message.text).toContain('рекламные рассылки: не давалось');
    expect(message.text).toContain('передача данных третьим лицам: не давалось');
    for (const label of [
      'Сведения о моих данных',
      'Запросить прекращение обработки',
      'Запросить удаление данных',
      'Отозвать согласие',
    ]) {
      expect(buttonOf(message, label), label).toBeDefined();
    }
    expect(buttonOf(message, 'Отказаться от рассылок')).toBeUndefined();

    // An English-speaking client sees the station's own wording too: it is the binding one.
    const john = newUser('Jane');
    await h.send(john, '/language');
    await h.press(john, 'English');
    const notLinked = await h.send(john, '/privacy');
    expect(notLinked!.text).toContain('Политика Демо СТО');
  });

  it('withdraws the marketing consent from its button and registers the withdrawal', async () => {
    const { user, clientId } = await linked('Маркетинг');
    await h.server.waitForProjection();
    const paper = await as(manager.token, 'POST', `/api/clients/${clientId}/consents`, {
      purpose: 'marketing',
      noticeVersion: 'paper-1',
      textHash: 'c'.repeat(64),
    });
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    const message = await privacyMessage(user);
    expect(message.text).toContain('рекламные рассылки: дано (версия paper-1)');

    const { message: reply } = await h.press(user, 'Отказаться от рассылок');
    expect(reply!.text).toContain('Вы отказались от рекламных рассылок');
    const withdrawn = (await h.eventsOf('ConsentWithdrawn')).filter((event) => event.stream_id === `client-${clientId}`);
    expect(withdrawn.map((event) => event.data.purpose)).toEqual(['marketing']);
    const [request, ...others] = await requestsOf(clientId);
    expect(others).toEqual([]);
    expect(request).toMatchObject({
      kind: 'withdrawal',
      channel: 'telegram',
      evidence: 'telegram-account',
      status: 'open',
      daysUnit: 'calendar',
      note: 'Отзыв согласия «marketing» через Telegram-бот',
    });
    expect(request.dueDate).toBe(Temporal.PlainDate.from(request.receivedDate).add({ days: 30 }).toString());

    // The booking consent stays, and so does the chat.
    const after = await privacyMessage(user);
    expect(after.text).toContain('рекламные рассылки: отозвано');
    expect(after.text).toContain('обработка данных для записи и сообщений о ней: дано');
    expect(buttonOf(after, 'Отказаться от рассылок')).toBeUndefined();
  });

  it('asks before an erasure or stop-processing request, and registers each once', async () => {
    const { user, clientId } = await linked('Просит');
    await privacyMessage(user);

    const { message: question } = await h.press(user, 'Запросить прекращение обработки');
    expect(question!.text).toContain('Запросить прекращение обработки ваших данных?');
    const { message: kept } = await h.press(user, 'Нет');
    expect(kept!.text).toContain('ничего не меняем');
    expect(await requestsOf(clientId)).toEqual([]);

    await privacyMessage(user);
    await h.press(user, 'Запросить удаление данных');
    const { message: accepted } = await h.press(user, 'Да, запросить');
    expect(accepted!.text).toContain('Запрос на удаление данных принят');
    const [erasure] = await requestsOf(clientId);
    expect(erasure).toMatchObject({ kind: 'erasure', channel: 'telegram', evidence: 'telegram-account', daysUnit: 'working' });
    expect(accepted!.text).toContain(erasure.dueDate.split('-').reverse().join('.'));

    await privacyMessage(user);
    await h.press(user, 'Запросить удаление данных');
    const { message: again } = await h.press(user, 'Да, запросить');
    expect(again!.text).toContain('уже принят');

    await privacyMessage(user);
    await h.press(user, 'Запросить прекращение обработки');
    const { message: stop } = await h.press(user, 'Да, запросить');
    expect(stop!.text).toContain('Запрос на прекращение обработки принят');

    await privacyMessage(user);
    const { message: access } = await h.press(user, 'Сведения о моих данных');
    expect(access!.text).toContain('пришлём их сюда документом');

    const kinds = (await requestsOf(clientId)).map((request) => request.kind).sort();
    expect(kinds).toEqual(['access', 'erasure', 'stop-processing']);
  });

  it('tells a client who taps the erasure yes twice that the request is already accepted', async () => {
    const { user, clientId } = await linked('Дважды');
    await privacyMessage(user);
    await h.press(user, 'Запросить удаление данных');
    const question = h.withButton(user, 'Да, запросить');
    const yes = buttonOf(question, 'Да, запросить')!.callback_data!;
    const { message: accepted } = await h.pressData(user, question, yes);
    expect(accepted!.text).toContain('Запрос на удаление данных принят');
    const [erasure] = await requestsOf(clientId);
    const { message: again } = await h.pressData(user, question, yes);
    expect(again!.text).toBe(`Такой запрос уже принят, ответ — не позднее ${erasure.dueDate.split('-').reverse().join('.')}.`);
    expect(await requestsOf(clientId)).toHaveLength(1);
  });

  it('files an erasure or stop-processing request only as the yes to its own question, never from a forged tap', async () => {
    const { user, clientId } = await linked('Подделал');
    const shown = await privacyMessage(user);
    await h.press(user, 'Запросить удаление данных');
    const yes = buttonOf(h.withButton(user, 'Да, запросить'), 'Да, запросить')!.callback_data!;
    const stopYes = yes.replace(/ey$/, 'sy');
    expect(stopYes).not.toBe(yes);
    // The stop's yes sent to the erasure's question, then both yeses on the privacy message, which asked nothing.
    const crossed = await h.pressData(user, shown, stopYes);
    expect(crossed.message!.text).toContain('Эта кнопка больше не действует');
    await h.press(user, 'Нет');
    for (const data of [yes, stopYes]) {
      const { message } = await h.pressData(user, shown, data);
      expect(message!.text).toContain('Эта кнопка больше не действует');
    }
    expect(await requestsOf(clientId)).toEqual([]);
  });

  it('offers the /privacy choices to a typed request about the data, not a manager', async () => {
    const { user, clientId } = await linked('Пишет');
    for (const typed of ['удалите мои данные', 'Отзываю согласие']) {
      const reply = await h.send(user, typed);
      expect(reply!.text).not.toContain('менеджеру');
      expect(buttonOf(reply, 'Запросить удаление данных')).toBeDefined();
      expect(buttonOf(reply, 'Отозвать согласие')).toBeDefined();
    }
    // Only the choices are offered: nothing is asked for until a button is pressed.
    expect(await requestsOf(clientId)).toEqual([]);
  });

  it('withdraws the booking consent, forgets the chat and registers the destruction within 30 days', async () => {
    const { user, clientId } = await linked('Уходит');
    await privacyMessage(user);
    // One tap only asks: nothing is withdrawn before the client says yes.
    const asked = (await h.press(user, 'Отозвать согласие')).message!;
    expect(asked.text).toContain('Отозвать согласие на обработку данных?');
    expect((await h.eventsOf('ConsentWithdrawn')).filter((event) => event.stream_id === `client-${clientId}`)).toEqual([]);
    const { message } = await h.press(user, 'Да, отозвать');
    expect(message!.text).toContain('Согласие отозвано');
    expect(message!.text).toContain('уничтожит ваши данные в течение 30 дней');
    const { rows } = await h.server.runtime.pool.query('SELECT count(*)::int AS n FROM bot_chats WHERE client_id = $1', [
      clientId,
    ]);
    expect(rows[0].n).toBe(0);
    expect(await requestsOf(clientId)).toEqual([
      expect.objectContaining({
        kind: 'withdrawal',
        channel: 'telegram',
        evidence: 'telegram-account',
        note: 'Отзыв согласия «personal-data» через Telegram-бот',
      }),
    ]);
    const mydata = await h.send(user, '/mydata');
    expect(mydata!.text).toContain('не привязан');
    // /privacy no longer says no consent was ever given.
    const after = await h.send(user, '/privacy');
    expect(after!.text).not.toContain('согласие не давалось');
    expect(after!.text).toContain('Если вы отзывали согласие');
  });
});
