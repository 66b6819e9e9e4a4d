import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** How long a browser stays signed in as the client after confirming the phone once. */
export const CLIENT_TOKEN_DAYS = 90;
const AUDIENCE = 'zero-crm:web-client';

export type WebClient = { orgId: string; clientId: string };

/** A signed-in client and the phone they confirmed (its keyed hash, as the client's stream keeps it). */
export type SignedClient = WebClient & { phoneHash: string };

/**
 * The web page's proof that this browser confirmed the client's phone: a signed token naming the
 * client (ids and the keyed hash of the phone confirmed, so a number the staff change ends it), kept
 * by the page and sent with each request. It is not a staff session (another audience, another key),
 * and it opens only the client's own bookings.
 */
export const createClientTokens = (key: Uint8Array, now: () => number) => ({
  issue: (client: SignedClient): Promise<string> =>
    new SignJWT({ org: client.orgId, ph: client.phoneHash })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(client.clientId)
      // Its own id: two sign-ins in the same second are two tokens, and signing one out leaves the other.
      .setJti(randomUUID())
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now() / 1000))
      .setExpirationTime(Math.floor(now() / 1000) + CLIENT_TOKEN_DAYS * 86_400)
      .sign(key),

  /** The client a token names and when the token runs out, or null for a forged, expired or foreign one. */
  verify: async (token: string): Promise<(SignedClient & { expiresAt: number }) | null> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: new Date(now()),
      });
      const { sub, org, ph, exp } = payload;
      return typeof sub === 'string' && typeof org === 'string' && typeof ph === 'string' && typeof exp === 'number'
        ? { orgId: org, clientId: sub, phoneHash: ph, expiresAt: exp * 1000 }
        : null;
    } catch {
      return null;
    }
  },
});

export type ClientTokens = ReturnType<typeof createClientTokens>;
