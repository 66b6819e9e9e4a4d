import { passwordLength, roles } from './users.ts';
import { idParams, list, nullableText, obj, text, uuid, uuids, type Shape } from './shared.ts';

const role = { type: 'string', enum: roles } as const;
const inviteState = { type: 'string', enum: ['pending', 'accepted', 'expired', 'revoked'] } as const;
/** The code as the link carries it (24 URL-safe characters); anything else is answered INVITE_UNKNOWN. */
const code = { type: 'string', minLength: 1, maxLength: 100 } as const;

// ---- /api/staff/invites (owner)
export const createInviteBody = obj(
  {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    role,
    branchIds: { type: 'array', maxItems: 100, items: uuid },
  },
  ['name', 'role'],
);
export const invite = obj({
  id: uuid,
  name: text,
  role,
  branchIds: uuids,
  state: inviteState,
  createdAt: text,
  expiresAt: text,
  acceptedAt: nullableText,
});
export type Invite = Shape<typeof invite>;
export const invites = list(invite);
/** A new invitation with its code: the only time the code is shown (only its hash is kept). */
export const createdInvite = obj({ ...invite.properties, code: text });
export type CreatedInvite = Shape<typeof createdInvite>;
export const inviteParams = idParams;

// ---- POST /api/invites/preview, /api/invites/accept (public: the code is the credential)
export const inviteCodeBody = obj({ code });
export const invitePreview = obj({ name: text, role, organization: text, expiresAt: text, timeZone: text });
export type InvitePreview = Shape<typeof invitePreview>;
export const acceptInviteBody = obj({
  code,
  email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 200 },
  password: { type: 'string', minLength: 1, maxLength: passwordLength.max },
});
export const acceptedInvite = obj({ email: text, role });
