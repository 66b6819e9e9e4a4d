import { inboundKinds, inboxChannels, REPLY_MAX } from '../domain/inbox/inbox.ts';
import { dateTime, integer, text, uuid, type Shape } from './shared.ts';

// ---- The two-way inbox (issue 15): what clients write outside the booking flow, and the answers.

const channel = { type: 'string', enum: inboxChannels } as const;
const kind = { type: 'string', enum: inboundKinds } as const;
const direction = { type: 'string', enum: ['in', 'out'] } as const;

export const inboxThread = {
  type: 'object',
  required: ['clientId', 'name', 'channel', 'lastKind', 'lastDirection', 'lastAt', 'unread'],
  additionalProperties: false,
  properties: {
    clientId: uuid,
    name: text,
    channel,
    lastKind: kind,
    lastDirection: direction,
    lastAt: dateTime,
    unread: integer,
  },
} as const;
export type InboxThreadView = Shape<typeof inboxThread>;

// ---- GET /api/inbox
export const inboxThreads = {
  type: 'object',
  required: ['threads'],
  additionalProperties: false,
  properties: { threads: { type: 'array', items: inboxThread } },
} as const;
export type InboxThreadsView = Shape<typeof inboxThreads>;

export const inboxMessage = {
  type: 'object',
  required: ['id', 'direction', 'channel', 'kind', 'at', 'text', 'location', 'fileName'],
  additionalProperties: false,
  properties: {
    id: uuid,
    direction,
    channel,
    kind,
    at: dateTime,
    /** The text, or a photo's / file's caption; empty when there is none. */
    text,
    location: {
      type: ['object', 'null'],
      required: ['latitude', 'longitude'],
      additionalProperties: false,
      properties: { latitude: { type: 'number' }, longitude: { type: 'number' } },
    },
    fileName: { type: ['string', 'null'] },
  },
} as const;
export type InboxMessageView = Shape<typeof inboxMessage>;

// ---- GET /api/inbox/:clientId
export const inboxParams = {
  type: 'object',
  required: ['clientId'],
  additionalProperties: false,
  properties: { clientId: uuid },
} as const;
export const inboxConversation = {
  type: 'object',
  required: ['clientId', 'name', 'messages'],
  additionalProperties: false,
  properties: { clientId: uuid, name: text, messages: { type: 'array', items: inboxMessage } },
} as const;
export type InboxConversationView = Shape<typeof inboxConversation>;

// ---- POST /api/inbox/:clientId/reply
export const inboxReplyBody = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: { text: { type: 'string', minLength: 1, maxLength: REPLY_MAX } },
} as const;
