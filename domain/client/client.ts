import type { Sealed } from '../shared/sealed.ts';

// ───────────────────────────── Events ─────────────────────────────
// Phones, names, e-mails and plates only ever travel sealed; `phoneHash` is a keyed hash for look-up.

export type ClientRegistered = {
  type: 'ClientRegistered';
  data: { clientId: string; orgId: string; phoneHash: string; profile: Sealed; channel: string; registeredAt: string };
};

export type ClientProfileUpdated = {
  type: 'ClientProfileUpdated';
  data: { clientId: string; profile: Sealed; updatedAt: string };
};

/** The staff changed the client's phone: the new number's keyed hash, and the whole profile again, sealed. */
export type ClientPhoneChanged = {
  type: 'ClientPhoneChanged';
  data: { clientId: string; phoneHash: string; profile: Sealed; changedAt: string };
};

export type CarAdded = {
  type: 'CarAdded';
  data: { clientId: string; carId: string; car: Sealed; addedAt: string };
};

export type ConsentGiven = {
  type: 'ConsentGiven';
  data: { clientId: string; purpose: string; noticeVersion: string; textHash: string; evidence: Sealed; givenAt: string };
};

export type ConsentWithdrawn = {
  type: 'ConsentWithdrawn';
  data: { clientId: string; purpose: string; withdrawnAt: string };
};

/** A Telegram account proved (shared contact of its own) to own the client's phone. */
export type TelegramLinked = {
  type: 'TelegramLinked';
  data: { clientId: string; telegramHash: string; telegram: Sealed; linkedAt: string };
};

/**
 * The staff member answering for the client (and so for their bookings): set by the owner, taken
 * by a manager for a client nobody answers for, or cleared (null). `assignedBy` is who did it.
 */
export type ClientManagerAssigned = {
  type: 'ClientManagerAssigned';
  data: { clientId: string; managerId: string | null; assignedBy: string | null; assignedAt: string };
};

/**
 * Whether the client wants maintenance reminders: turned off by the client (a tap under a reminder)
 * and back on at their request. `channel` says where it was asked (a messenger, or the panel).
 */
export type MaintenanceRemindersSet = {
  type: 'MaintenanceRemindersSet';
  data: { clientId: string; enabled: boolean; channel: string; setBy: string | null; setAt: string };
};

export type ClientErased = {
  type: 'ClientErased';
  data: { clientId: string; reason: string; erasedBy: string | null; erasedAt: string };
};

/**
 * One row of an imported client list (CSV, Excel, 1C) applied to the client: registers an unknown
 * phone or merges into the client who has it. `row` and `batchId` (the file's SHA-256) make the
 * row idempotent; `visits` and `lastVisitAt` are the history the file brought.
 */
export type ClientImported = {
  type: 'ClientImported';
  data: {
    clientId: string;
    orgId: string;
    batchId: string;
    row: number;
    phoneHash: string;
    profile: Sealed;
    visits: number | null;
    lastVisitAt: string | null;
    importedAt: string;
  };
};

export type ClientEvent =
  | ClientRegistered
  | ClientProfileUpdated
  | ClientPhoneChanged
  | CarAdded
  | ConsentGiven
  | ConsentWithdrawn
  | TelegramLinked
  | ClientErased
  | ClientImported
  | ClientManagerAssigned
  | MaintenanceRemindersSet;

// ───────────────────────────── State ─────────────────────────────

export type Client =
  | { status: 'Unknown' }
  | {
      status: 'Active';
      clientId: string;
      orgId: string;
      carIds: string[];
      consents: string[];
      telegramHashes: string[];
      /** `batchId:row` of every import row applied, so a re-run of the same file changes nothing. */
      importKeys?: string[];
      /** The staff member answering for the client; absent or null when nobody does. */
      managerId?: string | null;
      /** The keyed hash of the client's phone now. */
      phoneHash?: string;
      /** True once the client asked for no maintenance reminders (absent: they get them). */
      maintenanceOff?: boolean;
    }
  | { status: 'Erased'; clientId: string };

export const initialState = (): Client => ({ status: 'Unknown' });

export const evolve = (state: Client, event: ClientEvent): Client => {
  switch (event.type) {
    case 'ClientRegistered':
      return {
        status: 'Active',
        clientId: event.data.clientId,
        orgId: event.data.orgId,
        carIds: [],
        consents: [],
        telegramHashes: [],
        phoneHash: event.data.phoneHash,
      };
    case 'ClientPhoneChanged':
      return state.status === 'Active' ? { ...state, phoneHash: event.data.phoneHash } : state;
    case 'CarAdded':
      return state.status === 'Active' ? { ...state, carIds: [...state.carIds, event.data.carId] } : state;
    case 'ConsentGiven':
      return state.status === 'Active' && !state.consents.includes(event.data.purpose)
        ? { ...state, consents: [...state.consents, event.data.purpose] }
        : state;
    case 'ConsentWithdrawn':
      return state.status === 'Active'
        ? { ...state, consents: state.consents.filter((purpose) => purpose !== event.data.purpose) }
        : state;
    case 'TelegramLinked':
      return state.status === 'Active' && !state.telegramHashes.includes(event.data.telegramHash)
        ? { ...state, telegramHashes: [...state.telegramHashes, event.data.telegramHash] }
        : state;
    case 'ClientManagerAssigned':
      return state.status === 'Active' ? { ...state, managerId: event.data.managerId } : state;
    case 'MaintenanceRemindersSet':
      return state.status === 'Active' ? { ...state, maintenanceOff: !event.data.enabled } : state;
    case 'ClientErased':
      return { status: 'Erased', clientId: event.data.clientId };
    case 'ClientImported': {
      const key = importKey(event.data.batchId, event.data.row);
      if (state.status === 'Erased') return state;
      if (state.status === 'Unknown') {
        return {
          status: 'Active',
          clientId: event.data.clientId,
          orgId: event.data.orgId,
          carIds: [],
          consents: [],
          telegramHashes: [],
          importKeys: [key],
          phoneHash: event.data.phoneHash,
        };
      }
      return { ...state, importKeys: [...(state.importKeys ?? []), key] };
    }
    default:
      return state;
  }
};

export const importKey = (batchId: string, row: number): string => `${batchId}:${row}`;

export const clientStreamName = (clientId: string): string => `client-${clientId}`;
