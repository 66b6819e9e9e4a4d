import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * OWASP's password storage cheat sheet (2024): scrypt with N=2^17, r=8, p=1. That needs 128·N·r =
 * 128 MiB of memory per hash, over Node's 32 MiB default `maxmem`, so the limit is raised to fit.
 */
const CURRENT = { ln: 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

const costOf = (params: { ln: number; r: number; p: number }): ScryptOptions => ({
  N: 2 ** params.ln,
  r: params.r,
  p: params.p,
  maxmem: 128 * 2 ** params.ln * params.r * params.p + 1024 * 1024,
});

/** Hashes run at once; more wait their turn, so a burst of sign-ins cannot take 128 MiB each. */
const PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];

const derive = async (password: string, salt: Buffer, params: { ln: number; r: number; p: number }) => {
  if (running >= PARALLEL) await new Promise<void>((turn) => waiting.push(turn));
  running++;
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(password, salt, KEY_LENGTH, costOf(params), (error, key) => (error ? reject(error) : resolve(key))),
    );
  } finally {
    running--;
    waiting.shift()?.();
  }
};

/** A PHC-style string: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64). */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const { ln, r, p } = CURRENT;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64')}$${(await derive(password, salt, CURRENT)).toString('base64')}`;
};

type Stored = { params: { ln: number; r: number; p: number }; salt: Buffer; hash: Buffer };

const parse = (stored: string): Stored | null => {
  // Hashes written before the PHC form: `scrypt$<salt>$<hash>` at N=2^14, r=8, p=1.
  const legacy = /^scrypt\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (legacy) {
    return { params: { ln: 14, r: 8, p: 1 }, salt: Buffer.from(legacy[1]!, 'base64'), hash: Buffer.from(legacy[2]!, 'base64') };
  }
  const phc = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!phc) return null;
  const params = { ln: Number(phc[1]), r: Number(phc[2]), p: Number(phc[3]) };
  // A stored hash never asks for more than today's cost: a tampered row must not exhaust memory.
  if (params.ln < 10 || params.ln > CURRENT.ln || params.r > CURRENT.r || params.p > CURRENT.p) return null;
  return { params, salt: Buffer.from(phc[4]!, 'base64'), hash: Buffer.from(phc[5]!, 'base64') };
};

/** Whether a stored hash was made at a lower cost than today's (then it is rehashed at the next sign-in). */
export const needsRehash = (stored: string): boolean => {
  const parsed = parse(stored);
  return parsed !== null && (parsed.params.ln < CURRENT.ln || parsed.params.r < CURRENT.r || parsed.params.p < CURRENT.p);
};

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.params);
  return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
};
