import { DomainError } from '../shared/errors.ts';
import type { Sealed } from '../shared/sealed.ts';
import { evolve, importKey, initialState, type Client, type ClientEvent } from './client.ts';
import type { Decider } from '../shared/decider.ts';

// ───────────────────────────── Commands ─────────────────────────────

type Meta = { metadata: { now: string; userId: string | null } };

export type RegisterClient = Meta & {
  type: 'RegisterClient';
  data: { clientId: string; orgId: string; phoneHash: string; profile: Sealed; channel: string };
};
/** The staff's change of a client's name or note: the whole profile again, sealed (phone kept as it is). */
export type UpdateClientProfile = Meta & { type: 'UpdateClientProfile'; data: { clientId: string; profile: Sealed } };
/** The staff's change of a client's phone: the new number's hash and the whole profile again, sealed. */
export type ChangeClientPhone = Meta & {
  type: 'ChangeClientPhone';
  data: { clientId: string; phoneHash: string; profile: Sealed };
};
export type AddCar = Meta & { type: 'AddCar'; data: { clientId: string; carId: string; car: Sealed } };
export type EraseClient = Meta & { type: 'EraseClient'; data: { clientId: string; reason: string } };
export type GiveConsent = Meta & {
  type: 'GiveConsent';
  data: { clientId: string; purpose: string; noticeVersion: string; textHash: string; evidence: Sealed };
};
export type WithdrawConsent = Meta & { type: 'WithdrawConsent'; data: { clientId: string; purpose: string } };
export type LinkTelegram = Meta & { type: 'LinkTelegram'; data: { clientId: string; telegramHash: string; telegram: Sealed } };

/** The owner names who answers for the client, or nobody (null). */
export type AssignClientManager = Meta & { type: 'AssignClientManager'; data: { clientId: string; managerId: string | null } };
/** A staff member takes a client nobody answers for (a manager from the card, or by taking their phone booking). */
export type TakeClient = Meta & { type: 'TakeClient'; data: { clientId: string; managerId: string } };

/** The client turns maintenance reminders off or back on; `channel` is where they asked. */
export type SetMaintenanceReminders = Meta & {
  type: 'SetMaintenanceReminders';
  data: { clientId: string; enabled: boolean; channel: string };
};

export type ImportClient = Meta & {
  type: 'ImportClient';
  data: {
    clientId: string;
    orgId: string;
    batchId: string;
    row: number;
    phoneHash: string;
    profile: Sealed;
    visits: number | null;
    lastVisitAt: string | null;
  };
};

export type ClientCommand =
  | RegisterClient
  | UpdateClientProfile
  | ChangeClientPhone
  | AddCar
  | EraseClient
  | GiveConsent
  | WithdrawConsent
  | LinkTelegram
  | ImportClient
  | AssignClientManager
  | TakeClient
  | SetMaintenanceReminders;

// ───────────────────────────── Business logic ─────────────────────────────

export const registerClient = ({ data, metadata }: RegisterClient, state: Client): ClientEvent[] => {
  if (state.status === 'Active') return [];
  if (state.status === 'Erased') throw new DomainError('VALIDATION', 'This client was erased');
  return [{ type: 'ClientRegistered', data: { ...data, registeredAt: metadata.now } }];
};

export const updateClientProfile = ({ data, metadata }: UpdateClientProfile, state: Client): ClientEvent[] => {
  if (state.status !== 'Active') throw new DomainError('NOT_FOUND', 'Client not found', { clientId: data.clientId });
  return [{ type: 'ClientProfileUpdated', data: { ...data, updatedAt: metadata.now } }];
};

/** The number the client already has changes nothing. */
export const changeClientPhone = ({ data, metadata }: ChangeClientPhone, state: Client): ClientEvent[] => {
  if (active(state, data.clientId).phoneHash === data.phoneHash) return [];
  const { clientId, phoneHash, profile } = data;
  return [{ type: 'ClientPhoneChanged', data: { clientId, phoneHash, profile, changedAt: metadata.now } }];
};

export const addCar = ({ data, metadata }: AddCar, state: Client): ClientEvent[] => {
  if (state.status !== 'Active') throw new DomainError('NOT_FOUND', 'Client not found', { clientId: data.clientId });
  if (state.carIds.includes(data.carId)) return [];
  return [{ type: 'CarAdded', data: { ...data, addedAt: metadata.now } }];
};

export const eraseClient = ({ data, metadata }: EraseClient, state: Client): ClientEvent[] => {
  if (state.status === 'Erased') return [];
  if (state.status === 'Unknown') throw new DomainError('NOT_FOUND', 'Client not found', { clientId: data.clientId });
  return [{ type: 'ClientErased', data: { ...data, erasedBy: metadata.userId, erasedAt: metadata.now } }];
};

const active = (state: Client, clientId: string) => {
  if (state.status !== 'Active') throw new DomainError('NOT_FOUND', 'Client not found', { clientId });
  return state;
};

/** A consent is its own event per purpose and notice version; giving the same one again changes nothing. */
export const giveConsent = ({ data, metadata }: GiveConsent, state: Client): ClientEvent[] => {
  if (active(state, data.clientId).consents.includes(data.purpose)) return [];
  return [{ type: 'ConsentGiven', data: { ...data, givenAt: metadata.now } }];
};

export const withdrawConsent = ({ data, metadata }: WithdrawConsent, state: Client): ClientEvent[] => {
  if (!active(state, data.clientId).consents.includes(data.purpose)) return [];
  return [{ type: 'ConsentWithdrawn', data: { ...data, withdrawnAt: metadata.now } }];
};

export const linkTelegram = ({ data, metadata }: LinkTelegram, state: Client): ClientEvent[] => {
  if (active(state, data.clientId).telegramHashes.includes(data.telegramHash)) return [];
  return [{ type: 'TelegramLinked', data: { ...data, linkedAt: metadata.now } }];
};

const managerAssigned = (clientId: string, managerId: string | null, metadata: Meta['metadata']): ClientEvent => ({
  type: 'ClientManagerAssigned',
  data: { clientId, managerId, assignedBy: metadata.userId, assignedAt: metadata.now },
});

/** Naming the one already responsible changes nothing. */
export const assignClientManager = ({ data, metadata }: AssignClientManager, state: Client): ClientEvent[] => {
  if ((active(state, data.clientId).managerId ?? null) === data.managerId) return [];
  return [managerAssigned(data.clientId, data.managerId, metadata)];
};

/** Only a client nobody answers for can be taken: another's client is the owner's to hand over. */
export const takeClient = ({ data, metadata }: TakeClient, state: Client): ClientEvent[] => {
  const current = active(state, data.clientId).managerId ?? null;
  if (current === data.managerId) return [];
  if (current !== null) {
    throw new DomainError('ILLEGAL_TRANSITION', 'Another manager answers for this client', {
      clientId: data.clientId,
      reason: 'CLIENT_HAS_MANAGER',
    });
  }
  return [managerAssigned(data.clientId, data.managerId, metadata)];
};

/** Asking for what is already so changes nothing. */
export const setMaintenanceReminders = ({ data, metadata }: SetMaintenanceReminders, state: Client): ClientEvent[] => {
  if (!(active(state, data.clientId).maintenanceOff ?? false) === data.enabled) return [];
  const { clientId, enabled, channel } = data;
  return [{ type: 'MaintenanceRemindersSet', data: { clientId, enabled, channel, setBy: metadata.userId, setAt: metadata.now } }];
};

/** An import met a client erased at their request: their data is not brought back. */
export class ClientErasedError extends DomainError {
  constructor(readonly clientId: string) {
    super('VALIDATION', 'This client was erased', { clientId, reason: 'ERASED_CLIENT' });
    this.name = 'ClientErasedError';
  }
}

/** Registers an unknown phone or merges into the client who has it; the same file row applies once. */
export const importClient = ({ data, metadata }: ImportClient, state: Client): ClientEvent[] => {
  if (state.status === 'Erased') throw new ClientErasedError(data.clientId);
  if (state.status === 'Active' && state.importKeys?.includes(importKey(data.batchId, data.row))) return [];
  return [{ type: 'ClientImported', data: { ...data, importedAt: metadata.now } }];
};

export const decide = (command: ClientCommand, state: Client): ClientEvent[] => {
  switch (command.type) {
    case 'RegisterClient':
      return registerClient(command, state);
    case 'UpdateClientProfile':
      return updateClientProfile(command, state);
    case 'ChangeClientPhone':
      return changeClientPhone(command, state);
    case 'AddCar':
      return addCar(command, state);
    case 'EraseClient':
      return eraseClient(command, state);
    case 'GiveConsent':
      return giveConsent(command, state);
    case 'WithdrawConsent':
      return withdrawConsent(command, state);
    case 'LinkTelegram':
      return linkTelegram(command, state);
    case 'ImportClient':
      return importClient(command, state);
    case 'AssignClientManager':
      return assignClientManager(command, state);
    case 'TakeClient':
      return takeClient(command, state);
    case 'SetMaintenanceReminders':
      return setMaintenanceReminders(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const clientDecider: Decider<Client, ClientCommand, ClientEvent> = { decide, evolve, initialState };
