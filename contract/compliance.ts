import { incidentKinds } from '../domain/compliance/incidents.ts';
import { identityEvidence, requestChannels, requestKinds, requestOutcomes } from '../domain/compliance/requests.ts';
import { inboundKinds, inboxChannels } from '../domain/inbox/inbox.ts';
import { taskKinds } from '../domain/task/task.ts';
import { lineKinds } from '../domain/work-order/money.ts';
import { paymentMethods, workOrderStatuses } from '../domain/work-order/work-order.ts';
import { purpose } from './clients.ts';
import {
  anyJson,
  boolean,
  dateTime,
  idParams,
  integer,
  list,
  nullableInteger,
  nullableText,
  obj,
  openObject,
  text,
  texts,
  uuid,
  type Shape,
} from './shared.ts';

// The 152-FZ kit's vocabulary as literal lists (domain/compliance, core/compliance/blocks.ts), held
// equal to the server's own by tests/api/contract.unit.spec.ts.
export const blockReasons = [
  'rectification-check',
  'accuracy-disputed',
  'unlawful-processing-check',
  'authority-request',
] as const;
export const erasureReasons = [
  'consent-withdrawn',
  'subject-request',
  'purpose-achieved',
  'retention-expired',
  'unlawful-processing',
  'authority-order',
] as const;
export const dataCategories = [
  'name',
  'phone',
  'email',
  'note',
  'comment',
  'make',
  'model',
  'year',
  'plate',
  'vin',
  'conversation',
  'telegram',
  'evidence',
  'task',
  'requestNote',
] as const;
export { incidentKinds, identityEvidence, requestChannels, requestKinds, requestOutcomes };
export const requestStatuses = ['open', 'extended', 'done', 'refused'] as const;
export const retentionRules = ['inactive-clients', 'abandoned-drafts', 'bot-sessions', 'expired-acts'] as const;
export const textKeys = [
  'operator',
  'purposes',
  'legal-bases',
  'methods',
  'categories-and-sources',
  'recipients',
  'processors',
  'retention',
  'rights',
  'cross-border',
  'safeguards',
  'information-system',
  'erasure-method',
  'privacy-notice',
  'consent-personal-data',
] as const;
export type BlockReason = (typeof blockReasons)[number];
export type ErasureReason = (typeof erasureReasons)[number];
export type RequestKind = (typeof requestKinds)[number];
export type RequestChannel = (typeof requestChannels)[number];
export type IdentityEvidence = (typeof identityEvidence)[number];
export type RequestOutcome = (typeof requestOutcomes)[number];
export type RequestStatus = (typeof requestStatuses)[number];

export const clientParams = idParams;
/** Documents with personal data come as JSON or as an inert HTML page (format=html). */
export const formatQuery = obj({ format: { type: 'string', enum: ['json', 'html', 'pdf'] } }, []);
/** The HTML form of a document: an inert page (no scripts, forms or requests), opened in the browser. */
export const htmlDocument = { type: 'string', description: 'text/html; charset=utf-8' } as const;
/** The PDF form of the same document, for printing, signing and filing. */
export const pdfDocument = { type: 'string', format: 'binary', description: 'application/pdf' } as const;

// ---- Consent registry: GET /api/compliance/consents
export const consentRegistryQuery = obj({ clientId: uuid, purpose }, []);
export const consentStatus = obj({
  clientId: uuid,
  purpose: text,
  status: { type: 'string', enum: ['given', 'withdrawn', 'erased'] },
  noticeVersion: nullableText,
  textHash: nullableText,
  since: text,
  history: list(
    obj({
      event: { type: 'string', enum: ['ConsentGiven', 'ConsentWithdrawn'] },
      noticeVersion: nullableText,
      at: text,
      by: nullableText,
    }),
  ),
});
export type ConsentStatus = Shape<typeof consentStatus>;
export const consentRegistry = obj({ consents: list(consentStatus) });

// ---- Blocks
export const blockBody = obj({ reason: { type: 'string', enum: blockReasons }, requestId: uuid }, ['reason']);
// `changed`: false when the client was blocked already.
export const blocked = obj({ blocked: boolean, changed: boolean }, ['blocked']);
export const block = obj({
  clientId: uuid,
  reason: { type: 'string', enum: blockReasons },
  requestId: { type: ['string', 'null'] },
  blockedAt: text,
  blockedBy: nullableText,
});
export const blockList = obj({ blocks: list(block) });

// ---- Erasure and its act
export const eraseBody = obj({ reason: { type: 'string', enum: erasureReasons }, requestId: uuid }, ['reason']);
const destructionActFields = {
  id: uuid,
  /** The act's number in the organization; absent in acts made before acts were numbered. */
  number: integer,
  operator: text,
  processor: text,
  subject: obj({ clientId: uuid, description: text }),
  categories: texts,
  carrier: text,
  informationSystem: text,
  method: text,
  reason: obj({ code: text, text }),
  destroyedAt: text,
  destroyedBy: obj({ userId: nullableText, name: nullableText, role: nullableText }),
  requestId: nullableText,
  /** The request in words («об уничтожении данных, получен 06.12.2026, лично»); absent in acts made before it was kept. */
  request: nullableText,
  /** What stays: bookings without personal data, so counts and KPIs survive. */
  bookingsKept: integer,
  /** Of them, visits still ahead that were cancelled with the erasure; absent in acts made before it. */
  bookingsCancelled: integer,
  readModelsScrubbed: boolean,
  retentionUntil: text,
} as const;
export const destructionAct = obj(
  destructionActFields,
  (Object.keys(destructionActFields) as (keyof typeof destructionActFields)[]).filter(
    (key) => key !== 'request' && key !== 'number' && key !== 'bookingsCancelled',
  ),
);
export type DestructionAct = Shape<typeof destructionAct>;
export const erased = obj({
  created: boolean,
  act: destructionAct,
  links: obj({ act: text, logExport: text }),
});
export type Erased = Shape<typeof erased>;
export const actList = obj({
  acts: list(obj({ id: uuid, number: nullableInteger, clientId: uuid, destroyedAt: text, retentionUntil: text })),
});
export type ActSummary = Shape<typeof actList>['acts'][number];

/** What a person did with personal data (the access log). */
export const accessActions = [
  'card-view',
  'conversation-view',
  'car-view',
  'phone-reveal',
  'search',
  'export',
  'edit',
  'erase',
  'request-registered',
  'act-view',
  'block',
  'unblock',
] as const;
export type AccessAction = (typeof accessActions)[number];

/** What happened to accounts and the logs themselves (the security log). */
export const securityActions = [
  'login',
  'login-failed',
  'login-throttled',
  'logout',
  'sessions-revoked',
  'password-changed',
  'password-reset',
  'role-granted',
  'role-changed',
  'export',
  'erasure',
  'log-read',
  'texts-updated',
  'retention-updated',
  'trail-released',
] as const;
export type SecurityAction = (typeof securityActions)[number];

export const auditEntry = obj({
  seq: integer,
  at: text,
  userId: nullableText,
  role: nullableText,
  action: text,
  clientIds: texts,
  ip: nullableText,
  /** Each action's own details (never a searched text or a personal value). */
  details: openObject,
  hash: text,
});
export type AuditEntry = Shape<typeof auditEntry>;
/** An entry with the log it comes from. */
const loggedEntry = obj({ ...auditEntry.properties, log: { type: 'string', enum: ['access', 'security'] } });
/** An entry of the act's log extract, with the staff member's name (absent in extracts made before it was kept). */
const namedEntry = obj({ ...loggedEntry.properties, userName: nullableText }, [...loggedEntry.required]);
export const logExport = obj(
  {
    actId: uuid,
    /** The act's number; absent in extracts made before acts were numbered. */
    actNumber: integer,
    informationSystem: text,
    subject: obj({ clientId: uuid }),
    categories: texts,
    reason: text,
    destroyedAt: text,
    entries: list(namedEntry),
  },
  ['actId', 'informationSystem', 'subject', 'categories', 'reason', 'destroyedAt', 'entries'],
);
/** GET /api/compliance/acts/:id[/log-export]: the act or its log extract as JSON; HTML with format=html. */
export const actDocument = { anyOf: [destructionAct, logExport] } as const;

export const trailExport = obj({
  id: uuid,
  requestId: uuid,
  clientId: uuid,
  /** Events in the document. */
  events: integer,
  status: { type: 'string', enum: ['draft', 'released', 'erased'] },
  preparedAt: text,
  preparedBy: nullableText,
  releasedAt: nullableText,
  releasedBy: nullableText,
  delivery: obj({
    channel: { type: 'string', enum: ['telegram', 'download'] },
    status: { type: ['string', 'null'], enum: ['pending', 'sent', 'failed', 'ready', 'downloaded', null] },
    at: nullableText,
    error: nullableText,
  }),
  links: obj({ json: text, html: text, download: text, release: text }),
});
export type TrailExport = Shape<typeof trailExport>;

// ---- Subject requests
const requestFacts = {
  kind: { type: 'string', enum: requestKinds },
  channel: { type: 'string', enum: requestChannels },
  evidence: { type: 'string', enum: identityEvidence },
} as const;
export const subjectRequest = obj({
  id: uuid,
  clientId: { type: ['string', 'null'] },
  ...requestFacts,
  /** The staff's note, opened; null when there is none or the client was erased. */
  note: nullableText,
  receivedAt: text,
  receivedDate: text,
  timeZone: text,
  dueDate: text,
  /** The date rests on a year missing from the production calendar: check it by hand. */
  dueDateEstimated: boolean,
  basis: text,
  status: { type: 'string', enum: requestStatuses },
  /** Days left to the due date (working or calendar, as the rule counts); negative when overdue. */
  daysLeft: integer,
  daysUnit: { type: 'string', enum: ['working', 'calendar'] },
  overdue: boolean,
  extensionReason: nullableText,
  extendedAt: nullableText,
  outcome: { type: ['string', 'null'], enum: [...requestOutcomes, null] },
  closedAt: nullableText,
  /** The answer prepared for an access request (draft, released, delivered), or null. */
  trail: { anyOf: [trailExport, { type: 'null' }] },
});
export type SubjectRequest = Shape<typeof subjectRequest>;
// ---- The subject's trail (everything the system holds about a client). Profile, cars, booking
// details and event data are the client's opened data as each event held it: open by nature.
export const trail = obj({
  generatedAt: text,
  timeZone: text,
  subject: obj({
    clientId: uuid,
    status: { type: 'string', enum: ['active', 'erased'] },
    profile: anyJson,
    cars: list(anyJson),
    sources: texts,
  }),
  notice: list(obj({ key: text, title: text, text })),
  consents: obj({
    current: texts,
    history: list(
      obj({
        purpose: text,
        event: { type: 'string', enum: ['ConsentGiven', 'ConsentWithdrawn'] },
        noticeVersion: nullableText,
        textHash: nullableText,
        at: text,
      }),
    ),
  }),
  bookings: list(
    obj({
      id: uuid,
      status: text,
      branchId: uuid,
      branch: nullableText,
      timeZone: text,
      bayId: uuid,
      services: texts,
      start: text,
      end: text,
      details: anyJson,
    }),
  ),
  workOrders: list(
    obj({
      id: uuid,
      number: integer,
      branchId: uuid,
      branch: nullableText,
      status: { type: 'string', enum: workOrderStatuses },
      openedAt: nullableText,
      completedAt: nullableText,
      vin: nullableText,
      odometerKm: nullableInteger,
      lines: list(
        obj({
          kind: { type: 'string', enum: lineKinds },
          name: text,
          article: nullableText,
          quantityMilli: integer,
          unitPriceKopecks: integer,
          discountPercent: { type: 'number' },
          amountKopecks: integer,
        }),
      ),
      totalKopecks: integer,
      paidKopecks: integer,
      dueKopecks: integer,
      payments: list(obj({ method: { type: 'string', enum: paymentMethods }, amountKopecks: integer, refundedKopecks: integer })),
    }),
  ),
  /** The person's messages to the station and its answers. */
  conversation: list(
    obj({
      direction: { type: 'string', enum: ['in', 'out'] },
      channel: { type: 'string', enum: inboxChannels },
      kind: { type: 'string', enum: inboundKinds },
      at: text,
      text: nullableText,
      fileName: nullableText,
    }),
  ),
  /** Messenger chats the station keeps with the person (whether and since when; no chat ids). */
  messengers: list(obj({ channel: text, linkedAt: text })),
  /** Messages about bookings sent to the person, per channel. */
  deliveries: list(obj({ channel: text, sent: integer, failed: integer })),
  /** Tasks the staff set about the person or their bookings. */
  tasks: list(
    obj({
      kind: { type: 'string', enum: taskKinds },
      title: text,
      status: { type: 'string', enum: ['Open', 'Completed'] },
      dueAt: text,
      createdAt: text,
      completedAt: nullableText,
    }),
  ),
  events: list(
    obj({
      stream: text,
      position: integer,
      globalPosition: text,
      type: text,
      recordedAt: text,
      data: anyJson,
      metadata: openObject,
    }),
  ),
  /** The log entries about the person; the staff member's name in the officer's copy only. */
  accessLog: list(obj({ ...loggedEntry.properties, userName: nullableText })),
  /** The requests the person made. */
  requests: list(subjectRequest),
});
export type Trail = Shape<typeof trail>;

export const requestList = obj({ requests: list(subjectRequest) });
export const registerRequestBody = obj(
  {
    clientId: uuid,
    ...requestFacts,
    note: { type: 'string', maxLength: 2000 },
    receivedAt: dateTime,
  },
  ['kind', 'channel', 'evidence'],
);
export const requestListQuery = obj({ clientId: uuid, status: { type: 'string', enum: ['open', 'closed'] } }, []);
export const extendRequestBody = obj({ reason: { type: 'string', maxLength: 1000 } });
export const closeRequestBody = obj({ outcome: { type: 'string', enum: requestOutcomes } });
export const trailDownloadQuery = obj({ ...formatQuery.properties, download: { type: 'string', enum: ['0', '1'] } }, []);
export const preparedTrail = obj({ export: trailExport, request: subjectRequest });
export const reviewedTrail = obj({ export: trailExport, trail });
export const releaseTrailBody = obj({ exportId: uuid });

// ---- Logs
export const logQuery = obj(
  { clientId: uuid, before: { type: 'string', pattern: '^\\d{1,15}$' }, limit: { type: 'string', pattern: '^\\d{1,5}$' } },
  [],
);
export const logEntries = obj({ entries: list(auditEntry) });
const chainCheck = obj({ ok: boolean, entries: integer, head: nullableText, brokenAt: nullableInteger });
export const chainVerification = obj({
  ok: boolean,
  brokenAt: {
    anyOf: [obj({ log: { type: 'string', enum: ['access', 'security', 'installation'] }, seq: integer }), { type: 'null' }],
  },
  logs: obj({ access: chainCheck, security: chainCheck, installation: chainCheck }),
});
export type ChainVerification = Shape<typeof chainVerification>;
export const accessReport = obj({
  users: list(obj({ id: uuid, name: text, role: text, branchIds: texts, active: boolean, personalData: text })),
});
export type AccessReport = Shape<typeof accessReport>;

// ---- The station's texts (notice, consents)
export const stationText = obj({
  key: { type: 'string', enum: textKeys },
  title: text,
  text,
  isDefault: boolean,
  updatedAt: nullableText,
  version: nullableText,
  sha256: text,
});
export type StationText = Shape<typeof stationText>;
export const stationTexts = obj({ texts: list(stationText) });
export const textParams = { type: 'object', required: ['key'], properties: { key: { type: 'string', enum: textKeys } } } as const;
export const textBody = obj({ text: { type: 'string', minLength: 1, maxLength: 5000 } });

// ---- Incidents
const instant = dateTime;
export const incidentBody = obj(
  {
    kind: { type: 'string', enum: incidentKinds },
    summary: { type: 'string', minLength: 5, maxLength: 4000 },
    detectedAt: instant,
    scope: obj(
      {
        branchIds: { type: 'array', maxItems: 100, items: uuid },
        from: instant,
        to: instant,
        clientIds: { type: 'array', maxItems: 10_000, items: uuid },
      },
      [],
    ),
    categories: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', enum: dataCategories } },
  },
  ['kind', 'summary', 'scope', 'categories'],
);
export type IncidentBody = Shape<typeof incidentBody>;
const category = obj({ field: text, name: text });
const deadline = obj({ dueAt: text, done: boolean, hoursLeft: { type: 'number' }, overdue: boolean });
export const incident = obj({
  id: uuid,
  kind: { type: 'string', enum: incidentKinds },
  summary: text,
  detectedAt: text,
  scope: incidentBody.properties.scope,
  categories: list(category),
  status: { type: 'string', enum: ['open', 'closed'] },
  closedAt: nullableText,
  notices: obj({ initialAt: nullableText, followUpAt: nullableText }),
  deadlines: obj({ initial: deadline, followUp: deadline }),
});
export type Incident = Shape<typeof incident>;
export const incidentList = obj({ incidents: list(incident) });
export const noticeBody = obj({ stage: { type: 'string', enum: ['initial', 'follow-up'] }, at: instant }, ['stage']);
export const affected = obj({ incidentId: uuid, clients: integer, clientIds: texts, categories: list(category) });
export type Affected = Shape<typeof affected>;

// ---- Retention
export const retentionSetting = obj({
  rule: { type: 'string', enum: retentionRules },
  days: integer,
  enabled: boolean,
  description: text,
});
export const retentionRun = obj({
  id: uuid,
  trigger: { type: 'string', enum: ['nightly', 'manual'] },
  startedAt: text,
  finishedAt: nullableText,
  results: obj(Object.fromEntries(retentionRules.map((r) => [r, integer])), []),
  error: nullableText,
});
export const retention = obj({ rules: list(retentionSetting), runs: list(retentionRun) });
export type Retention = Shape<typeof retention>;
export const retentionParams = {
  type: 'object',
  required: ['rule'],
  properties: { rule: { type: 'string', enum: retentionRules } },
} as const;
export const retentionBody = obj({ days: { type: 'integer', minimum: 0, maximum: 36_500 }, enabled: boolean });
