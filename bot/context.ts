import type { Context } from 'grammy';
import type { Pool } from 'pg';
import type { BookingCommands } from '../core/booking/booking-commands.ts';
import type { ClientCommands } from '../core/client/client-commands.ts';
import type { ComplianceServices } from '../core/compliance/services.ts';
import type { CatalogRepository } from '../core/catalog/catalog-repository.ts';
import type { Vault } from '../core/vault/vault.ts';
import type { EventStore } from '../core/event-store/event-store.ts';
import type { Decoded } from './callback-data.ts';
import type { ChatStore, LinkedChat, SessionData, SessionStore } from '../core/chats/chat-store.ts';
import type { Lang } from '../domain/shared/lang.ts';
import type { Texts } from './texts.ts';

export type Organization = { id: string; name: string };

/** Messages only: errors can quote personal data, so no payloads, no update bodies. */
export type BotLog = {
  error: (fields: Record<string, unknown>, message: string) => void;
  warn: (fields: Record<string, unknown>, message: string) => void;
  info: (fields: Record<string, unknown>, message: string) => void;
};

/** What the bot needs from the host, injected: the same command handling the HTTP API uses. */
export type BotDeps = {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  catalog: CatalogRepository;
  commands: BookingCommands;
  clients: ClientCommands;
  /** The 152-FZ kit: consent texts, consents and subject requests for /privacy and /mydata. */
  compliance: ComplianceServices;
  now: () => number;
  /** The organization this bot serves (the station), or null before one exists. */
  organization: () => Promise<Organization | null>;
  log: BotLog;
};

/** Per update: who is writing, their session and language. */
export type RequestState = {
  org: Organization;
  userKey: string;
  telegramUserId: number;
  session: SessionData;
  linked: LinkedChat | null;
  lang: Lang;
  t: Texts;
  /** The decoded data of a callback query, if the update is one. */
  callback?: Decoded;
  /** Answers the callback query once (a later call is a no-op); a toast when `text` is given. */
  answer: (text?: string, alert?: boolean) => Promise<void>;
};

export type BotContext = Context & { z: RequestState };

export type BotServices = BotDeps & { sessions: SessionStore; chats: ChatStore };
