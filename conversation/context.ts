import type { Pool } from 'pg';
import type { Assistant } from '../core/assistant/assistant.ts';
import type { BookingCommands } from '../core/booking/booking-commands.ts';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import type { ChatStore, LinkedChat, SessionData, SessionStore } from '../core/chats/chat-store.ts';
import type { ClientCommands } from '../core/client/client-commands.ts';
import type { ComplianceServices } from '../core/compliance/services.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { Inbox } from '../core/inbox/inbox.ts';
import type { Actor } from '../core/shared/actor.ts';
import type { Vault } from '../core/vault/vault.ts';
import type { VisitCommands } from '../core/work-order/visit.ts';
import type { Lang } from '../domain/shared/lang.ts';
import type { ChannelPort, Input, Sender } from './port.ts';
import type { Texts } from './texts.ts';

export type Organization = { id: string; name: string };

/** Messages only: errors can quote personal data, so no payloads, no update bodies. */
export type BotLog = {
  error: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
  info: (fields: Record<string, unknown>, message: string) => void;
};

/** What the conversation needs from the host, injected: the same command handling the HTTP API uses. */
export type BotDeps = {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  commands: BookingCommands;
  clients: ClientCommands;
  /** The 152-FZ kit: consent texts, consents and subject requests for /privacy and /mydata. */
  compliance: ComplianceServices;
  /** The work order's approvals: the client's answer to an estimate, the photos sent with it. */
  visit: VisitCommands;
  now: () => number;
  /** The organization the bots serve (the station), or null before one exists. */
  organization: () => Promise<Organization | null>;
  log: BotLog;
  /** A language model for free-form questions (ASSISTANT_*); off when absent. */
  assistant?: Assistant | null;
};

export type ConversationServices = BotDeps & { sessions: SessionStore; chats: ChatStore; inbox: Inbox };

/** One update in the conversation: who writes, what they sent, their session and language, and the way back. */
export type Turn = {
  org: Organization;
  sender: Sender;
  input: Input;
  out: ChannelPort;
  userKey: string;
  session: SessionData;
  linked: LinkedChat | null;
  lang: Lang;
  t: Texts;
  /** Answers the tap once (a later call is a no-op); a toast when `text` is given. Nothing for a message. */
  answer: (text?: string, alert?: boolean) => Promise<void>;
};

/** A feature's handler: true when it took the update, false to let the next feature look. */
export type Feature = (turn: Turn) => Promise<boolean>;

/** The bot books as the client itself: no staff user behind the command. */
export const actorOf = (turn: Turn): Actor => ({ orgId: turn.org.id, userId: null });
