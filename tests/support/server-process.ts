import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });

export type ServerProcess = { child: ChildProcess; url: string; output: () => string };

/** `npm start`'s server as a real process, on Node (through tsx) or on Deno. */
export const spawnServer = async (runtime: 'node' | 'deno', env: Record<string, string>): Promise<ServerProcess> => {
  const port = await freePort();
  const [command, args] =
    runtime === 'node'
      ? [process.execPath, ['--import', 'tsx', 'main.ts']]
      : [path.join(root, 'node_modules/.bin/deno'), ['run', '--allow-all', 'main.ts']];
  const child = spawn(command, args, {
    cwd: root,
    // Deno's update check resolves its download host at start; on a machine without internet that may hang.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DENO_NO_UPDATE_CHECK: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  // A wall-clock deadline: on a loaded machine each failed probe can itself take seconds, and Deno
  // first analyses every module of the checkout (7 s on a quiet machine; a full CI run once saw more
  // than 150 s go by without an answer).
  const deadline = runtime === 'deno' ? 240_000 : 150_000;
  while (Date.now() - started < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { child, url, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy in ${Date.now() - started} ms:\n${output}`);
};

export const stopServer = async (server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') => {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  await exited;
};

export const json = async (url: string, method: string, body?: unknown, token?: string) => {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
};
