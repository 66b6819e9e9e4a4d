import { DomainError } from '../shared/errors.ts';
import { refuse, requireMultiLine } from '../shared/input-rules.ts';
import type { Sealed } from '../shared/sealed.ts';

/**
 * The station's inbox: what a client writes outside the booking flow (a question, a photo of a
 * scratch, a voice note, where they are) and the manager's answers. One stream per client; every
 * body travels sealed under the client's key, so erasing the client erases the conversation.
 */

/** Where a conversation runs; the answer goes back through the channel the client last wrote in. */
export const inboxChannels = ['telegram', 'max'] as const;
export type InboxChannel = (typeof inboxChannels)[number];

export const inboundKinds = ['text', 'photo', 'voice', 'video', 'audio', 'location', 'document', 'other'] as const;
export type InboundKind = (typeof inboundKinds)[number];

/** What the sealed body of a message holds (whichever fields its kind has). */
export type MessageBody = {
  text?: string;
  latitude?: number;
  longitude?: number;
  fileName?: string;
  /** The messenger's own reference to a photo, voice note, video, recording or file. */
  fileRef?: string;
};

export type ClientMessageReceived = {
  type: 'ClientMessageReceived';
  data: {
    messageId: string;
    orgId: string;
    clientId: string;
    channel: InboxChannel;
    kind: InboundKind;
    body: Sealed;
    receivedAt: string;
  };
};

export type ManagerReplied = {
  type: 'ManagerReplied';
  data: {
    messageId: string;
    orgId: string;
    clientId: string;
    channel: InboxChannel;
    body: Sealed;
    repliedBy: string;
    repliedAt: string;
  };
};

export type InboxEvent = ClientMessageReceived | ManagerReplied;

export const inboxStreamName = (clientId: string) => `inbox-${clientId}`;

/** The longest answer: what every messenger takes in one message (MAX allows 4000). */
export const REPLY_MAX = 4000;

/** A manager's answer, checked: one to four thousand characters. */
export const requireReplyText = (value: string): string => {
  const text = requireMultiLine(value, 'text', REPLY_MAX);
  if (text === '') throw refuse('text', 'empty', REPLY_MAX);
  return text;
};

/**
 * Where an answer goes: the channel of the client's latest message. A client who never wrote has
 * no conversation to answer in.
 */
export const replyChannel = (history: readonly InboxEvent[]): InboxChannel => {
  const last = history.findLast((event): event is ClientMessageReceived => event.type === 'ClientMessageReceived');
  if (!last) throw new DomainError('NOT_FOUND', 'The client has not written to the station', { field: 'clientId' });
  return last.data.channel;
};
