import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  jwtSecret: string | null;
  ownerEmail: string | null;
  ownerPassword: string | null;
  logLevel: string;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses the environment once and fails fast with a message that names the bad key. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got «${env.PORT}»`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  if (env.EVENTSTORE_URL) {
    throw new Error('EVENTSTORE_URL: the EventStoreDB/KurrentDB adapter is not in this build yet; unset it to use PostgreSQL');
  }
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  if ((env.OWNER_EMAIL === undefined) !== (env.OWNER_PASSWORD === undefined)) {
    throw new Error('OWNER_EMAIL and OWNER_PASSWORD go together');
  }
  if (env.OWNER_PASSWORD !== undefined && env.OWNER_PASSWORD.length < 8)
    throw new Error('OWNER_PASSWORD must be at least 8 characters');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    jwtSecret: env.JWT_SECRET ?? null,
    ownerEmail: env.OWNER_EMAIL?.toLowerCase() ?? null,
    ownerPassword: env.OWNER_PASSWORD ?? null,
    logLevel,
  };
};
