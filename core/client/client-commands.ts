import { clientDecider, type ClientCommand } from '../../domain/client/business-logic.ts';
import { requireCar, requireClientName, requireConsentTerms, type CarInput } from '../../domain/client/client-rules.ts';
import { clientStreamName, type ClientEvent, type ClientImported } from '../../domain/client/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { requireEmail, requireId, requireMultiLine, requirePastInstant, textLimits } from '../../domain/shared/input-rules.ts';
import { requirePhone } from '../../domain/shared/phone.ts';
import type { Pool } from 'pg';
import type { Vault } from '../vault/vault.ts';
import type { EventStore } from '../event-store/event-store.ts';
import { aggregate } from '../event-store/aggregate.ts';
import { handle } from '../event-store/handle.ts';
import { writtenBy, type Actor } from '../shared/actor.ts';
import { carIdFor } from './car-id.ts';

/** A consent as the client gave it: which notice, its hash, when, and the channel's evidence. */
export type ConsentInput = {
  purpose: string;
  noticeVersion: string;
  textHash: string;
  givenAt: string;
  /** Sealed under the client's key before it enters the event. */
  evidence: Record<string, unknown>;
};

/** The messengers whose accounts a client links with their own contact (conversation/port.ts names the same). */
export type Messenger = 'telegram' | 'max';

export type ConnectMessengerInput = {
  phone: string;
  name: string;
  channel: Messenger;
  /** The messenger's own numeric id of the account. */
  userId: number;
  consent: ConsentInput;
};

/** A phone proven on the public booking page with a one-time code: no messenger account to link. */
export type ConnectByPhoneInput = { phone: string; name: string; channel: 'web'; consent: ConsentInput };

export type ConnectedClient = { clientId: string; phone: string; existing: boolean };

type CommandMetadata = ClientCommand['metadata'];

/** Events that carry the client's whole profile sealed; the staff's ones carry their note too. */
const STAFF_PROFILE_EVENTS: ReadonlySet<string> = new Set(['ClientProfileUpdated', 'ClientPhoneChanged']);
const PROFILE_EVENTS: ReadonlySet<string> = new Set(['ClientRegistered', 'ClientImported', ...STAFF_PROFILE_EVENTS]);

/**
 * What a client's sealed profile holds; `note` is the staff's own note on the client, `email` the
 * address status messages may go to by e-mail ('' when none).
 */
export type ClientProfile = { name: string; phone: string; note: string; email: string };

/**
 * Client commands shared by channels: register a client if the phone is new (or find the one the
 * phone belongs to, e.g. from the imported base), record consents and link a Telegram account,
 * all appended with the client stream's expected version.
 */
export const createClientCommands = (deps: { store: EventStore; vault: Vault; pool: Pool; now: () => number }) => {
  const { store, vault, pool, now } = deps;

  /** The keyed hash of a Telegram user id: what TelegramLinked carries and what the bot keys its rows by. */
  const telegramHash = (orgId: string, telegramUserId: number) => vault.phoneHash(orgId, `telegram:${telegramUserId}`);

  /** The keyed hash of a messenger account: what the bots key their rows by (Telegram's is telegramHash). */
  const messengerHash = (orgId: string, channel: Messenger, userId: number) =>
    channel === 'telegram' ? telegramHash(orgId, userId) : vault.phoneHash(orgId, `${channel}:${userId}`);

  /**
   * Registers the client if needed, records the consent given before the phone was shared, and
   * links a Telegram account (TelegramLinked), in one append. The consent's own time is kept as
   * `givenAt`. A MAX account has no link event yet: its link is the bot's chat row, keyed by the
   * account's keyed hash and erased with the client.
   */
  const connectMessenger = (actor: Actor, input: ConnectMessengerInput): Promise<ConnectedClient> => connect(actor, input);

  /** The web page's counterpart: registers the client if the phone is new and records the consent, in one append. */
  const connectByPhone = (actor: Actor, input: ConnectByPhoneInput): Promise<ConnectedClient> => connect(actor, input);

  const connect = async (actor: Actor, input: ConnectMessengerInput | ConnectByPhoneInput): Promise<ConnectedClient> => {
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
    const telegram = input.channel === 'telegram' ? await vault.seal(clientId, { userId: input.userId }) : null;
    const hash = input.channel === 'telegram' ? await telegramHash(actor.orgId, input.userId) : null;

    return handle(
      store,
      async (read) => {
        const batch = await read([stream]);
        const existing = batch.exists(stream);
        const metadata = { now: new Date(now()).toISOString(), userId: actor.userId };
        batch.decide(stream, clientDecider, {
          type: 'RegisterClient',
          data: { clientId, orgId: actor.orgId, phoneHash, profile, channel: input.channel },
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
        if (telegram && hash) {
          batch.decide(stream, clientDecider, {
            type: 'LinkTelegram',
            data: { clientId, telegramHash: hash, telegram },
            metadata,
          });
        }
        return { clientId, phone, existing };
      },
      { metadata: writtenBy(actor) },
    );
  };

  const giveConsent = async (actor: Actor, clientId: string, consent: ConsentInput): Promise<boolean> => {
    requireId(clientId, 'clientId');
    requireConsentTerms(consent);
    const givenAt = requirePastInstant(consent.givenAt, 'givenAt', now());
    const evidence = await vault.seal(clientId, consent.evidence);
    const stream = clientStreamName(clientId);
    return handle(
      store,
      async (read) => {
        const events = (await read([stream])).decide(stream, clientDecider, {
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
        return events.length > 0;
      },
      { metadata: writtenBy(actor) },
    );
  };

  const withdrawConsent = async (actor: Actor, clientId: string, purpose: string): Promise<boolean> => {
    requireId(clientId, 'clientId');
    const stream = clientStreamName(clientId);
    return handle(
      store,
      async (read) => {
        const events = (await read([stream])).decide(stream, clientDecider, {
          type: 'WithdrawConsent',
          data: { clientId, purpose },
          metadata: { now: new Date(now()).toISOString(), userId: actor.userId },
        });
        return events.length > 0;
      },
      { metadata: writtenBy(actor) },
    );
  };

  /** What the client consents to now and the keyed hash of their phone now (an unknown or erased client: none). */
  const standingOf = async (clientId: string): Promise<{ consents: string[]; phoneHash: string | null }> => {
    const state = aggregate(clientDecider, (await store.readStream(clientStreamName(clientId))).events);
    return state.status === 'Active'
      ? { consents: state.consents, phoneHash: state.phoneHash ?? null }
      : { consents: [], phoneHash: null };
  };

  /** Whether the client gets maintenance reminders: an active client who has not turned them off. */
  const maintenanceRemindersOn = async (clientId: string): Promise<boolean> => {
    const state = aggregate(clientDecider, (await store.readStream(clientStreamName(clientId))).events);
    return state.status === 'Active' && !state.maintenanceOff;
  };

  /**
   * The notes client-base files brought with the client («просит СМС, не звонки»), oldest first,
   * each once. They live sealed in the import events only, so an erased client has none.
   */
  const importedNotesOf = async (clientId: string): Promise<string[]> => {
    const notes: string[] = [];
    for (const event of (await store.readStream(clientStreamName(clientId))).events) {
      const sealed = event.type === 'ClientImported' ? (event.data as ClientImported['data']).profile : null;
      if (!sealed) continue;
      const profile = await vault.open<{ comment?: unknown }>(clientId, sealed);
      const note = typeof profile?.comment === 'string' ? profile.comment.trim() : '';
      if (note && !notes.includes(note)) notes.push(note);
    }
    return notes;
  };

  /**
   * The client's profile as it stands: the last readable name, phone and e-mail of the events that
   * carry one (a staff change may clear the e-mail), and the staff's note (their own changes only).
   * Null for an unknown or erased client.
   */
  const profileOf = async (clientId: string): Promise<ClientProfile | null> => {
    const events = (await store.readStream(clientStreamName(clientId))).events as { type: ClientEvent['type']; data: unknown }[];
    if (events.length === 0 || events.some((event) => event.type === 'ClientErased')) return null;
    const profile: ClientProfile = { name: '', phone: '', note: '', email: '' };
    for (const event of events) {
      if (!PROFILE_EVENTS.has(event.type)) continue;
      const sealed = (event.data as { profile?: Parameters<Vault['open']>[1] }).profile;
      const opened = sealed
        ? await vault.open<{ name?: unknown; phone?: unknown; note?: unknown; email?: unknown }>(clientId, sealed)
        : null;
      if (!opened) continue;
      if (typeof opened.name === 'string' && opened.name) profile.name = opened.name;
      if (typeof opened.phone === 'string' && opened.phone) profile.phone = opened.phone;
      if (typeof opened.email === 'string') profile.email = opened.email;
      if (STAFF_PROFILE_EVENTS.has(event.type)) profile.note = typeof opened.note === 'string' ? opened.note : '';
    }
    return profile;
  };

  /**
   * Decides one staff command on a client of the actor's organization and appends what it decided:
   * an unknown, erased or another organization's client is not found. The events written.
   */
  const onOwnClient = (actor: Actor, clientId: string, command: (metadata: CommandMetadata) => ClientCommand) => {
    const stream = clientStreamName(clientId);
    return handle(
      store,
      async (read) => {
        const batch = await read([stream]);
        const state = batch.state(stream, clientDecider);
        if (state.status !== 'Active' || state.orgId !== actor.orgId) {
          throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
        }
        return batch.decide(stream, clientDecider, command({ now: new Date(now()).toISOString(), userId: actor.userId }));
      },
      { metadata: writtenBy(actor) },
    );
  };

  /**
   * The staff change a client's name, e-mail (an empty one clears it) or their note; the phone stays
   * (it is the client's key for bookings and the bot). Nothing is written when nothing changes.
   */
  const updateProfile = async (
    actor: Actor,
    clientId: string,
    change: { name?: string; note?: string; email?: string },
  ): Promise<ClientProfile> => {
    requireId(clientId, 'clientId');
    const name = change.name === undefined ? undefined : requireClientName(change.name, 'name');
    const note = change.note === undefined ? undefined : requireMultiLine(change.note, 'note', textLimits.comment).trim();
    const email = change.email === undefined ? undefined : change.email.trim() === '' ? '' : requireEmail(change.email, 'email');
    const current = await profileOf(clientId);
    if (!current) throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
    const next: ClientProfile = {
      name: name ?? current.name,
      phone: current.phone,
      note: note ?? current.note,
      email: email ?? current.email,
    };
    if (next.name === current.name && next.note === current.note && next.email === current.email) return current;
    const profile = await vault.seal(clientId, next);
    await onOwnClient(actor, clientId, (metadata) => ({ type: 'UpdateClientProfile', data: { clientId, profile }, metadata }));
    return next;
  };

  /**
   * The staff change a client's phone (a new SIM, a typo in an import). The new number must not be
   * another client's; once changed, it leads to this client (bookings, the bot) and the old one
   * leads nowhere, so whoever gets that number next is a new client.
   */
  const changePhone = async (actor: Actor, clientId: string, typed: string): Promise<ClientProfile> => {
    requireId(clientId, 'clientId');
    const phone = requirePhone(typed);
    const current = await profileOf(clientId);
    if (!current) throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
    if (current.phone === phone) return current;
    const [newHash, oldHash] = await Promise.all([
      vault.phoneHash(actor.orgId, phone),
      vault.phoneHash(actor.orgId, current.phone),
    ]);
    if (!(await vault.claimPhone(actor.orgId, clientId, newHash))) {
      throw new DomainError('PHONE_TAKEN', 'This number belongs to another client', { field: 'phone' });
    }
    const next: ClientProfile = { ...current, phone };
    const profile = await vault.seal(clientId, next);
    try {
      await onOwnClient(actor, clientId, (metadata) => ({
        type: 'ChangeClientPhone',
        data: { clientId, phoneHash: newHash, profile },
        metadata,
      }));
    } catch (error) {
      // Nothing was written: the new number leads nowhere again.
      await vault.releasePhone(actor.orgId, clientId, newHash);
      throw error;
    }
    await vault.releasePhone(actor.orgId, clientId, oldHash);
    return next;
  };

  /**
   * A car the staff add on the client's card. The plate is what tells one car from another (the same
   * plate from a booking or an import is the same car), so it is required here; adding a plate the
   * client already has changes nothing and says so.
   */
  const addCar = async (
    actor: Actor,
    clientId: string,
    input: CarInput,
  ): Promise<{ car: CarInput & { id: string }; added: boolean }> => {
    requireId(clientId, 'clientId');
    const car = requireCar(input);
    if (!car?.plate) throw new DomainError('VALIDATION', 'A car needs its plate', { field: 'car.plate' });
    const carId = carIdFor(clientId, car.plate);
    const sealed = await vault.seal(clientId, car);
    const events = await onOwnClient(actor, clientId, (metadata) => ({
      type: 'AddCar',
      data: { clientId, carId, car: sealed },
      metadata,
    }));
    // A plate the client already has decides nothing.
    return { car: { id: carId, ...car }, added: events.length > 0 };
  };

  /**
   * Who answers for the client: the owner names anyone who runs clients (an active owner or manager
   * of the organization) or nobody; a manager can only take a client nobody answers for. Returns
   * whether anything changed.
   */
  const assignManager = async (
    actor: Actor & { userId: string },
    clientId: string,
    change: { managerId: string | null; by: 'owner' | 'manager' },
  ): Promise<boolean> => {
    requireId(clientId, 'clientId');
    const { managerId } = change;
    if (managerId !== null) {
      requireId(managerId, 'managerId');
      const found = await pool.query(
        `SELECT 1 FROM users WHERE id = $1 AND org_id = $2 AND active AND role IN ('owner', 'manager')`,
        [managerId, actor.orgId],
      );
      if (!found.rowCount) throw new DomainError('NOT_FOUND', 'No owner or manager with this id', { field: 'managerId' });
    }
    if (change.by === 'manager' && managerId !== actor.userId) {
      throw new DomainError('ILLEGAL_TRANSITION', 'A manager can only take a client for themselves', {
        field: 'managerId',
        reason: 'ONLY_OWNER_ASSIGNS',
      });
    }
    const events = await onOwnClient(actor, clientId, (metadata) =>
      change.by === 'owner'
        ? { type: 'AssignClientManager', data: { clientId, managerId }, metadata }
        : { type: 'TakeClient', data: { clientId, managerId: actor.userId }, metadata },
    );
    return events.length > 0;
  };

  /**
   * The client's maintenance reminders turned off (their tap under one) or back on (at their request,
   * by the staff or the bot); `channel` is where they asked. Returns whether anything changed.
   */
  const setMaintenanceReminders = async (actor: Actor, clientId: string, enabled: boolean, channel: string) => {
    requireId(clientId, 'clientId');
    const events = await onOwnClient(actor, clientId, (metadata) => ({
      type: 'SetMaintenanceReminders',
      data: { clientId, enabled, channel },
      metadata,
    }));
    return events.length > 0;
  };

  return {
    addCar,
    assignManager,
    setMaintenanceReminders,
    changePhone,
    telegramHash,
    messengerHash,
    connectMessenger,
    connectByPhone,
    giveConsent,
    withdrawConsent,
    standingOf,
    maintenanceRemindersOn,
    importedNotesOf,
    profileOf,
    updateProfile,
  };
};

export type ClientCommands = ReturnType<typeof createClientCommands>;
