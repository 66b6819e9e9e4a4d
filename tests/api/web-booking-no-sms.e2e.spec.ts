import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// The stock server with no SMS gateway: a new client cannot get a code, and the booking page is
// told so (with the station's number to call instead) before anyone types a phone.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('The booking page without an SMS gateway', () => {
  it('says codes reach only clients known in a messenger, and gives the station’s phone', async () => {
    const station = async () =>
      (await (await fetch(`${server.url}/api/public/booking/station?branchId=${server.branch.id}`)).json()) as Record<
        string,
        unknown
      >;
    expect(await station()).toMatchObject({ codesBySms: false, phone: null });
    await server.runtime.pool.query('UPDATE organizations SET phone = $2 WHERE id = $1', [server.branch.orgId, '+74957654321']);
    expect(await station()).toMatchObject({ codesBySms: false, phone: '+74957654321' });
  });
});
