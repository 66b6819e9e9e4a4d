import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAt, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The client's e-mail on the card (PATCH /api/clients/:id): saved sealed under the client's key,
 * shown on the card, cleared with an empty string; a malformed address is a 400 naming the field,
 * with nothing written.
 */
let server: TestServer;
let clientId = '';

/** Whether any event of the log holds `text` as written (sealed data never does). */
const inLog = async (text: string) =>
  (
    await server.runtime.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_data::text ILIKE '%' || $1 || '%'`,
      [text],
    )
  ).rows[0]!.n > 0;

beforeAll(async () => {
  server = await startTestServer();
  const booked = await server.api('POST', '/api/bookings', {
    branchId: server.branch.id,
    serviceId: server.service('Замена масла').id,
    start: startAt(server.branch, 3, '11:00'),
    client: { name: 'Вера Почтова', phone: '+79161239901' },
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await server.waitForProjection();
  clientId = (await server.api('GET', `/api/bookings/${booked.body.id}`)).body.clientId as string;
});
afterAll(async () => {
  await server?.stop();
});

describe('A client’s e-mail on the card', () => {
  it('is saved with its domain in lower case, shown on the card, never in the log in plain text, and cleared', async () => {
    const before = await server.eventCount();
    const saved = await server.api('PATCH', `/api/clients/${clientId}`, { email: '  Vera.Pochtova@Mail.RU ' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ id: clientId, name: 'Вера Почтова', note: '', email: 'Vera.Pochtova@mail.ru' });
    expect(await server.eventCount()).toBe(before + 1);
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.email).toBe('Vera.Pochtova@mail.ru');
    expect(await inLog('pochtova')).toBe(false);

    // The same address again writes nothing; a Cyrillic domain is an address too.
    const same = await server.api('PATCH', `/api/clients/${clientId}`, { email: 'Vera.Pochtova@mail.ru' });
    expect(same.status).toBe(200);
    expect(await server.eventCount()).toBe(before + 1);
    const cyrillic = await server.api('PATCH', `/api/clients/${clientId}`, { email: 'вера@почта.рф' });
    expect(cyrillic.body.email).toBe('вера@почта.рф');

    const cleared = await server.api('PATCH', `/api/clients/${clientId}`, { email: '' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.email).toBe('');
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.email).toBe('');
    // The name and note are kept through the e-mail's changes.
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.name).toBe('Вера Почтова');
  });

  it('refuses a malformed address with a 400 naming the field and writes nothing', async () => {
    await server.api('PATCH', `/api/clients/${clientId}`, { email: 'vera@example.ru' });
    const before = await server.eventCount();
    for (const email of [
      'vera',
      'vera@',
      '@example.ru',
      'vera@example',
      'vera@@example.ru',
      'vera pochtova@example.ru',
      'vera@exa mple.ru',
      'vera@example..ru',
      'vera@-example.ru',
      `${'v'.repeat(65)}@example.ru`,
    ]) {
      const refused = await server.api('PATCH', `/api/clients/${clientId}`, { email, note: 'не должно сохраниться' });
      expect(refused.status, email).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION', field: 'email' });
      expect(refused.body.detail).toBe('email must be an e-mail address such as name@example.ru');
      // The refusal explains without repeating what was typed (it may be personal data).
      if (email.startsWith('vera')) expect(JSON.stringify(refused.body)).not.toContain(email);
    }
    // Past the schema's length, or with a control character: refused before the rule is asked.
    for (const email of [`vera@${'e'.repeat(250)}.ru`, 'vera@example.ru\u0000']) {
      expect((await server.api('PATCH', `/api/clients/${clientId}`, { email })).status).toBe(400);
    }
    expect(await server.eventCount()).toBe(before);
    const card = (await server.api('GET', `/api/clients/${clientId}`)).body;
    expect(card).toMatchObject({ email: 'vera@example.ru', note: '' });
  });

  it('lets a mechanic set no e-mail', async () => {
    const mechanic = await server.addUser('mechanic', [server.branch.id]);
    const refused = await server.api(
      'PATCH',
      `/api/clients/${clientId}`,
      { email: 'mechanic@example.ru' },
      { authorization: `Bearer ${mechanic.token}` },
    );
    expect(refused.status).toBe(403);
    expect((await server.api('GET', `/api/clients/${clientId}`)).body.email).not.toBe('mechanic@example.ru');
  });
});
