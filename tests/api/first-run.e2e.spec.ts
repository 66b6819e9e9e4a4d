import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const owner = () => ({ authorization: `Bearer ${server.token}` });
const doneSteps = async () => {
  const { status, body } = await server.api('GET', '/api/first-run', undefined, owner());
  expect(status).toBe(200);
  return (body.steps as { step: string; done: boolean }[]).filter((one) => one.done).map((one) => one.step);
};

describe('The owner’s first-run guide', () => {
  it('starts with nothing done on a fresh installation, in the order the owner meets the steps', async () => {
    const { body } = await server.api('GET', '/api/first-run', undefined, owner());
    expect(body).toEqual({
      steps: ['branch', 'clients', 'appointments', 'bot', 'staff'].map((step) => ({ step, done: false })),
      dismissed: false,
    });
  });

  it('follows what the station does: the owner’s word on the branch, a client list imported, a person invited', async () => {
    const confirmed = await server.api('POST', '/api/first-run/branch', undefined, owner());
    expect(confirmed.status).toBe(200);
    expect(await doneSteps()).toEqual(['branch']);

    const csv = readFileSync(path.resolve(import.meta.dirname, '../../../shared/data/clients-sample.csv'));
    const imported = await fetch(`${server.url}/api/imports?fileName=clients-sample.csv`, {
      method: 'POST',
      headers: owner(),
      body: csv,
    });
    expect(imported.status).toBe(201);
    expect(await doneSteps()).toEqual(['branch', 'clients']);

    await server.addUser('manager');
    expect(await doneSteps()).toEqual(['branch', 'clients', 'staff']);
  });

  it('keeps the guide put away once the owner says so, and the first time a step was confirmed', async () => {
    await server.api('POST', '/api/first-run/dismissed', undefined, owner());
    await server.api('POST', '/api/first-run/dismissed', undefined, owner());
    const { body } = await server.api('GET', '/api/first-run', undefined, owner());
    expect(body.dismissed).toBe(true);
    const { rows } = await server.runtime.pool.query('SELECT count(*)::int AS n FROM first_run_steps');
    expect(rows[0].n).toBe(2);
  });

  it('refuses a step the owner cannot mark and anyone but the owner', async () => {
    expect((await server.api('POST', '/api/first-run/clients', undefined, owner())).status).toBe(400);
    const manager = await server.addUser('manager');
    expect((await server.api('GET', '/api/first-run', undefined, { authorization: `Bearer ${manager.token}` })).status).toBe(403);
  });
});
