import { clientDecider } from '../../domain/client/business-logic.ts';
import { requireClientName, requireConsentTerms } from '../../domain/client/client-rules.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireId, requirePastInstant } from '../../domain/shared/input-rules.ts';
import { requirePhone } from '../../domain/shared/phone.ts';
import type { Vault } from '../vault/vault.ts';
import { VersionConflict, type EventStore } from '../event-store/event-store.ts';
import type { Actor } from '../booking/booking-commands.ts';
import { createStreamBatch } from '../event-store/stream-batch.ts';

const MAX_ATTEMPTS = 8;

/** A consent as the client gave it: which notice, its hash, when, and the channel's evidence. */
export type ConsentInput = {
  purpose: string;
  noticeVersion: string;
  textHash: string;
  givenAt: string;
  /** Sealed under the client's key before it enters the event. */
  evidence: Record<string, unknown>;
};

export type ConnectTelegramInput = {
  phone: string;
  name: string;
  telegramUserId: number;
  consent: ConsentInput;
};

export type ConnectedClient = { clientId: string; phone: string; existing: boolean };

/**
 * Client commands shared by channels: register a client if the phone is new (or find the one the
 * phone belongs to, e.g. from the imported base), record consents and link a Telegram account,
 * all appended with the client stream's expected version.
 */
export const createClientCommands = (deps: { store: EventStore; vault: Vault; now: () => number }) => {
  const { store, vault, now } = deps;

  const withRetry = async <T>(attempt: () => Promise<T>): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof VersionConflict) || i >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (i + 1)));
      }
    }
  };

  /** The keyed hash of a Telegram user id: what TelegramLinked carries and what the bot keys its rows by. */
  const telegramHash = (orgId: string, telegramUserId: number) => vault.phoneHash(orgId, `telegram:${telegramUserId}`);

  /**
   * Registers the client if needed, records the consent given before the phone was shared, and
   * links the Telegram account, in one append. The consent's own time is kept as `givenAt`.
   */
  const connectTelegram = async (actor: Actor, input: ConnectTelegramInput): Promise<ConnectedClient> => {
    const phone = requirePhone(input.phone);
    // A client who keeps no name in the messenger is known by their number.
    const name = input.name.trim() ? requireClientName(input.name, 'name') : phone;
    requireConsentTerms(input.consent);
    const givenAt = requirePastInstant(input.consent.givenAt, 'givenAt', now());
    const phoneHash = await vault.phoneHash(actor.orgId, phone);
    const claimed = await vault.claimClient(actor.orgId, phoneHash);
    const clientId = claimed.clientId;
    const stream = clientStreamName(clientId);
    const profile = await vault.seal(clientId, { name, phone });
    const evidence = await vault.seal(clientId, input.consent.evidence);
    const telegram = await vault.seal(clientId, { userId: input.telegramUserId });
    const hash = await telegramHash(actor.orgId, input.telegramUserId);

    return withRetry(async () => {
      const batch = createStreamBatch(await store.readStreams([stream]));
      const existing = batch.exists(stream);
      const metadata = { now: new Date(now()).toISOString(), userId: actor.userId };
      batch.decide(stream, clientDecider, {
        type: 'RegisterClient',
        data: { clientId, orgId: actor.orgId, phoneHash, profile, channel: 'telegram' },
        metadata,
      });
      const state = batch.state(stream, clientDecider);
      if (state.status !== 'Active' || state.orgId !== actor.orgId) {
        throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
      }
      const { purpose, noticeVersion, textHash } = input.consent;
      batch.decide(stream, clientDecider, {
        type: 'GiveConsent',
        data: { clientId, purpose, noticeVersion, textHash, evidence },
        metadata: { now: givenAt, userId: actor.userId },
      });
      batch.decide(stream, clientDecider, {
        type: 'LinkTelegram',
        data: { clientId, telegramHash: hash, telegram },
        metadata,
      });
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      return { clientId, phone, existing };
    });
  };

  const giveConsent = async (actor: Actor, clientId: string, consent: ConsentInput): Promise<boolean> => {
    requireId(clientId, 'clientId');
    requireConsentTerms(consent);
    const givenAt = requirePastInstant(consent.givenAt, 'givenAt', now());
    const evidence = await vault.seal(clientId, consent.evidence);
    const stream = clientStreamName(clientId);
    return withRetry(async () => {
      const batch = createStreamBatch(await store.readStreams([stream]));
      const events = batch.decide(stream, clientDecider, {
        type: 'GiveConsent',
        data: {
          clientId,
          purpose: consent.purpose,
          noticeVersion: consent.noticeVersion,
          textHash: consent.textHash,
          evidence,
        },
        metadata: { now: givenAt, userId: actor.userId },
      });
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      return events.length > 0;
    });
  };

  const withdrawConsent = async (actor: Actor, clientId: string, purpose: string): Promise<boolean> => {
    requireId(clientId, 'clientId');
    const stream = clientStreamName(clientId);
    return withRetry(async () => {
      const batch = createStreamBatch(await store.readStreams([stream]));
      const events = batch.decide(stream, clientDecider, {
        type: 'WithdrawConsent',
        data: { clientId, purpose },
        metadata: { now: new Date(now()).toISOString(), userId: actor.userId },
      });
      await store.appendMany(batch.appends({ orgId: actor.orgId, userId: actor.userId }));
      return events.length > 0;
    });
  };

  /** The purposes a client currently consents to (an unknown or erased client has none). */
  const consentsOf = async (clientId: string): Promise<string[]> => {
    const stream = await store.readStream(clientStreamName(clientId));
    const state = (stream.events as Parameters<typeof clientDecider.evolve>[1][]).reduce(
      clientDecider.evolve,
      clientDecider.initialState(),
    );
    return state.status === 'Active' ? state.consents : [];
  };

  return { telegramHash, connectTelegram, giveConsent, withdrawConsent, consentsOf };
};

export type ClientCommands = ReturnType<typeof createClientCommands>;
