import { createHash } from 'node:crypto';

/**
 * A UUID-shaped digest of the organization and a key: the same key always gives the same id, so a
 * stream named by it can only be started once (a retried booking, a reminder found due twice).
 */
export const derivedId = (orgId: string, key: string): string => {
  const hex = createHash('sha256').update(`${orgId}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
