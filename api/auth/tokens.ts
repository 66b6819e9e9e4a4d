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

const ISSUER = 'zero-crm';
export const SESSION_HOURS = 12;

export const createTokens = (secret: Uint8Array) => ({
  issue: (session: Session): Promise<string> =>
    new SignJWT({ org: session.orgId, role: session.role, branches: session.branchIds })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${SESSION_HOURS}h`)
      .sign(secret),

  /** The session a token carries, or null when it is missing, expired, forged or malformed. */
  verify: async (token: string): Promise<Session | null> => {
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (!payload.sub || typeof payload.org !== 'string' || !roles.includes(role)) return null;
      const branches = payload.branches;
      return {
        userId: payload.sub,
        orgId: payload.org,
        role,
        branchIds: Array.isArray(branches) ? branches.map(String) : null,
      };
    } catch {
      return null;
    }
  },
});

export type Tokens = ReturnType<typeof createTokens>;
