import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * The test server one spec file shares: started before the file's first test, stopped after its
 * last (stop() also fails the file on an answer whose schema dropped fields). Call it once at the
 * top of the file; what it returns reads the started server, so tests and later hooks write
 * `server.api(…)` as they would with their own beforeAll/afterAll.
 */
export const serverForFile = (options?: Parameters<typeof startTestServer>[0]): TestServer => {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as TestServer, {
    get: (_, member) => {
      if (!started) throw new Error('The test server starts in beforeAll: use it inside a hook or a test');
      return started[member as keyof TestServer];
    },
  });
};
