import type { BookingParticulars } from '../../domain/booking/booking-rules.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import { carIdFor } from '../client/car-id.ts';
import type { Vault } from '../vault/vault.ts';

/** A booking's personal part as events may carry it: sealed under the client's key, the phone only as a keyed hash. */
export type SealedParticulars = {
  clientId: string;
  /** Whether the client's stream existed when the phone was claimed (false: a new client). */
  registered: boolean;
  phoneHash: string;
  /** Name and phone, for ClientRegistered. */
  profile: Sealed;
  /** Car and comment, for BookingRequested; null when the client gave neither. */
  details: Sealed | null;
  /** The car for the client's list of cars, when it has a plate to know it by. */
  car: { carId: string; sealed: Sealed } | null;
};

/** Finds (or claims) the client the phone belongs to and seals what the booking says about them. */
export const sealParticulars = async (
  vault: Vault,
  orgId: string,
  particulars: BookingParticulars,
): Promise<SealedParticulars> => {
  const { name, phone, car, comment } = particulars;
  const phoneHash = await vault.phoneHash(orgId, phone);
  const { clientId, registered } = await vault.claimClient(orgId, phoneHash);
  return {
    clientId,
    registered,
    phoneHash,
    profile: await vault.seal(clientId, { name, phone }),
    details: car || comment ? await vault.seal(clientId, { car, comment }) : null,
    car: car?.plate ? { carId: carIdFor(clientId, car.plate), sealed: await vault.seal(clientId, car) } : null,
  };
};
