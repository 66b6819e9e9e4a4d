import { createHash } from 'node:crypto';

/** A car's id: the same for one client's plate whichever way it came (a booking, an import), so it is one car. */
export const carIdFor = (clientId: string, plate: string): string =>
  createHash('sha256').update(`${clientId}:${plate}`).digest('hex').slice(0, 32);
