import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** How long a browser stays signed in as the client after confirming the phone once. */
export const CLIENT_TOKEN_DAYS = 90;
const AUDIENCE = 'zero-crm:web-client';

export type WebClient = { orgId: string; clientId: string };

/**
 * The web page's proof that this browser confirmed the client's phone: a signed token naming the
 * client (ids only), kept by the page and sent with each request. It is not a staff session (another
 * audience, another key), and it opens only the client's own bookings.
 */
export const createClientTokens = (key: Uint8Array, now: () => number) => ({
  issue: (client: WebClient): Promise<string> =>
    new SignJWT({ org: client.orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(client.clientId)
      // Its own id: two sign-ins in the same second are two tokens, and signing one out leaves the other.
      .setJti(randomUUID())
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now() / 1000))
      .setExpirationTime(Math.floor(now() / 1000) + CLIENT_TOKEN_DAYS * 86_400)
      .sign(key),

  /** The client a token names and when the token runs out, or null for a forged, expired or foreign one. */
  verify: async (token: string): Promise<(WebClient & { expiresAt: number }) | null> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(now()),
      });
      return typeof payload.sub === 'string' && typeof payload.org === 'string' && typeof payload.exp === 'number'
        ? { orgId: payload.org, clientId: payload.sub, expiresAt: payload.exp * 1000 }
        : null;
    } catch {
      return null;
    }
  },
});

export type ClientTokens = ReturnType<typeof createClientTokens>;
