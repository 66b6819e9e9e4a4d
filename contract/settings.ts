import { digestLanguages, type DigestLanguage } from '../domain/kpi/digest-text.ts';
import { boolean, integer, nullableText, text, timeOfDay, type Shape } from './shared.ts';

export { digestLanguages, type DigestLanguage };

// ---- /api/settings/digest: the owner's daily digest.
const channels = {
  type: 'object',
  required: ['telegram', 'email'],
  additionalProperties: false,
  properties: { telegram: boolean, email: boolean },
} as const;
export const digestSettingsBody = {
  type: 'object',
  required: ['enabled', 'time', 'channels'],
  additionalProperties: false,
  properties: { enabled: boolean, time: timeOfDay, channels, language: { type: 'string', enum: digestLanguages } },
} as const;
export const digestSettings = {
  type: 'object',
  required: ['enabled', 'time', 'channels', 'language', 'timeZone', 'telegramLinked'],
  additionalProperties: false,
  properties: {
    enabled: boolean,
    /** HH:MM, local time of the organization (the zone of its first branch). */
    time: text,
    channels,
    language: { type: 'string', enum: digestLanguages },
    timeZone: nullableText,
    /** The Telegram digest goes only to a linked chat. */
    telegramLinked: boolean,
  },
} as const;
export type DigestSettings = Shape<typeof digestSettings>;

// ---- GET /api/quarantine: events a follower set aside so the rest kept flowing.
export const failureKinds = ['time', 'text', 'shape', 'conflict', 'other'] as const;
export const quarantinedEvent = {
  type: 'object',
  additionalProperties: false,
  required: [
    'follower',
    'streamKind',
    'eventType',
    'kind',
    'detail',
    'attempts',
    'recordedAt',
    'quarantinedAt',
    'retryRequested',
    'position',
  ],
  properties: {
    /** `read-models`, or the reactor's name. */
    follower: text,
    /** The stream's type: booking, client, refusal, schedule, import, … */
    streamKind: text,
    eventType: text,
    kind: { type: 'string', enum: failureKinds },
    /** The error without the values it quoted; the panel says `kind` in words. */
    detail: text,
    attempts: integer,
    recordedAt: text,
    quarantinedAt: text,
    /** A replay asked the reactor to try it again and it has not yet. */
    retryRequested: boolean,
    /** The event's place in the log, for support. */
    position: text,
  },
} as const;
export const quarantine = {
  type: 'object',
  required: ['items', 'total', 'timeZone'],
  additionalProperties: false,
  properties: { items: { type: 'array', items: quarantinedEvent }, total: integer, timeZone: nullableText },
} as const;
export type Quarantine = Shape<typeof quarantine>;

// ---- GET /health
export const health = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: { status: text },
} as const;
