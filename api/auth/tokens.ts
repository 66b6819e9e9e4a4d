import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

export type Role = 'owner' | 'manager' | 'mechanic' | 'compliance';
export const roles: readonly Role[] = ['owner', 'manager', 'mechanic', 'compliance'];

export type Session = {
  userId: string;
  orgId: string;
  role: Role;
  /** null: every branch of the organization. */
  branchIds: string[] | null;
};

/** A session as a verified token carries it: which sign-in it is, and until when. */
export type SignedSession = Session & {
  /** The token's own id (jti): a sign-out revokes this one sign-in. */
  sessionId: string;
  /** The user's session epoch at sign-in: the owner ending a user's sessions moves it on. */
  epoch: number;
  /** Seconds since the epoch (exp). */
  expiresAt: number;
};

const ISSUER = 'zero-crm';
export const SESSION_HOURS = 12;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Signs and checks session tokens (HS256); whether a session still holds is decided in live-sessions.ts. */
export const createTokens = (secret: Uint8Array) => ({
  issue: (session: Session, epoch: number): Promise<string> =>
    new SignJWT({ org: session.orgId, role: session.role, branches: session.branchIds, sv: epoch })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.userId)
      .setIssuer(ISSUER)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${SESSION_HOURS}h`)
      .sign(secret),

  /** The session a token carries, or null when it is missing, expired, forged or malformed. */
  verify: async (token: string): Promise<SignedSession | null> => {
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!payload.sub || typeof payload.org !== 'string' || !roles.includes(role)) return null;
      // Every token must be revocable on its own: one without an id cannot be signed out.
      if (typeof payload.jti !== 'string' || !UUID.test(payload.jti)) return null;
      if (!Number.isSafeInteger(payload.sv) || typeof payload.exp !== 'number') return null;
      const branches = payload.branches;
      return {
        userId: payload.sub,
        orgId: payload.org,
        role,
        branchIds: Array.isArray(branches) ? branches.map(String) : null,
        sessionId: payload.jti,
        epoch: payload.sv as number,
        expiresAt: payload.exp,
      };
    } catch {
      return null;
    }
  },
});

export type TokenSigner = ReturnType<typeof createTokens>;
