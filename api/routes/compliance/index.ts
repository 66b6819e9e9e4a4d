import { blockRoutes } from './blocks.ts';
import { consentRoutes } from './consents.ts';
import { erasureRoutes } from './erasure.ts';
import { incidentRoutes } from './incidents.ts';
import { logRoutes } from './logs.ts';
import { requestRoutes } from './requests.ts';
import { retentionRoutes } from './retention.ts';
import { textRoutes } from './texts.ts';
import { trailRoutes } from './trails.ts';

/**
 * The 152-FZ kit over HTTP, one file per sub-resource: the consent registry, blocking, erasure
 * with its act, the per-client trail and the answers to access requests, the access and security
 * logs, the station's texts, the subject-request registry, incidents and retention. The client
 * card, its phone and paper consents are the clients' own routes (routes/clients.ts).
 */
export const complianceRoutes = [
  consentRoutes,
  blockRoutes,
  erasureRoutes,
  trailRoutes,
  logRoutes,
  textRoutes,
  requestRoutes,
  incidentRoutes,
  retentionRoutes,
];
