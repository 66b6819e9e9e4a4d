import { incidentKinds } from '../domain/compliance/incidents.ts';
import { identityEvidence, requestChannels, requestKinds, requestOutcomes } from '../domain/compliance/requests.ts';
import { purpose } from './clients.ts';
import {
  anyJson,
  boolean,
  dateTime,
  idParams,
  integer,
  nullableInteger,
  nullableText,
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
export const dataCategories = ['name', 'phone', 'email', 'comment', 'make', 'model', 'plate', 'telegram', 'evidence'] as const;
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

const obj = <const P extends Record<string, unknown>>(properties: P) =>
  ({
    type: 'object',
    required: Object.keys(properties) as (keyof P & string)[],
    additionalProperties: false,
    properties,
  }) as const;
const list = <const Item>(items: Item) => ({ type: 'array', items }) as const;

export const clientParams = idParams;
/** Documents with personal data come as JSON or as an inert HTML page (format=html). */
export const formatQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['json', 'html'] } },
} as const;
/** The HTML form of a document: an inert page (no scripts, forms or requests), opened in the browser. */
export const htmlDocument = { type: 'string', description: 'text/html; charset=utf-8' } as const;

// ---- Consent registry: GET /api/compliance/consents
export const consentRegistryQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { clientId: uuid, purpose },
} as const;
export const consentStatus = obj({
  clientId: uuid,
  purpose: text,
  status: { type: 'string', enum: ['given', 'withdrawn'] },
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
export const blockBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', enum: blockReasons }, requestId: uuid },
} as const;
export const blocked = {
  type: 'object',
  required: ['blocked'],
  additionalProperties: false,
  // `changed`: false when the client was blocked already.
  properties: { blocked: boolean, changed: boolean },
} as const;
export const block = obj({
  clientId: uuid,
  reason: { type: 'string', enum: blockReasons },
  requestId: { type: ['string', 'null'] },
  blockedAt: text,
  blockedBy: nullableText,
});
export const blockList = obj({ blocks: list(block) });

// ---- Erasure and its act
export const eraseBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', enum: erasureReasons }, requestId: uuid },
} as const;
export const destructionAct = obj({
  id: uuid,
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
  /** What stays: bookings without personal data, so counts and KPIs survive. */
  bookingsKept: integer,
  readModelsScrubbed: boolean,
  retentionUntil: text,
});
export type DestructionAct = Shape<typeof destructionAct>;
export const erased = obj({
  created: boolean,
  act: destructionAct,
  links: obj({ act: text, logExport: text }),
});
export type Erased = Shape<typeof erased>;
export const actList = obj({ acts: list(obj({ id: uuid, clientId: uuid, destroyedAt: text, retentionUntil: text })) });
export type ActSummary = Shape<typeof actList>['acts'][number];

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
const loggedEntry = {
  ...auditEntry,
  required: [...auditEntry.required, 'log'],
  properties: { ...auditEntry.properties, log: { type: 'string', enum: ['access', 'security'] } },
} as const;
export const logExport = obj({
  actId: uuid,
  informationSystem: text,
  subject: obj({ clientId: uuid }),
  categories: texts,
  reason: text,
  destroyedAt: text,
  entries: list(loggedEntry),
});
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
export const subjectRequest = obj({
  id: uuid,
  clientId: { type: ['string', 'null'] },
  kind: { type: 'string', enum: requestKinds },
  channel: { type: 'string', enum: requestChannels },
  evidence: { type: 'string', enum: identityEvidence },
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
    obj({ id: uuid, status: text, branchId: uuid, bayId: uuid, services: texts, start: text, end: text, details: anyJson }),
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
  /** The log entries about the person. */
  accessLog: list(loggedEntry),
  /** The requests the person made. */
  requests: list(subjectRequest),
});
export type Trail = Shape<typeof trail>;

export const requestList = obj({ requests: list(subjectRequest) });
export const registerRequestBody = {
  type: 'object',
  required: ['kind', 'channel', 'evidence'],
  additionalProperties: false,
  properties: {
    clientId: uuid,
    kind: { type: 'string', enum: requestKinds },
    channel: { type: 'string', enum: requestChannels },
    evidence: { type: 'string', enum: identityEvidence },
    note: { type: 'string', maxLength: 2000 },
    receivedAt: { type: 'string', minLength: 16, maxLength: 40 },
  },
} as const;
export const requestListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { clientId: uuid, status: { type: 'string', enum: ['open', 'closed'] } },
} as const;
export const extendRequestBody = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', maxLength: 1000 } },
} as const;
export const closeRequestBody = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: { outcome: { type: 'string', enum: requestOutcomes } },
} as const;
export const trailDownloadQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...formatQuery.properties, download: { type: 'string', enum: ['0', '1'] } },
} as const;
export const preparedTrail = obj({ export: trailExport, request: subjectRequest });
export const reviewedTrail = obj({ export: trailExport, trail });
export const releaseTrailBody = {
  type: 'object',
  required: ['exportId'],
  additionalProperties: false,
  properties: { exportId: uuid },
} as const;

// ---- Logs
export const logQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    clientId: uuid,
    before: { type: 'string', pattern: '^\\d{1,15}$' },
    limit: { type: 'string', pattern: '^\\d{1,5}$' },
  },
} as const;
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
export const textBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: 5000 } },
} as const;

// ---- Incidents
const instant = dateTime;
export const incidentBody = {
  type: 'object',
  required: ['kind', 'summary', 'scope', 'categories'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: incidentKinds },
    summary: { type: 'string', minLength: 5, maxLength: 4000 },
    detectedAt: instant,
    scope: {
      type: 'object',
      additionalProperties: false,
      properties: {
        branchIds: { type: 'array', maxItems: 100, items: uuid },
        from: instant,
        to: instant,
        clientIds: { type: 'array', maxItems: 10_000, items: uuid },
      },
    },
    categories: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', enum: dataCategories } },
  },
} as const;
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
export const noticeBody = {
  type: 'object',
  required: ['stage'],
  additionalProperties: false,
  properties: { stage: { type: 'string', enum: ['initial', 'follow-up'] }, at: instant },
} as const;
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
  results: {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(retentionRules.map((r) => [r, integer])),
  },
  error: nullableText,
});
export const retention = obj({ rules: list(retentionSetting), runs: list(retentionRun) });
export type Retention = Shape<typeof retention>;
export const retentionParams = {
  type: 'object',
  required: ['rule'],
  properties: { rule: { type: 'string', enum: retentionRules } },
} as const;
export const retentionBody = {
  type: 'object',
  required: ['days', 'enabled'],
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 0, maximum: 36_500 }, enabled: { type: 'boolean' } },
} as const;
