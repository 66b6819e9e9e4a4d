import { describe, it } from 'vitest';
import type { ClientEvent } from '../../../domain/client/client.ts';
import { clientDecider, type ClientCommand } from '../../../domain/client/business-logic.ts';
import type { Sealed } from '../../../domain/shared/sealed.ts';
import { deciderSpec } from '../../support/given-when-then.ts';

const spec = deciderSpec(clientDecider);

const now = '2025-03-03T06:00:00.000Z';
const metadata = { now, userId: 'manager-1' };
const profile: Sealed = { iv: 'aXYx', data: 'cHJvZmlsZQ==' };
const car: Sealed = { iv: 'aXYy', data: 'Y2Fy' };

const register = (clientId: string): ClientCommand => ({
  type: 'RegisterClient',
  data: { clientId, orgId: 'org-1', phoneHash: 'hash-of-phone', profile, channel: 'telegram' },
  metadata,
});
const addCar = (clientId: string, carId: string): ClientCommand => ({
  type: 'AddCar',
  data: { clientId, carId, car },
  metadata,
});
const erase = (clientId: string): ClientCommand => ({
  type: 'EraseClient',
  data: { clientId, reason: 'subject_request' },
  metadata,
});

const registered = (clientId: string): ClientEvent => ({
  type: 'ClientRegistered',
  data: { clientId, orgId: 'org-1', phoneHash: 'hash-of-phone', profile, channel: 'telegram', registeredAt: now },
});
const carAdded = (clientId: string, carId: string): ClientEvent => ({
  type: 'CarAdded',
  data: { clientId, carId, car, addedAt: now },
});
const erased = (clientId: string): ClientEvent => ({
  type: 'ClientErased',
  data: { clientId, reason: 'subject_request', erasedBy: 'manager-1', erasedAt: now },
});

const assign = (clientId: string, managerId: string | null, userId = 'owner-1'): ClientCommand => ({
  type: 'AssignClientManager',
  data: { clientId, managerId },
  metadata: { now, userId },
});
const take = (clientId: string, managerId: string): ClientCommand => ({
  type: 'TakeClient',
  data: { clientId, managerId },
  metadata: { now, userId: managerId },
});
const managerAssigned = (clientId: string, managerId: string | null, assignedBy: string): ClientEvent => ({
  type: 'ClientManagerAssigned',
  data: { clientId, managerId, assignedBy, assignedAt: now },
});

describe('Client', () => {
  describe('when a client registers', () => {
    it('records ClientRegistered with the sealed profile', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([])
        .when(register(clientId))
        .then([registered(clientId)]);
    });

    it('treats registering twice as a no-op', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(register(clientId))
        .then([]);
    });
  });

  describe('when a car is added', () => {
    it('records CarAdded', () => {
      const clientId = crypto.randomUUID();
      const carId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(addCar(clientId, carId))
        .then([carAdded(clientId, carId)]);
    });

    it('treats adding the same car again as a no-op', () => {
      const clientId = crypto.randomUUID();
      const carId = crypto.randomUUID();
      spec
        .given([registered(clientId), carAdded(clientId, carId)])
        .when(addCar(clientId, carId))
        .then([]);
    });

    it('adds a second, different car', () => {
      const clientId = crypto.randomUUID();
      const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
      spec
        .given([registered(clientId), carAdded(clientId, first)])
        .when(addCar(clientId, second))
        .then([carAdded(clientId, second)]);
    });

    it('refuses a car for an unknown client', () => {
      const clientId = crypto.randomUUID();
      spec.given([]).when(addCar(clientId, crypto.randomUUID())).thenThrows('NOT_FOUND');
    });
  });

  describe('when a client is erased', () => {
    it('records ClientErased with who erased and when', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), carAdded(clientId, crypto.randomUUID())])
        .when(erase(clientId))
        .then([erased(clientId)]);
    });

    it('treats erasing twice as a no-op', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), erased(clientId)])
        .when(erase(clientId))
        .then([]);
    });

    it('refuses to erase an unknown client', () => {
      const clientId = crypto.randomUUID();
      spec.given([]).when(erase(clientId)).thenThrows('NOT_FOUND');
    });
  });

  describe('when commands arrive after erasure', () => {
    it('refuses to add a car', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), erased(clientId)])
        .when(addCar(clientId, crypto.randomUUID()))
        .thenThrows('NOT_FOUND');
    });

    it('refuses to register the erased client again', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), erased(clientId)])
        .when(register(clientId))
        .thenThrows('VALIDATION');
    });
  });

  describe('when someone is made responsible for the client', () => {
    it('records who answers for the client and who named them', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(assign(clientId, 'manager-2'))
        .then([managerAssigned(clientId, 'manager-2', 'owner-1')]);
    });

    it('hands the client over to another manager, and back to nobody', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), managerAssigned(clientId, 'manager-2', 'owner-1')])
        .when(assign(clientId, 'manager-3'))
        .then([managerAssigned(clientId, 'manager-3', 'owner-1')]);
      spec
        .given([registered(clientId), managerAssigned(clientId, 'manager-2', 'owner-1')])
        .when(assign(clientId, null))
        .then([managerAssigned(clientId, null, 'owner-1')]);
    });

    it('changes nothing when the same person is named again, or nobody for a client nobody answers for', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), managerAssigned(clientId, 'manager-2', 'owner-1')])
        .when(assign(clientId, 'manager-2'))
        .then([]);
      spec
        .given([registered(clientId)])
        .when(assign(clientId, null))
        .then([]);
    });

    it('lets a manager take a client nobody answers for, but not another manager’s', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(take(clientId, 'manager-2'))
        .then([managerAssigned(clientId, 'manager-2', 'manager-2')]);
      spec
        .given([registered(clientId), managerAssigned(clientId, 'manager-2', 'owner-1')])
        .when(take(clientId, 'manager-2'))
        .then([]);
      spec
        .given([registered(clientId), managerAssigned(clientId, 'manager-3', 'owner-1')])
        .when(take(clientId, 'manager-2'))
        .thenThrows('ILLEGAL_TRANSITION');
      spec
        .given([
          registered(clientId),
          managerAssigned(clientId, 'manager-3', 'owner-1'),
          managerAssigned(clientId, null, 'owner-1'),
        ])
        .when(take(clientId, 'manager-2'))
        .then([managerAssigned(clientId, 'manager-2', 'manager-2')]);
    });

    it('refuses an unknown or erased client', () => {
      const clientId = crypto.randomUUID();
      spec.given([]).when(assign(clientId, 'manager-2')).thenThrows('NOT_FOUND');
      spec
        .given([registered(clientId), erased(clientId)])
        .when(take(clientId, 'manager-2'))
        .thenThrows('NOT_FOUND');
    });
  });

  describe('when the staff change the client’s phone', () => {
    const newProfile: Sealed = { iv: 'aXYz', data: 'bmV3LXByb2ZpbGU=' };
    const change = (clientId: string, phoneHash: string): ClientCommand => ({
      type: 'ChangeClientPhone',
      data: { clientId, phoneHash, profile: newProfile },
      metadata,
    });

    it('records the new number’s hash with the profile sealed again', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(change(clientId, 'hash-of-new-phone'))
        .then([
          {
            type: 'ClientPhoneChanged',
            data: { clientId, phoneHash: 'hash-of-new-phone', profile: newProfile, changedAt: now },
          },
        ]);
    });

    it('changes nothing for the number the client already has, the first one or a changed one', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(change(clientId, 'hash-of-phone'))
        .then([]);
      spec
        .given([
          registered(clientId),
          { type: 'ClientPhoneChanged', data: { clientId, phoneHash: 'hash-of-new-phone', profile: newProfile, changedAt: now } },
        ])
        .when(change(clientId, 'hash-of-new-phone'))
        .then([]);
    });

    it('refuses an unknown or erased client', () => {
      const clientId = crypto.randomUUID();
      spec.given([]).when(change(clientId, 'hash-of-new-phone')).thenThrows('NOT_FOUND');
      spec
        .given([registered(clientId), erased(clientId)])
        .when(change(clientId, 'hash-of-new-phone'))
        .thenThrows('NOT_FOUND');
    });
  });

  describe('when the client turns maintenance reminders off or on', () => {
    const set = (clientId: string, enabled: boolean): ClientCommand => ({
      type: 'SetMaintenanceReminders',
      data: { clientId, enabled, channel: 'telegram' },
      metadata: { now, userId: null },
    });
    const wasSet = (clientId: string, enabled: boolean): ClientEvent => ({
      type: 'MaintenanceRemindersSet',
      data: { clientId, enabled, channel: 'telegram', setBy: null, setAt: now },
    });

    it('records the opt-out, and turning them on again', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(set(clientId, false))
        .then([wasSet(clientId, false)]);
      spec
        .given([registered(clientId), wasSet(clientId, false)])
        .when(set(clientId, true))
        .then([wasSet(clientId, true)]);
    });

    it('changes nothing when it is already so', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId)])
        .when(set(clientId, true))
        .then([]);
      spec
        .given([registered(clientId), wasSet(clientId, false)])
        .when(set(clientId, false))
        .then([]);
    });

    it('refuses an erased client', () => {
      const clientId = crypto.randomUUID();
      spec
        .given([registered(clientId), erased(clientId)])
        .when(set(clientId, false))
        .thenThrows('NOT_FOUND');
    });
  });
});
