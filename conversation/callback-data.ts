import { randomBytes } from 'node:crypto';

/**
 * Typed callback data for inline buttons, at most 64 bytes. Every payload starts with a version:
 * a button sent by an older version of the bot decodes as `outdated`, so it is answered with a
 * clear message instead of being misread. Wizard buttons carry the wizard's id, so a button from
 * a finished or abandoned wizard is recognised as stale.
 */

export const CALLBACK_VERSION = '1';

export type CallbackData =
  | { kind: 'consent'; agree: boolean }
  | { kind: 'branch'; wizard: string; branchId: string }
  | { kind: 'service'; wizard: string; serviceId: string }
  | { kind: 'date'; wizard: string; date: string; free: boolean }
  | { kind: 'time'; wizard: string; start: number }
  | { kind: 'car'; wizard: string; saved: boolean }
  | { kind: 'skip'; wizard: string }
  | { kind: 'add'; wizard: string; field: SummaryExtra }
  | { kind: 'confirm'; wizard: string }
  | { kind: 'back'; wizard: string }
  | { kind: 'cancel'; wizard: string }
  | { kind: 'booking'; action: 'cancel' | 'move' | 'cancelYes' | 'cancelNo' | 'coming'; bookingId: string }
  | { kind: 'language'; lang: 'ru' | 'en' }
  | { kind: 'privacy'; action: PrivacyAction }
  | { kind: 'approval'; workOrderId: string; requestId: string; approve: boolean }
  | { kind: 'maintenance'; action: MaintenanceAction; reminderId: string; start?: number };

/** What the booking summary offers to add before confirming: the car's plate or a comment. */
export type SummaryExtra = 'plate' | 'comment';

/** Under a maintenance reminder: book at the time offered (`start`), choose another time, or no more reminders. */
export type MaintenanceAction = 'book' | 'other' | 'stop';
const maintenanceCodes: Record<MaintenanceAction, string> = { book: 'b', other: 'o', stop: 's' };
const maintenanceActions = new Map(Object.entries(maintenanceCodes).map(([action, code]) => [code, action as MaintenanceAction]));

/** The /privacy buttons: withdraw the booking consent, the data report, opting out, and the asks with their confirmations. */
export type PrivacyAction =
  'withdraw' | 'withdrawYes' | 'mydata' | 'marketing' | 'erase' | 'eraseYes' | 'stop' | 'stopYes' | 'keep';

export type Decoded = { ok: true; data: CallbackData } | { ok: false; reason: 'outdated' | 'malformed' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const WIZARD = /^[0-9a-z]{4,10}$/;

const bookingActions = { c: 'cancel', m: 'move', y: 'cancelYes', n: 'cancelNo', g: 'coming' } as const;
const bookingCodes = { cancel: 'c', move: 'm', cancelYes: 'y', cancelNo: 'n', coming: 'g' } as const;
// `w` is what the first /privacy button carried, so buttons already sent keep working.
const privacyCodes: Record<PrivacyAction, string> = {
  withdraw: 'w',
  withdrawYes: 'wy',
  mydata: 'd',
  marketing: 'm',
  erase: 'e',
  eraseYes: 'ey',
  stop: 's',
  stopYes: 'sy',
  keep: 'k',
};
const privacyActions = new Map(Object.entries(privacyCodes).map(([action, code]) => [code, action as PrivacyAction]));

/** A UUID in 22 characters (its 16 bytes as base64url): two fit in a button beside the rest. */
const compactId = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex').toString('base64url');
const uuidOf = (compact: string | undefined): string | null => {
  if (compact === undefined || !/^[A-Za-z0-9_-]{22}$/.test(compact)) return null;
  const hex = Buffer.from(compact, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** Start times travel as epoch minutes in base 36 (six characters until the 2100s). */
const minutes36 = (epochMs: number) => Math.round(epochMs / 60_000).toString(36);
const fromMinutes36 = (value: string | undefined): number =>
  value && /^[0-9a-z]{1,8}$/.test(value) ? parseInt(value, 36) * 60_000 : NaN;

export const encode = (data: CallbackData): string => {
  const parts = ((): string[] => {
    switch (data.kind) {
      case 'consent':
        return ['c', data.agree ? 'y' : 'n'];
      case 'branch':
        return ['b', data.wizard, data.branchId];
      case 'service':
        return ['s', data.wizard, data.serviceId];
      case 'date':
        return ['d', data.wizard, data.date.replaceAll('-', ''), data.free ? '1' : '0'];
      case 'time':
        return ['t', data.wizard, minutes36(data.start)];
      case 'car':
        return ['a', data.wizard, data.saved ? 's' : 'n'];
      case 'skip':
        return ['k', data.wizard];
      case 'add':
        return ['ad', data.wizard, data.field === 'plate' ? 'p' : 'c'];
      case 'confirm':
        return ['ok', data.wizard];
      case 'back':
        return ['bk', data.wizard];
      case 'cancel':
        return ['x', data.wizard];
      case 'booking':
        return ['r', bookingCodes[data.action], data.bookingId];
      case 'language':
        return ['l', data.lang];
      case 'privacy':
        return ['p', privacyCodes[data.action]];
      case 'approval':
        return ['v', data.approve ? 'y' : 'n', compactId(data.workOrderId), compactId(data.requestId)];
      case 'maintenance':
        return [
          'mt',
          maintenanceCodes[data.action],
          compactId(data.reminderId),
          ...(data.start === undefined ? [] : [minutes36(data.start)]),
        ];
    }
  })();
  const encoded = [CALLBACK_VERSION, ...parts].join(':');
  if (Buffer.byteLength(encoded) > 64) throw new Error(`callback data too long: ${data.kind}`);
  return encoded;
};

const malformed: Decoded = { ok: false, reason: 'malformed' };
const good = (data: CallbackData): Decoded => ({ ok: true, data });

export const decode = (raw: string | undefined): Decoded => {
  if (!raw) return malformed;
  const [version, code, a, b, c] = raw.split(':');
  // Buttons of the first, unversioned bot drafts and of any other version are outdated, not errors.
  if (version !== CALLBACK_VERSION) return { ok: false, reason: 'outdated' };
  const wizardOk = a !== undefined && WIZARD.test(a);
  switch (code) {
    case 'c':
      return a === 'y' || a === 'n' ? good({ kind: 'consent', agree: a === 'y' }) : malformed;
    case 'b':
      return wizardOk && b && UUID.test(b) ? good({ kind: 'branch', wizard: a, branchId: b }) : malformed;
    case 's':
      return wizardOk && b && UUID.test(b) ? good({ kind: 'service', wizard: a, serviceId: b }) : malformed;
    case 'd':
      return wizardOk && b && /^\d{8}$/.test(b) && (c === '0' || c === '1')
        ? good({ kind: 'date', wizard: a, date: `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`, free: c === '1' })
        : malformed;
    case 't': {
      const value = fromMinutes36(b);
      return wizardOk && Number.isFinite(value) ? good({ kind: 'time', wizard: a, start: value }) : malformed;
    }
    case 'a':
      return wizardOk && (b === 's' || b === 'n') ? good({ kind: 'car', wizard: a, saved: b === 's' }) : malformed;
    case 'k':
      return wizardOk ? good({ kind: 'skip', wizard: a }) : malformed;
    case 'ad':
      return wizardOk && (b === 'p' || b === 'c')
        ? good({ kind: 'add', wizard: a, field: b === 'p' ? 'plate' : 'comment' })
        : malformed;
    case 'ok':
      return wizardOk ? good({ kind: 'confirm', wizard: a }) : malformed;
    case 'bk':
      return wizardOk ? good({ kind: 'back', wizard: a }) : malformed;
    case 'x':
      return wizardOk ? good({ kind: 'cancel', wizard: a }) : malformed;
    case 'r': {
      // Own keys only: `constructor` or `toString` must not read as an action.
      const action =
        a !== undefined && Object.hasOwn(bookingActions, a) ? bookingActions[a as keyof typeof bookingActions] : undefined;
      return action && b && UUID.test(b) ? good({ kind: 'booking', action, bookingId: b }) : malformed;
    }
    case 'l':
      return a === 'ru' || a === 'en' ? good({ kind: 'language', lang: a }) : malformed;
    case 'p': {
      const action = a === undefined ? undefined : privacyActions.get(a);
      return action ? good({ kind: 'privacy', action }) : malformed;
    }
    case 'v': {
      const workOrderId = uuidOf(b);
      const requestId = uuidOf(c);
      return (a === 'y' || a === 'n') && workOrderId && requestId
        ? good({ kind: 'approval', workOrderId, requestId, approve: a === 'y' })
        : malformed;
    }
    case 'mt': {
      const action = a === undefined ? undefined : maintenanceActions.get(a);
      const reminderId = uuidOf(b);
      if (!action || !reminderId) return malformed;
      if (action !== 'book') return c === undefined ? good({ kind: 'maintenance', action, reminderId }) : malformed;
      const start = fromMinutes36(c);
      return Number.isFinite(start) ? good({ kind: 'maintenance', action, reminderId, start }) : malformed;
    }
    default:
      return malformed;
  }
};

/** A short random id for one run of the booking wizard. */
export const newWizardId = (): string => randomBytes(4).toString('hex');
