import type { Pool } from 'pg';
import type { ChangeStatus } from '../booking/change-status.ts';
import type { CatalogRepository } from '../catalog/catalog-repository.ts';
import type { EventStore } from '../event-store/event-store.ts';
import type { Vault } from '../vault/vault.ts';
import type { AuditLog } from './audit-log.ts';
import { createBlocks } from './blocks.ts';
import { clientConsents, consentRegistry } from './consents.ts';
import { createErasure } from './erasure.ts';
import { createIncidents } from './incidents.ts';
import { createRequests } from './requests.ts';
import { createRetention } from './retention.ts';
import { createComplianceTexts } from './texts.ts';
import { createTrailExports } from './trail-exports.ts';
import { buildTrail } from './trail.ts';

/** The 152-FZ kit, built once by the composition root for every adapter (the panel's API, the bot). */
export const createComplianceServices = (deps: {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  audit: AuditLog;
  catalog: CatalogRepository;
  /** The booking command that cancels an erased client's visits still ahead. */
  changeStatus: ChangeStatus;
  now: () => number;
}) => {
  const { pool, store, vault, audit, catalog, changeStatus, now } = deps;
  const texts = createComplianceTexts(pool, now);
  const erasure = createErasure({ pool, store, vault, audit, texts, changeStatus, now });
  const requests = createRequests({ pool, vault, now });
  return {
    texts,
    erasure,
    requests,
    blocks: createBlocks(pool, now),
    incidents: createIncidents(pool, now),
    retention: createRetention({ pool, erasure, now }),
    trailExports: createTrailExports({ pool, store, vault, audit, texts, catalog, requests, now }),
    /** The whole trail of one client, for the officer's export. */
    trail: (orgId: string, clientId: string) => buildTrail({ pool, store, vault, audit, texts, catalog, now }, orgId, clientId),
    consents: {
      /** One client's current consents and their history, from the client's own stream. */
      of: (clientId: string) => clientConsents(store, clientId),
      /** Every client's status per purpose, for the officer and the bot's /privacy. */
      registry: (orgId: string, filter: { clientId?: string; purpose?: string } = {}) => consentRegistry(pool, orgId, filter),
    },
  };
};

export type ComplianceServices = ReturnType<typeof createComplianceServices>;
