import { digestLanguages, type DigestLanguage } from '../domain/kpi/digest-text.ts';
import { boolean, integer, list, nullableText, obj, text, timeOfDay, type Shape } from './shared.ts';

export { digestLanguages, type DigestLanguage };

// ---- /api/settings/digest: the owner's daily digest.
const channels = obj({ telegram: boolean, email: boolean });
const language = { type: 'string', enum: digestLanguages } as const;
export const digestSettingsBody = obj({ enabled: boolean, time: timeOfDay, channels, language }, ['enabled', 'time', 'channels']);
export const digestSettings = obj({
  enabled: boolean,
  /** HH:MM, local time of the organization (the zone of its first branch). */
  time: text,
  channels,
  language,
  timeZone: nullableText,
  /** The Telegram digest goes only to a linked chat. */
  telegramLinked: boolean,
});
export type DigestSettings = Shape<typeof digestSettings>;

// ---- GET /api/quarantine: events a follower set aside so the rest kept flowing.
export const failureKinds = ['time', 'text', 'shape', 'conflict', 'other'] as const;
export const quarantinedEvent = obj({
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
});
export const quarantine = obj({ items: list(quarantinedEvent), total: integer, timeZone: nullableText });
export type Quarantine = Shape<typeof quarantine>;

// ---- GET /health
export const health = obj({ status: text });
