import { CALLBACK_VERSION } from '../callback-data.ts';

/**
 * Buttons of /privacy beyond the `privacy` kind of bot/callback-data.ts (which carries only the
 * withdrawal of the booking consent), in the same versioned `1:…` form and well under 64 bytes.
 */
export type PrivacyAction = 'mydata' | 'marketing' | 'erase' | 'eraseYes' | 'stop' | 'stopYes' | 'keep';

const codes: Record<PrivacyAction, string> = {
  mydata: 'a',
  marketing: 'm',
  erase: 'e',
  eraseYes: 'E',
  stop: 's',
  stopYes: 'S',
  keep: 'n',
};
const actions = new Map(Object.entries(codes).map(([action, code]) => [code, action as PrivacyAction]));

const PREFIX = `${CALLBACK_VERSION}:pv:`;

export const encodePrivacy = (action: PrivacyAction): string => `${PREFIX}${codes[action]}`;

/** The action of a /privacy button, or null for any other callback data. */
export const decodePrivacy = (raw: string | undefined): PrivacyAction | null =>
  raw?.startsWith(PREFIX) ? (actions.get(raw.slice(PREFIX.length)) ?? null) : null;
