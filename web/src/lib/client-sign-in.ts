const TOKEN_KEY = 'zero_client_token';

/**
 * The booking page's sign-in kept across visits in the browser's storage where the browser allows
 * it. Embedded on a station's site, a browser that blocks third-party storage throws on every use:
 * the sign-in then lives as long as the page, and booking goes on.
 */
export const savedSignIn = (): string => {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
};

export const keepSignIn = (token: string | null) => {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (see above): the page holds the sign-in in memory only.
  }
};

/** A fresh Idempotency-Key for one booking the client asks for (random even where the page is not a secure context). */
export const newAttemptKey = () =>
  [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * The page's address parameters; a second «?» (an owner who added «?utm_source=…» to a link that
 * already had «?branch=…») is read as «&».
 */
export const pageQuery = (search: string) => new URLSearchParams(search.replace(/^\?/, '').replace(/\?/g, '&'));
