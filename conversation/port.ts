import type { InboundKind, MessageBody } from '../domain/inbox/inbox.ts';
import type { Decoded } from './callback-data.ts';

/**
 * What the conversation and a messenger adapter exchange, in no messenger's terms. The adapter turns
 * an update into an `Input` (having judged for itself whether a shared contact is the sender's own)
 * and carries out the `ChannelPort` calls in its own API.
 */

/** The messengers the conversation runs on; each is an adapter (bot/ for Telegram, channels/max/ for MAX). */
export const messengerChannels = ['telegram', 'max'] as const;
export type MessengerChannel = (typeof messengerChannels)[number];

/** A message id as the messenger gives it: a number in Telegram, a string in MAX. */
export type MessageId = number | string;

/** A button under a message; `data` is an encoded CallbackData (see callback-data.ts). */
export type Button = { text: string; data: string };

/**
 * The keyboard a message brings instead of buttons under it: the main menu (book, my bookings; a
 * tap sends the label as text), the request for the sender's own phone, or none any more. Each
 * adapter draws it the way its messenger can.
 */
export type Menu = { kind: 'main'; labels: readonly string[] } | { kind: 'contact'; label: string } | { kind: 'remove' };

/** One message to show: text, buttons under it (rows), and the menu it brings. */
export type Say = { text: string; buttons?: readonly (readonly Button[])[]; menu?: Menu };

/**
 * How the adapter judged a shared contact: the sender's own, forwarded, someone else's, or
 * unverifiable (no account behind it). Only `own` is accepted.
 */
export type ContactVerdict = 'own' | 'forwarded' | 'notOwn' | 'unverified';

export type Input =
  /** Typed text; `command` when it starts with «/». */
  | { kind: 'text'; text: string; command?: { name: string; args: string } }
  /** A tap on a button; `message` is the message it was under, when the messenger says. */
  | {
      kind: 'button';
      data: Decoded;
      message?: { id: MessageId; text?: string };
      /** Ids of the tap, recorded with a consent as its evidence. */
      updateId: number;
      callbackId: string;
    }
  /** A shared contact: the raw phone as the messenger gave it and the adapter's verdict. */
  | { kind: 'contact'; phone: string; verdict: ContactVerdict; updateId: number }
  /** Anything else (photo, voice, location, file, sticker…); `message` when the adapter could read it for the inbox. */
  | { kind: 'other'; message?: { kind: InboundKind; body: MessageBody } };

/** The person writing, as the adapter knows them: the messenger's own ids and display name. */
export type Sender = { channel: MessengerChannel; userId: number; chatId: number; name: string };

/** What the conversation asks of the messenger. Every call may throw; the conversation decides what is fatal. */
export type ChannelPort = {
  /** Sends a message; the id lets the conversation edit it later. */
  say: (say: Say) => Promise<MessageId>;
  /** Replaces a sent message's text and buttons (no buttons: removes them). */
  edit: (id: MessageId, say: Say) => Promise<void>;
  /** Removes the buttons of a sent message, keeping its text. */
  clearButtons: (id: MessageId) => Promise<void>;
  /** Answers a tap (stops the spinner); a toast or an alert when `text` is given. */
  toast: (text: string | undefined, alert: boolean) => Promise<void>;
  /** Loggable facts of an error of this messenger's API: never payloads. */
  describeError: (error: unknown) => Record<string, unknown>;
};

/** Rows of buttons built the way keyboards are written: `.text(label, data)` adds, `.row()` starts a row. */
export class Buttons {
  readonly rows: Button[][] = [[]];

  text(text: string, data: string): this {
    this.rows[this.rows.length - 1]!.push({ text, data });
    return this;
  }

  row(): this {
    this.rows.push([]);
    return this;
  }
}
