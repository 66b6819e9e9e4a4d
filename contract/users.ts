import { boolean, text, uuid, uuids, type Shape } from './shared.ts';

export const roles = ['owner', 'manager', 'mechanic', 'compliance'] as const;
export type Role = (typeof roles)[number];
/** core/staff/password-policy.ts: the policy's own bounds, checked again there with the e-mail. */
export const passwordLength = { min: 12, max: 200 } as const;

const role = { type: 'string', enum: roles } as const;

// ---- POST /api/auth/login, /api/auth/logout, GET /api/auth/me
export const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 200 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
export const loggedIn = {
  type: 'object',
  required: ['token', 'role'],
  additionalProperties: false,
  properties: { token: text, role },
} as const;
export type LoggedIn = Shape<typeof loggedIn>;
export const loggedOut = { type: 'object', required: ['ok'], additionalProperties: false, properties: { ok: boolean } } as const;
export const me = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'orgId', 'branchIds'],
  additionalProperties: false,
  properties: { id: uuid, email: text, name: text, role, orgId: uuid, branchIds: { type: ['array', 'null'], items: uuid } },
} as const;
export type Me = Shape<typeof me>;

// ---- /api/users
export const user = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'branchIds', 'active'],
  additionalProperties: false,
  properties: { id: uuid, email: text, name: text, role, branchIds: uuids, active: boolean },
} as const;
export type User = Shape<typeof user>;
export const users = { type: 'array', items: user } as const;
/** A user just created: active, so the answer does not repeat it. */
export const createdUser = {
  type: 'object',
  required: ['id', 'email', 'name', 'role', 'branchIds'],
  additionalProperties: false,
  properties: user.properties,
} as const;

export const createUserBody = {
  type: 'object',
  required: ['email', 'name', 'password', 'role'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 200 },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string', minLength: passwordLength.min, maxLength: passwordLength.max },
    role,
    branchIds: { type: 'array', maxItems: 100, items: uuid },
  },
} as const;
export const patchUserBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    role,
    branchIds: { type: 'array', maxItems: 100, uniqueItems: true, items: uuid },
    active: { type: 'boolean' },
  },
} as const;
export const userParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

// ---- POST /api/telegram/link-code: the one-time code a manager sends the bot as /link CODE.
export const linkCode = {
  type: 'object',
  required: ['code', 'expiresAt', 'command'],
  additionalProperties: false,
  properties: { code: text, expiresAt: text, command: text },
} as const;
export type LinkCode = Shape<typeof linkCode>;

// ---- GET /api/mechanics: a branch's mechanics by name (the card dialog's picker, every card's mechanic)
export const mechanicsQuery = {
  type: 'object',
  required: ['branchId'],
  additionalProperties: false,
  properties: { branchId: uuid },
} as const;
export const mechanic = {
  type: 'object',
  required: ['id', 'name', 'active'],
  additionalProperties: false,
  properties: { id: uuid, name: text, active: boolean },
} as const;
export type Mechanic = Shape<typeof mechanic>;
export const mechanics = { type: 'array', items: mechanic } as const;
