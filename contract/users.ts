import { boolean, idParams, list, obj, patchOf, text, uuid, uuids, type Shape } from './shared.ts';

export const roles = ['owner', 'manager', 'mechanic', 'compliance'] as const;
export type Role = (typeof roles)[number];
/** core/staff/password-policy.ts: the policy's own bounds, checked again there with the e-mail. */
export const passwordLength = { min: 12, max: 200 } as const;

const role = { type: 'string', enum: roles } as const;

/**
 * Why a staff password is refused (code WEAK_PASSWORD, `reason` in the answer): shorter than 12,
 * longer than 200, too few distinct characters, a commonly used one, containing the e-mail's name,
 * or the same as the one it replaces.
 */
export const passwordWeaknesses = ['too-short', 'too-long', 'too-simple', 'common', 'email-name', 'unchanged'] as const;
export type PasswordWeakness = (typeof passwordWeaknesses)[number];

// ---- POST /api/auth/login, /api/auth/logout, GET /api/auth/me
export const loginBody = obj({
  email: { type: 'string', minLength: 3, maxLength: 200 },
  password: { type: 'string', minLength: 1, maxLength: 200 },
});
export const loggedIn = obj({ token: text, role });
export type LoggedIn = Shape<typeof loggedIn>;
export const loggedOut = obj({ ok: boolean });
export const me = obj({
  id: uuid,
  email: text,
  name: text,
  role,
  orgId: uuid,
  branchIds: { type: ['array', 'null'], items: uuid },
});
export type Me = Shape<typeof me>;

// ---- POST /api/auth/password: a signed-in person changes their own password (every other session ends)
export const changePasswordBody = obj({
  currentPassword: { type: 'string', minLength: 1, maxLength: passwordLength.max },
  newPassword: { type: 'string', minLength: 1, maxLength: passwordLength.max },
});

// ---- /api/users
export const user = obj({ id: uuid, email: text, name: text, role, branchIds: uuids, active: boolean });
export type User = Shape<typeof user>;
export const users = list(user);
/** A user just created: active, so the answer does not repeat it. */
export const createdUser = obj(user.properties, ['id', 'email', 'name', 'role', 'branchIds']);

export const createUserBody = obj(
  {
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 200 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string', minLength: 1, maxLength: passwordLength.max },
    role,
    branchIds: { type: 'array', maxItems: 100, items: uuid },
  },
  ['email', 'name', 'password', 'role'],
);
export const patchUserBody = patchOf({
  name: { type: 'string', minLength: 1, maxLength: 200 },
  role,
  branchIds: { type: 'array', maxItems: 100, uniqueItems: true, items: uuid },
  active: boolean,
});
export const userParams = idParams;

// ---- POST /api/users/:id/password: the owner sets a forgotten password anew (the user's sessions end)
export const setPasswordBody = obj({ password: { type: 'string', minLength: 1, maxLength: passwordLength.max } });

// ---- POST /api/telegram/link-code: the one-time code a manager sends the bot as /link CODE.
export const linkCode = obj({ code: text, expiresAt: text, command: text });
export type LinkCode = Shape<typeof linkCode>;

// ---- GET /api/mechanics: a branch's mechanics by name (the card dialog's picker, every card's mechanic)
export const mechanicsQuery = obj({ branchId: uuid });
export const mechanic = obj({ id: uuid, name: text, active: boolean });
export type Mechanic = Shape<typeof mechanic>;
export const mechanics = list(mechanic);

// ---- GET /api/managers: who can answer for a client (owners and managers), by name, as mechanics are listed
export const managers = list(mechanic);
