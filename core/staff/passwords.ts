import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { createTurns } from '../shared/turns.ts';

/** scrypt's cost: N = 2^ln, block size r, parallelism p. */
export type PasswordCost = { ln: number; r: number; p: number };

/**
 * OWASP's password storage cheat sheet (2024): scrypt with N=2^17, r=8, p=1. That needs 128·N·r =
 * 128 MiB of memory per hash, over Node's 32 MiB default `maxmem`, so the limit is raised to fit.
 */
export const PRODUCTION_PASSWORD_COST: PasswordCost = { ln: 17, r: 8, p: 1 };

/** Below this a stored hash is not believed: nothing this code ever wrote is cheaper. */
const MIN_LN = 10;
const KEY_LENGTH = 32;

const optionsOf = (cost: PasswordCost): ScryptOptions => ({
  N: 2 ** cost.ln,
  r: cost.r,
  p: cost.p,
  maxmem: 128 * 2 ** cost.ln * cost.r * cost.p + 1024 * 1024,
});

/** Hashes run at once in this process; more wait their turn, so a burst of sign-ins cannot take 128 MiB each. */
const inTurn = createTurns(2);

const derive = (password: string, salt: Buffer, cost: PasswordCost) =>
  inTurn(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password, salt, KEY_LENGTH, optionsOf(cost), (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );

/** A PHC-style string: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64); the cost travels with the hash. */
const format = (cost: PasswordCost, salt: Buffer, hash: Buffer) =>
  `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;

type Stored = { cost: PasswordCost; salt: Buffer; hash: Buffer };

const parse = (stored: string, ceiling: PasswordCost): Stored | null => {
  // Hashes written before the PHC form: `scrypt$<salt>$<hash>` at N=2^14, r=8, p=1.
  const legacy = /^scrypt\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (legacy) {
    return { cost: { ln: 14, r: 8, p: 1 }, salt: Buffer.from(legacy[1]!, 'base64'), hash: Buffer.from(legacy[2]!, 'base64') };
  }
  const phc = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!phc) return null;
  const cost = { ln: Number(phc[1]), r: Number(phc[2]), p: Number(phc[3]) };
  // A stored hash never asks for more than the dearest cost this process knows: a tampered row must not exhaust memory.
  if (cost.ln < MIN_LN || cost.ln > ceiling.ln || cost.r > ceiling.r || cost.p > ceiling.p) return null;
  return { cost, salt: Buffer.from(phc[4]!, 'base64'), hash: Buffer.from(phc[5]!, 'base64') };
};

export type Passwords = {
  /** The cost new hashes are made at. */
  cost: PasswordCost;
  hash: (password: string) => Promise<string>;
  /** Checks a password against a hash of any cost up to production's, and the hashes of before the PHC form. */
  verify: (password: string, stored: string) => Promise<boolean>;
  /** Whether a stored hash was made at a lower cost than the configured one (then it is rehashed at the next sign-in). */
  needsRehash: (stored: string) => boolean;
  /** A hash of nothing at the configured cost, checked when the e-mail is unknown so both failures take the same time. */
  dummyHash: string;
};

/**
 * Password hashing at one cost, built once by the composition root. Production runs at
 * PRODUCTION_PASSWORD_COST; only tests build it cheaper, since verification reads the cost from each hash.
 */
export const createPasswords = (cost: PasswordCost = PRODUCTION_PASSWORD_COST): Passwords => {
  if (cost.ln < MIN_LN) throw new Error(`scrypt cost ln=${cost.ln} is below ${MIN_LN}`);
  const ceiling = {
    ln: Math.max(cost.ln, PRODUCTION_PASSWORD_COST.ln),
    r: Math.max(cost.r, PRODUCTION_PASSWORD_COST.r),
    p: Math.max(cost.p, PRODUCTION_PASSWORD_COST.p),
  };
  return {
    cost,
    hash: async (password) => {
      const salt = randomBytes(16);
      return format(cost, salt, await derive(password, salt, cost));
    },
    verify: async (password, stored) => {
      const parsed = parse(stored, ceiling);
      if (!parsed) return false;
      const actual = await derive(password, parsed.salt, parsed.cost);
      return actual.length === parsed.hash.length && timingSafeEqual(actual, parsed.hash);
    },
    needsRehash: (stored) => {
      const parsed = parse(stored, ceiling);
      return parsed !== null && (parsed.cost.ln < cost.ln || parsed.cost.r < cost.r || parsed.cost.p < cost.p);
    },
    dummyHash: format(cost, Buffer.alloc(16), Buffer.alloc(KEY_LENGTH)),
  };
};
