import { DomainError } from '../shared/errors.ts';
import type { Sealed } from '../shared/sealed.ts';
import { evolve, initialState, type Client, type ClientEvent } from './client.ts';

// ───────────────────────────── Commands ─────────────────────────────

type Meta = { metadata: { now: string; userId: string | null } };

export type RegisterClient = Meta & {
  type: 'RegisterClient';
  data: { clientId: string; orgId: string; phoneHash: string; profile: Sealed; channel: string };
};
export type AddCar = Meta & { type: 'AddCar'; data: { clientId: string; carId: string; car: Sealed } };
export type EraseClient = Meta & { type: 'EraseClient'; data: { clientId: string; reason: string } };

export type ClientCommand = RegisterClient | AddCar | EraseClient;

// ───────────────────────────── Business logic ─────────────────────────────

export const registerClient = ({ data, metadata }: RegisterClient, state: Client): ClientEvent[] => {
  if (state.status === 'Active') return [];
  if (state.status === 'Erased') throw new DomainError('VALIDATION', 'This client was erased');
  return [{ type: 'ClientRegistered', data: { ...data, registeredAt: metadata.now } }];
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

export const decide = (command: ClientCommand, state: Client): ClientEvent[] => {
  switch (command.type) {
    case 'RegisterClient':
      return registerClient(command, state);
    case 'AddCar':
      return addCar(command, state);
    case 'EraseClient':
      return eraseClient(command, state);
    default: {
      const unknown: never = command;
      throw new DomainError('VALIDATION', `Unknown command ${JSON.stringify(unknown)}`);
    }
  }
};

export const clientDecider = { decide, evolve, initialState };
