import type { Pool } from 'pg';
import type { Sessions } from './auth/live-sessions.ts';
import type { CatalogRepository } from './catalog/catalog-repository.ts';
import type { AuditLog } from './compliance/audit-log.ts';
import type { BookingCommands } from './commands/booking-commands.ts';
import type { Vault } from './crypto/vault.ts';
import type { EventStore } from './event-store/event-store.ts';
import type { LiveHub } from './live/hub.ts';

export type AppDeps = {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  commands: BookingCommands;
  hub: LiveHub;
  tokens: Sessions;
  audit: AuditLog;
  now: () => number;
};
